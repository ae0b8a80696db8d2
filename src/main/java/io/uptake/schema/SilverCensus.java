package io.uptake.schema;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructType;

/** {@code silver/census}: one row per (area, denominator), resolved to GSO codes. */
public final class SilverCensus {
  private SilverCensus() {}

  public static final String PROVINCE_CODE = "province_code";
  /** Null on a province-level row. */
  public static final String DISTRICT_CODE = "district_code";
  /** The count column's header, lower-cased: population, smartphones, ... */
  public static final String DENOMINATOR = "denominator";
  public static final String VALUE = "value";
  public static final String SOURCE_FILE = "source_file";
  public static final String LINE_NUMBER = "line_number";

  public static final StructType SCHEMA = new StructType()
      .add(PROVINCE_CODE, StringType, false)
      .add(DISTRICT_CODE, StringType, true)
      .add(DENOMINATOR, StringType, false)
      .add(VALUE, LongType, false)
      .add(SOURCE_FILE, StringType, false)
      .add(LINE_NUMBER, LongType, false);
}
