package io.uptake.delta;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.BronzeInstalls;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Bronze as earlier versions wrote it kept every field of a row in one map ({@code record}); this
 * one gives each known field a column and keeps the rest in {@code extra_fields}, so a pass that
 * needs the four fields reads four columns instead of decoding every row's map. A run that finds
 * the old layout rewrites bronze once, in one commit (table properties such as retention's
 * horizon are kept), before it ingests anything.
 */
public final class BronzeLayout {
  private BronzeLayout() {}

  /** Whether bronze exists in the layout with one map of every field. */
  public static boolean isLegacy(SparkSession spark, Warehouse warehouse) {
    return warehouse.exists(spark, Table.BRONZE_INSTALLS)
        && warehouse.columns(spark, Table.BRONZE_INSTALLS).contains(BronzeInstalls.LEGACY_RECORD);
  }

  /** Rewrites a bronze of the old layout in this one; a no-op otherwise. */
  public static void migrate(SparkSession spark, Warehouse warehouse, PrintStream progress) {
    if (!isLegacy(spark, warehouse)) {
      return;
    }
    progress.println("Rewriting bronze/installs once with a column per known field (it kept every field in one map).");
    warehouse.overwrite(typed(warehouse.read(spark, Table.BRONZE_INSTALLS)), Table.BRONZE_INSTALLS);
  }

  /** Old-layout rows in the current layout. */
  static Dataset<Row> typed(Dataset<Row> legacy) {
    Column record = col(BronzeInstalls.LEGACY_RECORD);
    Column others = map_filter(record, (k, v) -> not(k.isin(BronzeInstalls.KNOWN_FIELD_ORDER.toArray())));
    List<Column> columns = new ArrayList<>();
    for (String c : BronzeInstalls.PARSED.fieldNames()) {
      if (BronzeInstalls.KNOWN_FIELDS.contains(c)) {
        columns.add(record.getItem(c).as(c));
      } else if (c.equals(BronzeInstalls.EXTRA_FIELDS)) {
        columns.add(when(size(others).gt(0), others).as(c));
      } else {
        columns.add(col(c));
      }
    }
    columns.add(col(BronzeInstalls.INGEST_TIME));
    columns.add(col(BronzeInstalls.RUN_ID));
    return legacy.select(columns.toArray(Column[]::new));
  }
}
