package io.uptake.pipeline;

import static org.apache.spark.sql.functions.lit;

import io.uptake.delta.BronzeLayout;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.ingest.IngestLedger;
import io.uptake.ingest.InstallLogReader;
import io.uptake.schema.BronzeInstalls;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the night's new landing files into bronze, as parsed, with the run's id and time; returns
 * the bronze rows the run goes on to clean (the night's, or all of bronze for a rebuild).
 */
final class BronzeStage implements Stage {

  /** @param scope the bronze rows to clean: the night's files' rows, or all of bronze for a rebuild */
  record Ingested(Dataset<Row> scope) {}

  @Override
  public int progressSteps(int snapshots) {
    return 1;
  }

  Ingested run(RunContext run, PlanStage.Planned planned) {
    IngestLedger.Plan ledger = planned.ledger();
    Warehouse warehouse = run.warehouse();
    // Nothing but the lease is written before this point, not even a newly generated key.
    run.phoneKey().persist(run.spark().sparkContext().hadoopConfiguration(), run.out());

    run.progress().start("ingest " + ledger.toIngest().size() + " new of " + planned.landed()
        + " install log files into bronze");
    BronzeLayout.migrate(run.spark(), warehouse, run.out());
    if (!ledger.toIngest().isEmpty()) {
      Dataset<Row> parsed = InstallLogReader.read(run.spark(), ledger.paths())
          .withColumn(BronzeInstalls.INGEST_TIME, lit(Timestamp.from(Instant.now())))
          .withColumn(BronzeInstalls.RUN_ID, lit(run.runId()));
      // Replacing the files' rows (not appending) keeps a rerun after a crash from doubling them.
      warehouse.replaceRows(parsed, Table.BRONZE_INSTALLS, InstallLogReader.bronzeRowsOf(ledger.paths()));
      run.crashTestPoint("after-bronze");
    }
    Dataset<Row> bronze = warehouse.read(run.spark(), Table.BRONZE_INSTALLS);
    Dataset<Row> scope = planned.rebuild() ? bronze
        : ledger.toIngest().isEmpty() ? bronze.where(lit(false))
        : bronze.where(InstallLogReader.bronzeRowsOf(ledger.paths()));
    return new Ingested(scope);
  }
}
