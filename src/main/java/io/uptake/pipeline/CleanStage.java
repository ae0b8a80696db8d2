package io.uptake.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.ingest.IngestLedger;
import io.uptake.ingest.InstallLogReader;
import io.uptake.quality.ExpectationResult;
import io.uptake.quality.Expectations;
import io.uptake.quality.Quarantine;
import io.uptake.quality.RowAccounting;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.transform.AnonymousInstalls;
import io.uptake.transform.CleanInstalls;
import io.uptake.transform.CountedEvents;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Cleans the rows in scope (phones canonicalized and pseudonymized, areas resolved, times
 * parsed), judges the unresolved-district expectation, writes quarantine and the anonymous
 * installs, and checks that every row of the night's files is accounted for.
 */
final class CleanStage implements Stage {

  /**
   * The cleaned rows and their account.
   *
   * @param cleaned every row in scope, cleaned, with its reject reason if any (cached: the
   *     stages after read it; {@link #release} drops it)
   * @param accepted the rows of {@code cleaned} that passed every check
   * @param accounts per file ingested tonight: rows read, in bronze, with phone, anonymous, quarantined
   * @param unresolvedDistricts the unresolved-district expectation as judged tonight
   * @param persisted the persisted rows {@code cleaned} is derived from (it adds the district
   *     quarantine): what {@link #release} unpersists
   */
  record Cleaned(Dataset<Row> cleaned, Dataset<Row> accepted, List<RowAccounting.FileAccount> accounts,
      ExpectationResult unresolvedDistricts, Dataset<Row> persisted) {

    /** Drops the cached rows. Blocking: the session may stop right after, and blocks still being dropped then warn. */
    void release() {
      persisted.unpersist(true);
    }
  }

  @Override
  public int progressSteps(int snapshots) {
    return 1;
  }

  Cleaned run(RunContext run, PlanStage.Planned planned, BronzeStage.Ingested ingested) {
    run.progress().start((planned.rebuild() ? "clean all of bronze" : "clean the night's rows") + " and write quarantine");
    // Read by each pass below: narrowed first (the input text only where quarantine may need it),
    // so that even all of bronze's clean events, mostly a pseudonym, a time, two codes and a file
    // hash a row, are cached as plain column batches, in memory as far as they fit.
    Dataset<Row> persisted = CleanInstalls.narrow(CleanInstalls.clean(ingested.scope(), planned.phones(),
            run.phoneKey().pseudonymizer(), planned.areas(), run.config().timeZone()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> cleanedOnce = CleanInstalls.unpacked(persisted);
    Expectations.DistrictShares districts = Expectations.unresolvedDistricts(cleanedOnce, run.runId(),
        run.config().expectations().unresolvedDistrict());
    run.warnAbout(List.of(districts.tonight()));
    Expectations.stopIfFailed(List.of(districts.tonight()), "bronze holds the night's rows, no other table changed, "
        + "and the files stay unrecorded, so a rerun (after an alias fix, say) takes them again");
    Dataset<Row> cleaned = Expectations.quarantineUnresolved(cleanedOnce, districts.runsToQuarantine());
    Dataset<Row> accepted = CountedEvents.accepted(cleaned);
    write(run, planned, cleaned, accepted);
    run.crashTestPoint("after-quarantine");
    // Before the state and the ledger: a night that does not add up is not recorded as ingested.
    List<RowAccounting.FileAccount> accounts = account(run, planned.ledger(), cleaned);
    RowAccounting.check(accounts);
    return new Cleaned(cleaned, accepted, accounts, districts.tonight(), persisted);
  }

  /** Quarantine and the anonymous installs: replaced whole in a rebuild, else the night's files' rows. */
  private static void write(RunContext run, PlanStage.Planned planned, Dataset<Row> cleaned, Dataset<Row> accepted) {
    Warehouse warehouse = run.warehouse();
    if (planned.rebuild()) {
      warehouse.overwrite(Quarantine.rows(cleaned), Table.QUARANTINE_INSTALLS);
      warehouse.overwrite(AnonymousInstalls.rows(accepted), Table.SILVER_ANONYMOUS_INSTALLS);
    } else if (!planned.ledger().toIngest().isEmpty()) {
      Column ofTheFiles = InstallLogReader.ofFiles(planned.ledger().paths());
      warehouse.replaceRows(Quarantine.rows(cleaned), Table.QUARANTINE_INSTALLS, ofTheFiles);
      warehouse.replaceRows(AnonymousInstalls.rows(accepted), Table.SILVER_ANONYMOUS_INSTALLS, ofTheFiles);
    }
  }

  /** Per file ingested tonight: rows read against rows in bronze, with a phone, anonymous, quarantined. */
  private static List<RowAccounting.FileAccount> account(RunContext run, IngestLedger.Plan ledger, Dataset<Row> cleaned) {
    if (ledger.toIngest().isEmpty()) {
      return List.of();
    }
    Warehouse warehouse = run.warehouse();
    Column ofTheFiles = InstallLogReader.ofFiles(ledger.paths());
    // The cached rows name their file by its hash: joined back to tonight's paths. Two paths of
    // one hash would count each other's rows, and the accounts would not add up: never silently.
    Dataset<Row> paths = run.spark().createDataset(ledger.paths(), Encoders.STRING()).toDF(BronzeInstalls.SOURCE_FILE)
        .withColumn(CleanEvents.FILE_KEY, xxhash64(col(BronzeInstalls.SOURCE_FILE)));
    Dataset<Row> measured = RowAccounting.measure(
        warehouse.read(run.spark(), Table.BRONZE_INSTALLS).where(InstallLogReader.bronzeRowsOf(ledger.paths())),
        cleaned.where(col(BronzeInstalls.RUN_ID).equalTo(lit(run.runId()))).drop(BronzeInstalls.SOURCE_FILE)
            .join(broadcast(paths), CleanEvents.FILE_KEY),
        warehouse.read(run.spark(), Table.QUARANTINE_INSTALLS).where(ofTheFiles),
        warehouse.read(run.spark(), Table.SILVER_ANONYMOUS_INSTALLS).where(ofTheFiles));
    // At most four rows per file: safe to collect.
    return RowAccounting.accounts(ledger.rowsRead(), measured.collectAsList());
  }
}
