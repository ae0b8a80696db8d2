package io.uptake.pipeline;

import io.uptake.config.ExpectationSettings;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.geo.AdminUnit;
import io.uptake.geo.AreaResolver;
import io.uptake.geo.Reference;
import io.uptake.ingest.CensusReader;
import io.uptake.ingest.CensusTable;
import io.uptake.ingest.IngestLedger;
import io.uptake.ingest.InstallLogReader;
import io.uptake.ingest.LandingFile;
import io.uptake.phone.PhoneCanonicalizer;
import io.uptake.privacy.PseudonymTables;
import io.uptake.quality.ExpectationResult;
import io.uptake.quality.Expectations;
import io.uptake.schema.SilverCensus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Reads everything the run decides from (reference data, census, the landing files against the
 * ledger, silver's phone key) and decides: which files to ingest, and whether silver is merged
 * into or rebuilt. The volume and census expectations are judged here, so that one that fails
 * stops the run before any table changes.
 */
final class PlanStage implements Stage {

  /**
   * What the run works from.
   *
   * @param landed the number of install log files in the landing directory
   * @param rebuild whether silver is rebuilt from all of bronze (on request, for a replaced file,
   *     for another phone key, or because it is missing)
   * @param storedCensus {@code silver/census} as the previous run left it
   * @param expectations the expectations judged so far, in order
   */
  record Planned(AreaResolver areas, PhoneCanonicalizer phones, PseudonymTables.Verdict keyedTables, CensusTable census,
      List<Row> storedCensus, int landed, IngestLedger.Plan ledger, boolean rebuild, List<ExpectationResult> expectations) {}

  @Override
  public int progressSteps(int snapshots) {
    return 1;
  }

  Planned run(RunContext run) {
    run.progress().start("read reference data and census");
    var config = run.config();
    var spark = run.spark();
    Warehouse warehouse = run.warehouse();
    AreaResolver areas = Reference.resolver(config.adminUnits(), config.aliases(), config.source());
    PhoneCanonicalizer phones = new PhoneCanonicalizer(Reference.legacyPrefixes(config.mobilePrefixes(), config.source()));
    PseudonymTables.Verdict keyedTables = PseudonymTables.inspect(spark, warehouse,
        run.phoneKey().pseudonymizer().keyId(), run.rekey());
    CensusTable census = CensusReader.read(spark.sparkContext().hadoopConfiguration(), config.census(), areas,
        config.requiredDenominators());
    List<LandingFile> landed = InstallLogReader.listFiles(spark.sparkContext().hadoopConfiguration(), config.installs());
    IngestLedger.Plan ledger = IngestLedger.plan(spark, warehouse, landed, config.onChangedFile(), config.onBadFile());
    boolean bronzeExists = warehouse.exists(spark, Table.BRONZE_INSTALLS);
    if (ledger.toIngest().isEmpty() && !ledger.rejected().isEmpty() && !bronzeExists) {
      throw Errors.badInput("run", "no install log file can be read: " + ledger.rejected().stream()
          .map(r -> Errors.display(r.file().path()) + " (" + r.message() + ")").toList());
    }
    if (ledger.toIngest().isEmpty() && !bronzeExists) {
      throw Errors.usage("run", "no install log file to ingest and no bronze table yet under " + warehouse.root());
    }
    boolean rebuild = mustRebuild(run, ledger, keyedTables, bronzeExists);

    // Volume and census expectations first: with action fail they stop the run before any write.
    ExpectationSettings expect = config.expectations();
    List<ExpectationResult> expectations = new ArrayList<>();
    expectations.add(run.backfill()
        ? ExpectationResult.skipped(ExpectationResult.NIGHT_VOLUME, expect.nightVolume(), "a backfill is not a night")
        : nightVolume(run, ledger));
    // One row per area and denominator (a few thousand): safe to collect.
    List<Row> storedCensus = warehouse.exists(spark, Table.SILVER_CENSUS)
        ? warehouse.read(spark, Table.SILVER_CENSUS).collectAsList() : List.of();
    expectations.add(denominatorChange(storedCensus, census, areas, expect.denominatorChange()));
    run.warnAbout(expectations);
    Expectations.stopIfFailed(expectations, "no table changed");
    return new Planned(areas, phones, keyedTables, census, storedCensus, landed.size(), ledger, rebuild, expectations);
  }

  /**
   * A replaced file (whose old rows a min/max state cannot forget), silver that must be rebuilt for
   * its key, or a missing state means rebuilding the state from all of bronze: impossible once
   * retention has deleted bronze's old rows (the phones only they held would silently go).
   */
  private static boolean mustRebuild(RunContext run, IngestLedger.Plan ledger, PseudonymTables.Verdict keyedTables,
      boolean bronzeExists) {
    Warehouse warehouse = run.warehouse();
    boolean rebuild = run.backfill() || !ledger.replaced().isEmpty() || keyedTables.mustRebuild()
        || !warehouse.exists(run.spark(), Table.SILVER_PHONE_PROVINCES);
    Optional<String> retained = bronzeExists
        ? warehouse.property(run.spark(), Table.BRONZE_INSTALLS, Table.RETAINED_SINCE) : Optional.empty();
    if (rebuild && retained.isPresent()) {
      throw Errors.usage("rebuild silver from bronze", "uptake retain deleted bronze's rows from before " + retained.get()
          + ", so a rebuild would lose the phones only they held (needed: " + (run.backfill() ? "a backfill, --from/--to"
          : !ledger.replaced().isEmpty() ? "a replaced file, under ingest.on_changed_file: replace"
          : keyedTables.mustRebuild() ? "silver under another phone key" : "silver/phone_provinces is missing")
          + "); restore bronze from a backup, or rebuild in a new warehouse from the original landing files");
    }
    return rebuild;
  }

  /** The night's rows read (this run's and earlier runs' of the same cut-off date) against the nights before. */
  private static ExpectationResult nightVolume(RunContext run, IngestLedger.Plan ledger) {
    ExpectationSettings expect = run.config().expectations();
    LocalDate night = run.latest().atZone(run.config().timeZone()).toLocalDate();
    if (expect.nightVolume().action() == ExpectationSettings.Action.OFF) {
      return Expectations.nightVolume(new TreeMap<>(), night, 0, expect.nightVolume(), expect.volumeNights());
    }
    NavigableMap<LocalDate, Long> byDate = RunLog.rowsReadByDate(run.spark(), run.warehouse(), run.config().timeZone());
    long tonight = byDate.getOrDefault(night, 0L) + ledger.rowsRead().values().stream().mapToLong(Long::longValue).sum();
    return Expectations.nightVolume(byDate, night, tonight, expect.nightVolume(), expect.volumeNights());
  }

  /** The census just read against the one the previous run stored in silver. */
  private static ExpectationResult denominatorChange(List<Row> stored, CensusTable census, AreaResolver areas,
      ExpectationSettings.Rule rule) {
    Map<Expectations.CensusFigure, Long> previous = new HashMap<>();
    if (rule.action() != ExpectationSettings.Action.OFF) {
      for (Row r : stored) {
        previous.put(new Expectations.CensusFigure(r.getAs(SilverCensus.PROVINCE_CODE), r.getAs(SilverCensus.DISTRICT_CODE),
            r.getAs(SilverCensus.DENOMINATOR)), r.<Long>getAs(SilverCensus.VALUE));
      }
    }
    Map<Expectations.CensusFigure, Long> current = new HashMap<>();
    census.entries().forEach(e -> current.put(
        new Expectations.CensusFigure(e.provinceCode(), e.districtCode(), e.denominator()), e.value()));
    return Expectations.denominatorChange(previous, current, f -> {
      String province = areas.units().province(f.provinceCode()).map(AdminUnit::name).orElse(f.provinceCode());
      return f.districtCode() == null ? province
          : areas.units().district(f.districtCode()).map(AdminUnit::name).orElse(f.districtCode()) + ", " + province;
    }, rule);
  }
}
