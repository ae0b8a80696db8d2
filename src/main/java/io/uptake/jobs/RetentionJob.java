package io.uptake.jobs;

import io.delta.tables.DeltaTable;
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
import org.apache.spark.sql.SparkSession;

/**
 * Deletes raw phone numbers held longer than the retention period: bronze and quarantine rows
 * ingested before the horizon (one clock for both: how long Uptake has held them, whatever folder
 * they landed in); then VACUUMs both tables, so the deleted rows' files leave the disk once Delta's
 * time travel no longer needs them. Before deleting bronze rows it records the horizon on bronze
 * ({@value #RETAINED_SINCE}): silver can no longer be rebuilt from bronze, and runs that would try
 * stop instead of silently losing phones.
 */
public final class RetentionJob {
  private RetentionJob() {}

  public static final String RETAINED_SINCE = "uptake.bronze_complete_since";

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
    String ts = "timestamp_micros(" + Math.multiplyExact(horizonStart.getEpochSecond(), 1_000_000L) + ")";
    Map<Table, String> old = new LinkedHashMap<>();
    old.put(Table.BRONZE_INSTALLS, BronzeInstalls.INGEST_TIME + " < " + ts);
    old.put(Table.QUARANTINE_INSTALLS, QuarantineInstalls.INGEST_TIME + " < " + ts);

    try (RunLease lease = RunLease.acquire(spark, warehouse, UUID.randomUUID().toString(), "retain --days " + days,
        breakLock, progress)) {
      Map<String, Long> deleted = new LinkedHashMap<>();
      for (Map.Entry<Table, String> e : old.entrySet()) {
        if (warehouse.exists(spark, e.getKey())) {
          deleted.put(e.getKey().relativePath(), warehouse.read(spark, e.getKey()).where(e.getValue()).count());
        }
      }
      if (dryRun) {
        return new Result(horizon, deleted, true);
      }
      if (deleted.getOrDefault(Table.BRONZE_INSTALLS.relativePath(), 0L) > 0) {
        // Recorded before the delete: a crash between the two must not leave bronze cut and unmarked.
        String before = warehouse.property(spark, Table.BRONZE_INSTALLS, RETAINED_SINCE).orElse("");
        if (before.compareTo(horizon.toString()) < 0) {
          warehouse.setProperties(spark, Table.BRONZE_INSTALLS, Map.of(RETAINED_SINCE, horizon.toString()));
        }
      }
      for (Map.Entry<Table, String> e : old.entrySet()) {
        if (deleted.getOrDefault(e.getKey().relativePath(), 0L) == 0) {
          continue;
        }
        spark.sparkContext().setJobDescription("uptake: retain " + e.getKey().relativePath());
        DeltaTable.forPath(spark, warehouse.path(e.getKey())).delete(e.getValue());
        // With deletion vectors a DELETE only marks rows: their files must be rewritten before VACUUM.
        if (warehouse.property(spark, e.getKey(), "delta.enableDeletionVectors").orElse("false").equals("true")) {
          spark.sql("REORG TABLE " + warehouse.sqlName(e.getKey()) + " APPLY (PURGE)");
        }
        vacuum(spark, warehouse, e.getKey(), config.retentionVacuumHours(), progress);
      }
      return new Result(horizon, deleted, dryRun);
    }
  }

  /** VACUUM keeping {@code hours} of history; below Delta's 7-day safety check only when configured so. */
  private static void vacuum(SparkSession spark, Warehouse warehouse, Table table, int hours, PrintStream progress) {
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    boolean below = hours < 168;
    if (below) {
      spark.conf().set(check, "false");
    }
    // VACUUM lists the table's directories in one task per directory batch, as many tasks as this
    // setting (default 10,000): minutes of empty tasks on a small cluster. A few per core suffice.
    String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    boolean ownListing = !spark.conf().contains(listing);
    if (ownListing) {
      spark.conf().set(listing, Integer.toString(Math.max(8, spark.sparkContext().defaultParallelism() * 4)));
    }
    try {
      spark.sparkContext().setJobDescription("uptake: vacuum " + table.relativePath());
      DeltaTable.forPath(spark, warehouse.path(table)).vacuum(hours);
      progress.println("Vacuumed " + table.relativePath() + " (history kept: " + hours + " hours)");
    } finally {
      if (below) {
        spark.conf().unset(check);
      }
      if (ownListing) {
        spark.conf().unset(listing);
      }
    }
  }
}
