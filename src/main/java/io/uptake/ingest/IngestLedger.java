package io.uptake.ingest;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
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
 * bytes equal an ingested file's is a duplicate delivery and is skipped.
 */
public final class IngestLedger {
  private IngestLedger() {}

  /** What to do with a file whose name was ingested before but whose content changed. */
  public enum OnChangedFile { ERROR, REPLACE }

  /** The run's decision, made before anything is written. */
  public record Plan(List<LandingFile> toIngest, Map<String, String> checksums, int alreadyIngested,
      List<LandingFile> duplicates, List<String> replaced) {

    public List<String> paths() {
      return LandingFiles.paths(toIngest);
    }
  }

  private record Known(long size, long modificationTime, String checksum, String runId) {}

  public static Plan plan(SparkSession spark, Warehouse warehouse, List<LandingFile> files, OnChangedFile onChanged) {
    Map<String, Known> ledger = read(spark, warehouse);
    Set<String> knownChecksums = new HashSet<>();
    ledger.values().forEach(k -> knownChecksums.add(k.checksum()));

    List<LandingFile> candidates = new ArrayList<>();
    int alreadyIngested = 0;
    for (LandingFile f : files) {
      Known k = ledger.get(f.path());
      if (k != null && k.size() == f.size() && k.modificationTime() == f.modificationTime()) {
        alreadyIngested++;
      } else {
        candidates.add(f);
      }
    }
    Map<String, String> checksums = FileChecksums.sha256(spark, LandingFiles.paths(candidates));

    List<LandingFile> toIngest = new ArrayList<>();
    List<LandingFile> duplicates = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    Set<String> batchChecksums = new HashSet<>();
    for (LandingFile f : candidates) {
      String checksum = checksums.get(f.path());
      Known k = ledger.get(f.path());
      if (k != null) {
        if (k.checksum().equals(checksum)) {
          alreadyIngested++; // touched, not changed
          continue;
        }
        if (onChanged == OnChangedFile.ERROR) {
          throw Errors.badInput("ingest " + Errors.display(f.path()), "a file of this name was ingested by run "
              + k.runId() + " and its content has changed since; deliver corrections under a new name, or set "
              + "ingest.on_changed_file: replace to take the new version");
        }
        replaced.add(f.path());
      } else if (knownChecksums.contains(checksum) || !batchChecksums.add(checksum)) {
        duplicates.add(f);
        continue;
      }
      toIngest.add(f);
    }
    return new Plan(toIngest, checksums, alreadyIngested, duplicates, replaced);
  }

  /**
   * Records the ingested files and the skipped duplicates (so they are not read again next night);
   * a MERGE on path, so a replaced file's entry is updated, not doubled.
   */
  public static void record(SparkSession spark, Warehouse warehouse, Plan plan, String runId, Instant at) {
    List<LandingFile> seen = new ArrayList<>(plan.toIngest());
    seen.addAll(plan.duplicates());
    if (seen.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (LandingFile f : seen) {
      rows.add(RowFactory.create(f.path(), f.size(), new Timestamp(f.modificationTime()),
          plan.checksums().get(f.path()), runId, Timestamp.from(at)));
    }
    var entries = spark.createDataFrame(rows, IngestedFiles.SCHEMA);
    if (!warehouse.exists(spark, Table.INGESTED_FILES)) {
      warehouse.overwrite(entries, Table.INGESTED_FILES);
      return;
    }
    DeltaTable.forPath(spark, warehouse.path(Table.INGESTED_FILES)).as("ledger")
        .merge(entries.as("night"), col("ledger." + IngestedFiles.PATH).equalTo(col("night." + IngestedFiles.PATH)))
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();
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
          r.getAs(IngestedFiles.RUN_ID)));
    }
    return ledger;
  }
}
