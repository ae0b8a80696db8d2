package io.uptake.ingest;

import static org.apache.spark.sql.functions.col;

import io.uptake.config.OnBadFile;
import io.uptake.config.OnChangedFile;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.schema.IngestedFiles;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Decides which landing files a run ingests, from the ledger {@code meta/ingested_files}: a file
 * seen before with the same size and time is skipped without reading it; one whose name is known
 * but whose bytes changed is an error (or replaces its rows, by configuration); a new name whose
 * bytes equal an ingested file's is a duplicate delivery and is skipped. Every other file is read
 * once first ({@link FileInspector}): one that cannot be read is rejected whole (recorded with its
 * reason, the night goes on without it) or, by configuration, stops the run before any write. A
 * rejected file delivered again with other bytes is taken as new.
 */
public final class IngestLedger {
  private IngestLedger() {}

  /**
   * The run's decision, made before anything is written. {@code rejected}: files found unreadable
   * tonight; {@code stillRejected}: rejected before and unchanged since, not read again; {@code rowsRead}:
   * the rows counted in each file to ingest, for the run's accounting.
   */
  public record Plan(List<LandingFile> toIngest, Map<String, String> checksums, int alreadyIngested,
      List<LandingFile> duplicates, List<String> replaced, List<Rejected> rejected, int stillRejected,
      java.util.Set<String> empty, Map<String, Long> rowsRead) {

    public List<String> paths() {
      return LandingFiles.paths(toIngest);
    }
  }

  /**
   * A file that cannot be read, and why. {@code recorded}: it gets a ledger entry; not when an
   * earlier version of the name is in bronze, whose entry stays (its rows stay until a readable
   * version replaces them, and the unreadable one is looked at again next night).
   */
  public record Rejected(LandingFile file, FileInspector.Report report, boolean recorded) {
    /** "line N: REASON (detail)": never content of the file, which may hold phone numbers. */
    public String message() {
      return (report.line() > 0 ? "line " + report.line() + ": " : "") + reason();
    }

    String reason() {
      return report.rejected().description() + (report.detail() == null ? "" : " (" + report.detail() + ")");
    }
  }

  private record Known(long size, long modificationTime, String checksum, String runId, String outcome) {
    boolean rejected() {
      return IngestedFiles.REJECTED.equals(outcome);
    }

    /** Rejected and empty files put no row in bronze. */
    boolean rowsInBronze() {
      return !rejected() && !IngestedFiles.EMPTY.equals(outcome);
    }
  }

  public static Plan plan(SparkSession spark, Warehouse warehouse, List<LandingFile> files, OnChangedFile onChanged,
      OnBadFile onBad) {
    Map<String, Known> ledger = read(spark, warehouse);
    Set<String> knownChecksums = new HashSet<>();
    // Only what reached bronze (or was skipped as its duplicate) makes a later copy a duplicate.
    ledger.values().stream().filter(Known::rowsInBronze).forEach(k -> knownChecksums.add(k.checksum()));

    List<LandingFile> candidates = new ArrayList<>();
    int alreadyIngested = 0;
    int stillRejected = 0;
    for (LandingFile f : files) {
      Known k = ledger.get(f.path());
      if (k != null && k.size() == f.size() && k.modificationTime() == f.modificationTime()) {
        if (k.rejected()) {
          stillRejected++;
        } else {
          alreadyIngested++;
        }
      } else {
        candidates.add(f);
      }
    }
    Map<String, FileInspector.Report> reports = FileInspector.inspect(spark, LandingFiles.paths(candidates));
    Map<String, String> checksums = new java.util.LinkedHashMap<>();
    reports.forEach((path, r) -> checksums.put(path, r.checksum()));

    List<LandingFile> toIngest = new ArrayList<>();
    List<LandingFile> duplicates = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    Set<String> batchChecksums = new HashSet<>();
    for (LandingFile f : candidates) {
      FileInspector.Report report = reports.get(f.path());
      String checksum = report.checksum();
      Known k = ledger.get(f.path());
      if (k != null && !k.rowsInBronze()) {
        k = null; // none of its rows is in bronze: a new version is simply a new file
      }
      if (k != null && k.checksum().equals(checksum)) {
        alreadyIngested++; // touched, not changed
        continue;
      }
      if (k != null && onChanged == OnChangedFile.ERROR) {
        throw Errors.badInput("ingest " + Errors.display(f.path()), "a file of this name was ingested by run "
            + k.runId() + " and its content has changed since; deliver corrections under a new name, or set "
            + "ingest.on_changed_file: replace to take the new version");
      }
      if (!report.readable()) {
        // Under "replace", an unreadable new version leaves the old one's rows in bronze.
        rejected.add(new Rejected(f, report, k == null));
        continue;
      }
      if (k != null) {
        replaced.add(f.path());
      } else if (!report.empty() && (knownChecksums.contains(checksum) || !batchChecksums.add(checksum))) {
        duplicates.add(f);
        continue;
      }
      toIngest.add(f);
    }
    if (onBad == OnBadFile.STOP && !rejected.isEmpty()) {
      Rejected first = rejected.get(0);
      throw Errors.installFile(first.file().path(), first.report().line(), first.reason()
          + (rejected.size() > 1 ? "; " + (rejected.size() - 1) + " more file(s) cannot be read either" : "")
          + "; fix or remove the file and rerun", null);
    }
    java.util.Set<String> empty = new HashSet<>();
    toIngest.stream().filter(f -> reports.get(f.path()).empty()).forEach(f -> empty.add(f.path()));
    Map<String, Long> rowsRead = new java.util.LinkedHashMap<>();
    toIngest.forEach(f -> rowsRead.put(f.path(), reports.get(f.path()).rows()));
    return new Plan(toIngest, checksums, alreadyIngested, duplicates, replaced, rejected, stillRejected, empty, rowsRead);
  }

