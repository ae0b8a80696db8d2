package io.uptake.transform;

import static org.apache.spark.sql.functions.regexp_replace;

import org.apache.spark.sql.Column;

/** Text helpers built from Spark functions. */
final class Text {
  private Text() {}

  // Spark's trim() removes only U+0020; feeds also carry tabs, CR, no-break spaces and stray BOMs.
  private static final String EDGE_SPACE = "^[\\s\\p{Z}\\x{FEFF}]+|[\\s\\p{Z}\\x{FEFF}]+$";

  /** The value without leading or trailing whitespace of any kind; null stays null. */
  static Column trimAll(Column value) {
    return regexp_replace(value, EDGE_SPACE, "");
  }
}
