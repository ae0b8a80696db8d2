package io.uptake.pipeline;

import static org.apache.spark.sql.types.DataTypes.*;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * {@code meta/runs}: one row per completed run, what it read, kept, rejected and wrote: counts, the
 * path, line and reason of each file rejected (never a line's text: no phone number), and each
 * ingested file's row accounting.
 */
public final class RunLog {
  private RunLog() {}

  static final StructType SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("started_at", TimestampType, false)
      .add("finished_at", TimestampType, false)
      .add("cutoffs", createArrayType(TimestampType, false), false)
      .add("files_ingested", LongType, false)
      .add("files_already_ingested", LongType, false)
      .add("files_duplicate", LongType, false)
      .add("files_replaced", LongType, false)
      .add("rows_ingested", LongType, false)
      .add("rows_accepted", LongType, false)
      .add("rows_quarantined", LongType, false)
      .add("quarantined_by_reason", createMapType(StringType, LongType, false), false)
      .add("phones", LongType, false)
      .add("phones_unknown_province", LongType, false)
      .add("phones_added", LongType, false)
      .add("phones_reattributed", LongType, false)
      .add("phones_no_longer_counted", LongType, false)
      .add("table_versions", createMapType(StringType, LongType, false), false)
      // Added later: nullable, so the runs logged before them read as null.
      .add("files_rejected", createArrayType(StringType, false), true)
      .add("files_still_rejected", LongType, true)
      .add("files_empty", LongType, true)
      .add("rows_read", LongType, true)
      .add("files", createArrayType(new StructType()
          .add("path", StringType, false)
          .add("rows_read", LongType, false)
          .add("rows_in_bronze", LongType, false)
          .add("rows_with_phone", LongType, false)
          .add("rows_anonymous", LongType, false)
          .add("rows_quarantined", LongType, false), false), true)
      .add("expectations", createArrayType(new StructType()
          .add("name", StringType, false)
          .add("action", StringType, false)
          .add("outcome", StringType, false)
          .add("observed", DoubleType, true)
          .add("limit", DoubleType, true)
          .add("detail", StringType, false), false), true);

  /**
   * {@code meta/runs} with every column of today's layout, whichever version logged each run: a
   * run from before rows_read was recorded reads its rows ingested there.
   */
  public static Dataset<Row> read(SparkSession spark, Warehouse warehouse) {
    return warehouse.readWithColumnsOf(spark, Table.RUNS, SCHEMA).withColumn("rows_read",
        org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.col("rows_read"),
            org.apache.spark.sql.functions.col("rows_ingested")));
  }

  static void append(SparkSession spark, Warehouse warehouse, RunSummary s, Instant startedAt) {
    List<Timestamp> cutoffs = s.cutoffs().stream().map(Timestamp::from).toList();
    RunSummary.Files files = s.files();
    RunSummary.Rows rows = s.rows();
    RunSummary.Phones phones = s.phones();
    Row row = RowFactory.create(s.runId(), Timestamp.from(startedAt), Timestamp.from(Instant.now()),
        JavaConverters.asScalaBuffer(cutoffs).toList(),
        files.ingested(), files.alreadyIngested(), files.duplicate(), files.replaced(), rows.ingested(),
        rows.accepted(), rows.quarantined(), scalaMap(rows.quarantinedByReason()), phones.counted(), phones.unknownProvince(),
        phones.added(), phones.reattributed(), phones.noLongerCounted(),
        scalaMap(s.tableVersions()), JavaConverters.asScalaBuffer(files.rejected()).toList(), files.stillRejected(),
        files.empty(), files.rowsRead(), JavaConverters.asScalaBuffer(files.accounts().stream()
            .map(f -> RowFactory.create(f.file(), f.rowsRead(), f.rowsInBronze(), f.withPhone(), f.anonymous(), f.quarantined()))
            .toList()).toList(),
        JavaConverters.asScalaBuffer(s.expectations().stream()
            .map(e -> RowFactory.create(e.name(), e.action(), e.outcome(), e.observed(), e.limit(), e.detail()))
            .toList()).toList());
    warehouse.append(spark.createDataFrame(List.of(row), SCHEMA), Table.RUNS);
  }

  /** Rows read per night by earlier runs: a night is a cut-off date (of a run's latest cut-off, in {@code zone}). */
  static java.util.NavigableMap<java.time.LocalDate, Long> rowsReadByDate(SparkSession spark, Warehouse warehouse,
      java.time.ZoneId zone) {
    java.util.NavigableMap<java.time.LocalDate, Long> byDate = new java.util.TreeMap<>();
    if (!warehouse.exists(spark, Table.RUNS)) {
      return byDate;
    }
    // One row per run: a year of nights is a few hundred rows.
    for (Row r : read(spark, warehouse).select(org.apache.spark.sql.functions.element_at(
        org.apache.spark.sql.functions.col("cutoffs"), -1), org.apache.spark.sql.functions.col("rows_read")).collectAsList()) {
      if (!r.isNullAt(0)) {
        byDate.merge(r.getTimestamp(0).toInstant().atZone(zone).toLocalDate(), r.getLong(1), Long::sum);
      }
    }
    return byDate;
  }

  private static scala.collection.Map<String, Long> scalaMap(java.util.Map<String, Long> m) {
    return JavaConverters.mapAsScalaMap(m).toMap(scala.Predef.$conforms());
  }
}