  /**
   * Records the ingested files and the skipped duplicates (so they are not read again next night);
   * a MERGE on path, so a replaced file's entry is updated, not doubled.
   */
  public static void record(SparkSession spark, Warehouse warehouse, Plan plan, String runId, Instant at) {
    List<Row> rows = new ArrayList<>();
    for (LandingFile f : plan.toIngest()) {
      rows.add(entry(f, plan, runId, at, plan.empty().contains(f.path()) ? IngestedFiles.EMPTY : IngestedFiles.INGESTED, null));
    }
    for (LandingFile f : plan.duplicates()) {
      rows.add(entry(f, plan, runId, at, IngestedFiles.DUPLICATE, null));
    }
    merge(spark, warehouse, rows);
  }

  /**
   * Records tonight's rejected files, after the run's log row: a run that dies before this reports
   * them again when rerun, instead of counting them as rejected before and saying nothing.
   */
  public static void recordRejected(SparkSession spark, Warehouse warehouse, Plan plan, String runId, Instant at) {
    List<Row> rows = new ArrayList<>();
    for (Rejected r : plan.rejected()) {
      if (r.recorded()) {
        rows.add(entry(r.file(), plan, runId, at, IngestedFiles.REJECTED, r.message()));
      }
    }
    merge(spark, warehouse, rows);
  }

  private static void merge(SparkSession spark, Warehouse warehouse, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    var entries = spark.createDataFrame(rows, IngestedFiles.SCHEMA);
    if (!warehouse.exists(spark, Table.INGESTED_FILES)) {
      warehouse.overwrite(entries, Table.INGESTED_FILES);
      return;
    }
    // Schema evolution: a ledger written before outcome and reason existed gains them here.
    warehouse.merge(spark, Table.INGESTED_FILES, entries,
        col("target." + IngestedFiles.PATH).equalTo(col("source." + IngestedFiles.PATH)), null,
        merge -> merge.whenMatched().updateAll().whenNotMatched().insertAll().withSchemaEvolution());
  }

  private static Row entry(LandingFile f, Plan plan, String runId, Instant at, String outcome, String reason) {
    return RowFactory.create(f.path(), f.size(), new Timestamp(f.modificationTime()), plan.checksums().get(f.path()),
        runId, Timestamp.from(at), outcome, reason);
  }

  // One row per file ever ingested: thousands a year, small enough for the driver.
  private static Map<String, Known> read(SparkSession spark, Warehouse warehouse) {
    Map<String, Known> ledger = new HashMap<>();
    if (!warehouse.exists(spark, Table.INGESTED_FILES)) {
      return ledger;
    }
    for (Row r : warehouse.read(spark, Table.INGESTED_FILES).collectAsList()) {
      ledger.put(r.getAs(IngestedFiles.PATH), new Known(r.<Long>getAs(IngestedFiles.SIZE),
          r.<Timestamp>getAs(IngestedFiles.MODIFICATION_TIME).getTime(), r.getAs(IngestedFiles.CHECKSUM),
          r.getAs(IngestedFiles.RUN_ID),
          r.schema().getFieldIndex(IngestedFiles.OUTCOME).isDefined() ? r.getAs(IngestedFiles.OUTCOME) : null));
    }
    return ledger;
  }
}
