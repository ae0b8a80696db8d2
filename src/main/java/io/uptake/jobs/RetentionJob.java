package io.uptake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.uptake.config.UptakeConfig;
import io.uptake.delta.RunLease;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.QuarantineInstalls;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Deletes raw phone numbers held longer than the retention period: bronze and quarantine rows
 * ingested before the horizon (one clock for both: how long Uptake has held them, whatever folder
 * they landed in); then VACUUMs both tables, so the deleted rows' files leave the disk once Delta's
 * time travel no longer needs them. Before deleting bronze rows it records the horizon on bronze
 * ({@value Table#RETAINED_SINCE}): silver can no longer be rebuilt from bronze, and runs that would try
 * stop instead of silently losing phones.
 */
public final class RetentionJob {
  private RetentionJob() {}

  /** What a retention pass deleted (or, dry, would delete), per table. */
  public record Result(LocalDate horizon, Map<String, Long> rowsDeleted, boolean dryRun) {
    public String render() {
      StringBuilder b = new StringBuilder(String.format("Retention%s: rows before %s%n", dryRun ? " (dry run, nothing deleted)" : "",
          horizon));
      rowsDeleted.forEach((t, n) -> b.append(String.format("  %-22s%,d rows %s%n", t, n, dryRun ? "would go" : "deleted")));
      return b.toString();
    }
  }

  /**
   * @param days keep rows of the last this many days (today in the configured zone included)
   * @param today the day the period ends (a parameter so tests can fix it)
   */
  public static Result run(SparkSession spark, UptakeConfig config, int days, LocalDate today, boolean dryRun,
      boolean breakLock, PrintStream progress) {
    if (days < 1) {
      throw Errors.usage("retain", "--days is " + days + "; keep at least one day");
    }
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    if (!warehouse.exists(spark, Table.BRONZE_INSTALLS)) {
      throw Errors.usage("retain", "no bronze table under " + Errors.display(warehouse.root()));
    }
    LocalDate horizon = today.minusDays(days - 1L);
    Instant horizonStart = horizon.atStartOfDay(config.timeZone()).toInstant();
    Column ts = lit(java.sql.Timestamp.from(horizonStart));
    Map<Table, Column> old = new LinkedHashMap<>();
    old.put(Table.BRONZE_INSTALLS, col(BronzeInstalls.INGEST_TIME).lt(ts));
    old.put(Table.QUARANTINE_INSTALLS, col(QuarantineInstalls.INGEST_TIME).lt(ts));

    try (RunLease lease = RunLease.acquire(spark, warehouse, UUID.randomUUID().toString(), "retain --days " + days,
        breakLock, progress)) {
      Map<String, Long> deleted = new LinkedHashMap<>();
      for (Map.Entry<Table, Column> e : old.entrySet()) {
        if (warehouse.exists(spark, e.getKey())) {
          deleted.put(e.getKey().relativePath(), warehouse.read(spark, e.getKey()).where(e.getValue()).count());
        }
      }
      if (dryRun) {
        return new Result(horizon, deleted, true);
      }
      if (deleted.getOrDefault(Table.BRONZE_INSTALLS.relativePath(), 0L) > 0) {
        // Recorded before the delete: a crash between the two must not leave bronze cut and unmarked.
        String before = warehouse.property(spark, Table.BRONZE_INSTALLS, Table.RETAINED_SINCE).orElse("");
        if (before.compareTo(horizon.toString()) < 0) {
          warehouse.setProperties(spark, Table.BRONZE_INSTALLS, Map.of(Table.RETAINED_SINCE, horizon.toString()));
        }
      }
      for (Map.Entry<Table, Column> e : old.entrySet()) {
        if (deleted.getOrDefault(e.getKey().relativePath(), 0L) == 0) {
          continue;
        }
        spark.sparkContext().setJobDescription("uptake: retain " + e.getKey().relativePath());
        // Purged: with deletion vectors a DELETE only marks rows, and VACUUM must remove their bytes.
        warehouse.delete(spark, e.getKey(), e.getValue(), true);
        vacuum(spark, warehouse, e.getKey(), config.retentionVacuumHours(), progress);
      }
      return new Result(horizon, deleted, dryRun);
    }
  }

  /** VACUUM keeping {@code hours} of history; below Delta's 7-day safety check only when configured so. */
  private static void vacuum(SparkSession spark, Warehouse warehouse, Table table, int hours, PrintStream progress) {
    spark.sparkContext().setJobDescription("uptake: vacuum " + table.relativePath());
    warehouse.vacuum(spark, table, hours);
    progress.println("Vacuumed " + table.relativePath() + " (history kept: " + hours + " hours)");
  }
}
