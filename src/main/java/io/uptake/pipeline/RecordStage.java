package io.uptake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.ingest.IngestLedger;
import io.uptake.quality.ExpectationResult;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Records the run: the ledger (last but the run's own row: until it commits, a rerun takes the
 * same files again, and every write before replaces their rows, appends only minima not yet there,
 * recomputes the phones they touch from the state, or overwrites from those, so nothing doubles
 * and nothing is missed), then the summary, its row in {@code meta/runs}, and the files rejected.
 */
final class RecordStage implements Stage {

  @Override
  public int progressSteps(int snapshots) {
    return 1;
  }

  RunSummary run(RunContext run, PlanStage.Planned planned, CleanStage.Cleaned cleaned, SilverStage.Attributed silver,
      GoldStage.Published gold, Instant startedAt) {
    run.progress().start("summarise the run");
    Warehouse warehouse = run.warehouse();
    IngestLedger.Plan ledger = planned.ledger();
    IngestLedger.record(run.spark(), warehouse, ledger, run.runId(), Instant.now());
    Map<String, Long> versions = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (t != Table.RUNS && t != Table.RUN_LOCK && warehouse.exists(run.spark(), t)) {
        versions.put(t.relativePath(), warehouse.version(run.spark(), t));
      }
    }
    List<ExpectationResult> expectations = new ArrayList<>(planned.expectations());
    expectations.add(cleaned.unresolvedDistricts());
    expectations.add(gold.phonesAbove());
    RunSummary.Files files = new RunSummary.Files(ledger.toIngest().size(), ledger.alreadyIngested(),
        ledger.duplicates().size(), ledger.replaced().size(),
        ledger.rejected().stream().map(r -> Errors.display(r.file().path()) + ": " + r.message()).toList(),
        ledger.stillRejected(), ledger.empty().size(), cleaned.accounts());
    long inBronze = warehouse.read(run.spark(), Table.BRONZE_INSTALLS).count();
    RunSummary.Rows rows = rows(run, cleaned.cleaned(), inBronze);
    RunSummary.Phones phones = new RunSummary.Phones(gold.phones(), gold.phonesUnknownProvince(),
        silver.changes().added(), silver.changes().reattributed(), silver.changes().removed());
    run.progress().finish();
    RunSummary summary = new RunSummary(run.runId(), run.latest(), run.cutoffs(), files, rows, phones, expectations,
        versions, run.progress().millis(), run.progress().elapsedMillis());
    RunLog.append(run.spark(), warehouse, summary, startedAt);
    IngestLedger.recordRejected(run.spark(), warehouse, ledger, run.runId(), Instant.now());
    cleaned.release();
    return summary;
  }

  /** The night's rows by outcome; at most (reasons + 1) × 2 × 2 groups: safe to collect. */
  private static RunSummary.Rows rows(RunContext run, Dataset<Row> cleaned, long inBronze) {
    Column afterCutoff = col(CleanEvents.EVENT_TIME).gt(lit(Timestamp.from(run.latest())));
    List<Row> tally = cleaned.where(col(BronzeInstalls.RUN_ID).equalTo(lit(run.runId())))
        .groupBy(col(CleanEvents.REJECT_REASON), afterCutoff.as("after"), col(CleanEvents.PHONE_KEY).isNull().as("anon"))
        .count().collectAsList();
    long ingested = 0;
    long accepted = 0;
    long anonymous = 0;
    long after = 0;
    Map<String, Long> quarantined = new TreeMap<>();
    for (Row r : tally) {
      long n = r.getLong(3);
      ingested += n;
      if (r.isNullAt(0)) {
        accepted += n;
        if (r.getBoolean(1)) {
          after += n;
        } else if (r.getBoolean(2)) {
          anonymous += n;
        }
      } else {
        quarantined.merge(r.getString(0), n, Long::sum);
      }
    }
    return new RunSummary.Rows(ingested, inBronze, accepted, anonymous, after, quarantined);
  }
}
