package io.uptake.pipeline;

import io.uptake.attribution.AttributePhones;
import io.uptake.attribution.PhoneChanges;
import io.uptake.attribution.SilverPhonesUpdate;
import io.uptake.delta.DroppedColumns;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.privacy.PseudonymTables;
import io.uptake.transform.CountedEvents;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Deduplicates by phone and attributes each phone to one area: the night's earliest events per
 * (phone, province) merged into {@code silver/phone_provinces}, and {@code silver/phones} brought to
 * the latest cut-off; or both rebuilt from all of bronze's cleaned rows.
 */
final class SilverStage implements Stage {

  /** @param changes how {@code silver/phones} changed: phones added, re-attributed, no longer counted */
  record Attributed(PhoneChanges.Tally changes) {}

  @Override
  public int progressSteps(int snapshots) {
    return 1;
  }

  Attributed run(RunContext run, PlanStage.Planned planned, CleanStage.Cleaned cleaned) {
    Warehouse warehouse = run.warehouse();
    if (planned.keyedTables().mustRebuild()) {
      // After the row accounting: a night that does not add up leaves silver as it was.
      PseudonymTables.deleteForRebuild(run.spark(), warehouse, planned.keyedTables(), run.out());
    }
    run.progress().start("merge the night's phones into silver and attribute them");
    if (!planned.rebuild()) {
      DroppedColumns.drop(run.spark(), warehouse, run.out());
    }
    // Keyed by the pseudonym's 32 bytes until written (the tables keep its hex digits).
    Dataset<Row> perPhone = AttributePhones.perPhoneAndProvince(CountedEvents.withPhone(cleaned.accepted()));
    PhoneChanges.Tally changes = planned.rebuild() ? rebuild(run, perPhone) : merge(run, perPhone);
    PseudonymTables.record(run.spark(), warehouse, run.phoneKey().pseudonymizer().keyId());
    return new Attributed(changes);
  }

  /**
   * The state and {@code silver/phones} from one shuffle: the minima, kept partitioned by phone,
   * are written, then attributed as they are, not read back from the table and moved again.
   */
  private static PhoneChanges.Tally rebuild(RunContext run, Dataset<Row> perPhone) {
    Instant latest = run.latest();
    Dataset<Row> state = perPhone.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      run.warehouse().overwrite(AttributePhones.withHexKeys(state), Table.SILVER_PHONE_PROVINCES);
      return SilverPhonesUpdate.replaceAll(run.spark(), run.warehouse(),
          AttributePhones.withHexKeys(AttributePhones.asOfMinima(state, Timestamp.from(latest))), latest);
    } finally {
      state.unpersist(true);
    }
  }

  /** silver/phones first, from the state with the night's new minima; the state's append last. */
  private static PhoneChanges.Tally merge(RunContext run, Dataset<Row> perPhone) {
    Dataset<Row> night = AttributePhones.withHexKeys(perPhone).persist(StorageLevel.MEMORY_AND_DISK());
    try (SilverPhonesUpdate.Night update = SilverPhonesUpdate.night(run.spark(), run.warehouse(), night, run.latest())) {
      PhoneChanges.Tally changes = update.updatePhones();
      run.crashTestPoint("after-phones");
      update.appendNewMinima();
      run.crashTestPoint("after-state");
      return changes;
    } finally {
      night.unpersist(true);
    }
  }
}
