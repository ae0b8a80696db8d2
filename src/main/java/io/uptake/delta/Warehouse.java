package io.uptake.delta;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta tables under one root. Every write is one Delta commit: it lands whole or not at all,
 * so a failed run leaves each table at its previous version.
 */
public final class Warehouse {
  private final String root;

  public Warehouse(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.relativePath();
  }

  public boolean exists(SparkSession spark, Table table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The table's latest Delta version. */
  public long version(SparkSession spark, Table table) {
    // The log's latest snapshot: no query, unlike history().
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table)).update(false, scala.Option.empty(), scala.Option.empty()).version();
  }

  public Dataset<Row> read(SparkSession spark, Table table) {
    return spark.read().format("delta").load(path(table));
  }

  /** Replaces the whole table (the table's history keeps the old versions for time travel). */
  public void overwrite(Dataset<Row> df, Table table) {
    df.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path(table));
  }

  /**
   * Replaces the rows whose {@code column} is one of {@code values} (creating the table if needed):
   * appending a file's rows this way is idempotent, so a rerun after a crash never doubles them.
   */
  public void replaceRowsOf(SparkSession spark, Dataset<Row> df, Table table, String column, java.util.List<String> values) {
    if (!exists(spark, table)) {
      overwrite(df, table);
      return;
    }
    String list = values.stream().map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(java.util.stream.Collectors.joining(", "));
    df.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", column + " IN (" + list + ")")
        .save(path(table));
  }

  /**
   * Replaces the rows of one snapshot ({@code column = instant}) and leaves the others: a rerun of
   * a cut-off never duplicates it. New denominator columns are added to the schema.
   */
  public void replaceSnapshot(Dataset<Row> df, Table table, String column, Instant instant) {
    long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    String predicate = column + " = timestamp_micros(" + micros + ")";
    df.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        .option("mergeSchema", "true")
        .save(path(table));
  }
}
