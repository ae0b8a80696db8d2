package io.uptake.jobs;

import static org.apache.spark.sql.functions.*;

import io.uptake.config.ExpectationSettings;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.BronzeLayout;
import io.uptake.delta.DroppedColumns;
import io.uptake.delta.PhoneRegistry;
import io.uptake.delta.RunLease;
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
import io.uptake.phone.PhonePseudonymizer;
import io.uptake.privacy.PhoneKeys;
import io.uptake.privacy.PseudonymTables;
import io.uptake.quality.ExpectationResult;
import io.uptake.quality.Expectations;
import io.uptake.quality.Quarantine;
import io.uptake.quality.RowAccounting;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.schema.GoldAdoption;
import io.uptake.schema.ReferenceAreas;
import io.uptake.schema.SilverCensus;
import io.uptake.transform.AdoptionTrend;
import io.uptake.transform.AnonymousInstalls;
import io.uptake.transform.AttributePhones;
import io.uptake.transform.BuildAdoptionTable;
import io.uptake.transform.CleanInstalls;
import io.uptake.transform.CountedEvents;
import io.uptake.transform.PhoneChanges;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The nightly job: census and reference first (so a contradiction stops the run before any table
 * changes), then bronze → clean → quarantine, silver phones, silver census → gold snapshot.
 *
 * <p>Ingest is incremental (the ledger decides which landing files are new); only the new files are
 * cleaned, their phones' new minima added to the silver state, and only the phones that can have
 * changed are recomputed into {@code silver/phones}. A backfill or a replaced file rebuilds silver from all of
 * bronze. Gold keeps one snapshot per cut-off.
 */
public final class RunJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunJob.class);

  private RunJob() {}

  /** One night: ingest what is new and write the snapshot as of {@code cutoff}. */
  public static RunSummary run(SparkSession spark, UptakeConfig config, Instant cutoff, PrintStream progressOut) {
    return run(spark, config, List.of(cutoff), false, progressOut);
  }

  /**
   * Ingest what is new, then write a snapshot per cut-off. {@code rebuild} recomputes the silver
   * state from all of bronze first (a backfill after an alias or reference fix).
   */
  public static RunSummary run(SparkSession spark, UptakeConfig config, List<Instant> cutoffs, boolean rebuildState,
      PrintStream progressOut) {
    return run(spark, config, cutoffs, rebuildState, false, progressOut);
  }

  /** How a run treats the warehouse beyond ingesting and building snapshots. */
  public record Options(boolean rebuildState, boolean rekey, boolean breakLock) {
    public static final Options NIGHT = new Options(false, false, false);
  }

  /** As above, with a phone key other than silver's accepted (silver rebuilt under it) if {@code rekey}. */
  public static RunSummary run(SparkSession spark, UptakeConfig config, List<Instant> cutoffs, boolean rebuildState,
      boolean rekey, PrintStream progressOut) {
    return run(spark, config, cutoffs, new Options(rebuildState, rekey, false), progressOut);
  }

  /**
   * The run. Configuration and the phone key are checked first; then the run takes the
   * warehouse's lease ({@link RunLease}: one run at a time) and gives it back when it ends, however
   * it ends.
   */
  public static RunSummary run(SparkSession spark, UptakeConfig config, List<Instant> cutoffs, Options options,
      PrintStream progressOut) {
    if (cutoffs.isEmpty()) {
      throw Errors.usage("run", "no cut-off to build");
    }
    String runId = UUID.randomUUID().toString();
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    // A cluster run without a key stops here, before it touches the warehouse (even its lease)...
    PhoneKeys.load(System.getenv(PhoneKeys.ENV), config.phoneKeyFile(), warehouse.root(), spark.sparkContext().isLocal(),
        spark.sparkContext().hadoopConfiguration(), new PrintStream(java.io.OutputStream.nullOutputStream()));
    String command = options.rebuildState() ? "run --from " + cutoffs.get(0) + " --to " + cutoffs.get(cutoffs.size() - 1)
        : "run as of " + cutoffs.get(cutoffs.size() - 1);
    try (RunLease lease = RunLease.acquire(spark, warehouse, runId, command, options.breakLock(), progressOut)) {
      KillPoints.reach("after-lease");
      // ... and loads it again under the lease: a local run waiting for another then finds the key
      // that run generated, not one of its own.
      PhoneKeys.Key phoneKey = PhoneKeys.load(System.getenv(PhoneKeys.ENV), config.phoneKeyFile(), warehouse.root(),
          spark.sparkContext().isLocal(), spark.sparkContext().hadoopConfiguration(), progressOut);
      return runHoldingLease(spark, config, cutoffs, options, runId, warehouse, phoneKey, progressOut);
    }
  }

  private static RunSummary runHoldingLease(SparkSession spark, UptakeConfig config, List<Instant> cutoffs, Options options,
      String runId, Warehouse warehouse, PhoneKeys.Key phoneKey, PrintStream progressOut) {
    boolean rebuildState = options.rebuildState();
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    Progress progress = new Progress(spark, progressOut, 6 + cutoffs.size());

    progress.start("read reference data and census");
    AreaResolver areas = Reference.resolver(config.adminUnits(), config.aliases(), config.source());
    PhoneCanonicalizer phones = new PhoneCanonicalizer(Reference.legacyPrefixes(config.mobilePrefixes(), config.source()));
    PhonePseudonymizer pseudonyms = phoneKey.pseudonymizer();
    PseudonymTables.Verdict keyedTables = PseudonymTables.inspect(spark, warehouse, pseudonyms.keyId(), options.rekey());
    CensusTable census = CensusReader.read(spark.sparkContext().hadoopConfiguration(), config.census(), areas,
        config.requiredDenominators());
    List<LandingFile> landed = InstallLogReader.listFiles(spark.sparkContext().hadoopConfiguration(), config.installs());
    IngestLedger.Plan plan = IngestLedger.plan(spark, warehouse, landed, config.onChangedFile(), config.onBadFile());

    if (plan.toIngest().isEmpty() && !plan.rejected().isEmpty() && !warehouse.exists(spark, Table.BRONZE_INSTALLS)) {
      throw Errors.badInput("run", "no install log file can be read: " + plan.rejected().stream()
          .map(r -> Errors.display(r.file().path()) + " (" + r.message() + ")").toList());
    }
    if (plan.toIngest().isEmpty() && !warehouse.exists(spark, Table.BRONZE_INSTALLS)) {
      throw Errors.usage("run", "no install log file to ingest and no bronze table yet under " + warehouse.root());
    }

    // A replaced file (whose old rows a min/max state cannot forget), silver that must be rebuilt for
    // its key, or a missing state means rebuilding the state from all of bronze: impossible once
    // retention has deleted bronze's old rows (the phones only they held would silently go).
    boolean rebuild = rebuildState || !plan.replaced().isEmpty() || keyedTables.mustRebuild()
        || !warehouse.exists(spark, Table.SILVER_PHONE_PROVINCES);
    java.util.Optional<String> retained = warehouse.exists(spark, Table.BRONZE_INSTALLS)
        ? warehouse.property(spark, Table.BRONZE_INSTALLS, RetentionJob.RETAINED_SINCE) : java.util.Optional.empty();
    if (rebuild && retained.isPresent()) {
      throw Errors.usage("rebuild silver from bronze", "uptake retain deleted bronze's rows from before " + retained.get()
          + ", so a rebuild would lose the phones only they held (needed: " + (rebuildState ? "a backfill, --from/--to"
          : !plan.replaced().isEmpty() ? "a replaced file, under ingest.on_changed_file: replace"
          : keyedTables.mustRebuild() ? "silver under another phone key" : "silver/phone_provinces is missing")
          + "); restore bronze from a backup, or rebuild in a new warehouse from the original landing files");
    }

    // Volume and census expectations first: with action fail they stop the run before any write.
    ExpectationSettings expect = config.expectations();
    List<ExpectationResult> expectations = new ArrayList<>();
    // Snapshots in time order: silver/phones ends as of the latest cut-off.
    List<Instant> ordered = cutoffs.stream().sorted().toList();
    Instant latest = ordered.get(ordered.size() - 1);
    expectations.add(rebuildState
        ? ExpectationResult.skipped(ExpectationResult.NIGHT_VOLUME, expect.nightVolume(), "a backfill is not a night")
        : nightVolume(spark, warehouse, plan, latest.atZone(config.timeZone()).toLocalDate(), config));
    // One row per area and denominator (a few thousand): safe to collect.
    List<Row> storedCensus = warehouse.exists(spark, Table.SILVER_CENSUS)
        ? warehouse.read(spark, Table.SILVER_CENSUS).collectAsList() : List.of();
    expectations.add(denominatorChange(storedCensus, census, areas, expect.denominatorChange()));
    report(expectations, progressOut);
    Expectations.stopIfFailed(expectations, "no table changed");

    // Nothing but the lease is written before this point, not even a newly generated key.
    phoneKey.persist(spark.sparkContext().hadoopConfiguration(), progressOut);

    progress.start("ingest " + plan.toIngest().size() + " new of " + landed.size() + " install log files into bronze");
    BronzeLayout.migrate(spark, warehouse, progressOut);
    if (!plan.toIngest().isEmpty()) {
      Dataset<Row> parsed = InstallLogReader.read(spark, plan.paths())
          .withColumn(BronzeInstalls.INGEST_TIME, lit(Timestamp.from(Instant.now())))
          .withColumn(BronzeInstalls.RUN_ID, lit(runId));
      // Replacing the files' rows (not appending) keeps a rerun after a crash from doubling them.
      warehouse.replaceRowsOf(spark, parsed, Table.BRONZE_INSTALLS, InstallLogReader.bronzeRowsOf(plan.paths()));
      KillPoints.reach("after-bronze");
    }
    // The night's files are cleaned and merged into the silver state, or it is rebuilt (above).
    Dataset<Row> bronze = warehouse.read(spark, Table.BRONZE_INSTALLS);
    Dataset<Row> scope = rebuild ? bronze
        : plan.toIngest().isEmpty() ? bronze.where(lit(false))
        : bronze.where(expr(InstallLogReader.bronzeRowsOf(plan.paths())));
    progress.start((rebuild ? "clean all of bronze" : "clean the night's rows") + " and write quarantine");
    // Read by each pass below: narrowed first (the input text only where quarantine may need it),
    // so that even all of bronze's clean events, mostly a pseudonym, a time and two codes a row,
    // are cached as compressed column batches, in memory as far as they fit.
    Dataset<Row> cleanedOnce = CleanInstalls.narrow(CleanInstalls.clean(scope, phones, pseudonyms, areas, config.timeZone()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Expectations.DistrictShares districts = Expectations.unresolvedDistricts(cleanedOnce, runId, expect.unresolvedDistrict());
    expectations.add(districts.tonight());
    report(List.of(districts.tonight()), progressOut);
    Expectations.stopIfFailed(List.of(districts.tonight()), "bronze holds the night's rows, no other table changed, "
        + "and the files stay unrecorded, so a rerun (after an alias fix, say) takes them again");
    Dataset<Row> cleaned = Expectations.quarantineUnresolved(cleanedOnce, districts.runsToQuarantine());
    Dataset<Row> accepted = CountedEvents.accepted(cleaned);
    if (rebuild) {
      warehouse.overwrite(Quarantine.rows(cleaned), Table.QUARANTINE_INSTALLS);
      warehouse.overwrite(AnonymousInstalls.rows(accepted), Table.SILVER_ANONYMOUS_INSTALLS);
    } else if (!plan.toIngest().isEmpty()) {
      String ofTheFiles = Warehouse.in(BronzeInstalls.SOURCE_FILE, plan.paths());
      warehouse.replaceRowsOf(spark, Quarantine.rows(cleaned), Table.QUARANTINE_INSTALLS, ofTheFiles);
      warehouse.replaceRowsOf(spark, AnonymousInstalls.rows(accepted), Table.SILVER_ANONYMOUS_INSTALLS, ofTheFiles);
    }
    KillPoints.reach("after-quarantine");
    // Before the state and the ledger: a night that does not add up is not recorded as ingested.
    List<RowAccounting.FileAccount> accounts = account(spark, warehouse, plan, cleaned, runId);
    RowAccounting.check(accounts);

    if (keyedTables.mustRebuild()) {
      // After the row accounting: a night that does not add up leaves silver as it was.
      PseudonymTables.deleteForRebuild(spark, warehouse, keyedTables, progressOut);
    }
    progress.start("merge the night's phones into silver and attribute them");
    if (!rebuild) {
      DroppedColumns.drop(spark, warehouse, progressOut);
    }
    // Keyed by the pseudonym's 32 bytes until written (the tables keep its hex digits).
    Dataset<Row> nightState = AttributePhones.perPhoneAndProvince(CountedEvents.withPhone(accepted));
    PhoneChanges.Tally changes;
    if (rebuild) {
      // The state and silver/phones from one shuffle: the minima, kept partitioned by phone, are
      // written, then attributed as they are, not read back from the table and moved again.
      nightState = nightState.persist(StorageLevel.MEMORY_AND_DISK());
      warehouse.overwrite(AttributePhones.withHexKeys(nightState), Table.SILVER_PHONE_PROVINCES);
      changes = PhoneRegistry.replaceAll(spark, warehouse,
          AttributePhones.withHexKeys(AttributePhones.asOfMinima(nightState, Timestamp.from(latest))), latest);
      nightState.unpersist(true);
    } else {
      nightState = AttributePhones.withHexKeys(nightState).persist(StorageLevel.MEMORY_AND_DISK());
      try (PhoneRegistry.Night night = PhoneRegistry.night(spark, warehouse, nightState, latest)) {
        // silver/phones first, from the state with the night's new minima; the state's append last.
        changes = night.updatePhones();
        KillPoints.reach("after-phones");
        night.appendNewMinima();
        KillPoints.reach("after-state");
      }
      nightState.unpersist(true);
    }
    Dataset<Row> state = warehouse.read(spark, Table.SILVER_PHONE_PROVINCES);
    PseudonymTables.record(spark, warehouse, pseudonyms.keyId());
    Dataset<Row> censusRows = census.toDataFrame(spark);
    Dataset<Row> referenceAreas = referenceAreas(spark, areas);
    Map<String, Long> versions = new java.util.LinkedHashMap<>();
    // Every snapshot is built and judged before any is written: a check that fails on one leaves
    // gold (both tables) as it was.
    Map<Instant, Dataset<Row>> snapshots = new java.util.LinkedHashMap<>();
    ExpectationResult phonesAbove = null;
    long[] phoneCounts = null;
    for (Instant cutoff : ordered) {
      progress.start("build the gold snapshot as of " + cutoff);
      Timestamp asOf = Timestamp.from(cutoff);
      Dataset<Row> phonesAsOf = cutoff.equals(latest)
          ? warehouse.read(spark, Table.SILVER_PHONES)
          : AttributePhones.asOf(state, asOf);
      Dataset<Row> anonymousAsOf = warehouse.read(spark, Table.SILVER_ANONYMOUS_INSTALLS)
          .where(col(AnonymousInstalls.EVENT_TIME).leq(lit(asOf)));
      // One row per area: collected; the snapshot is assembled from the driver's copy.
      Dataset<Row> counts = local(spark, BuildAdoptionTable.countsByArea(phonesAsOf, anonymousAsOf));
      if (cutoff.equals(latest)) {
        phoneCounts = phoneCounts(counts);
      }
      Dataset<Row> gold = BuildAdoptionTable.build(counts, censusRows, referenceAreas, census.denominators(), asOf);
      ExpectationResult above = Expectations.phonesAbove(gold, expect.comparedDenominator(), expect.phonesAboveDenominator());
      if (phonesAbove == null || phonesAbove.held()) {
        phonesAbove = above; // the latest snapshot's, unless an earlier one did not hold
      }
      report(List.of(above), progressOut);
      snapshots.put(cutoff, gold);
    }
    Expectations.stopIfFailed(List.of(phonesAbove), "silver holds the night's phones, gold is as it was, and the files stay "
        + "unrecorded, so a rerun (after fixing the census or the attribution) takes them again and writes the snapshots");

    if (!sameCensus(storedCensus, census)) {
      warehouse.overwrite(censusRows, Table.SILVER_CENSUS);
    }
    for (Map.Entry<Instant, Dataset<Row>> snapshot : snapshots.entrySet()) {
      KillPoints.reach("before-gold");
      warehouse.replaceSnapshot(snapshot.getValue().coalesce(1), Table.GOLD_ADOPTION, GoldAdoption.AS_OF, snapshot.getKey());
    }

    progress.start("update the trend table");
    warehouse.overwrite(AdoptionTrend.build(warehouse.read(spark, Table.GOLD_ADOPTION), config.targetDenominator(),
        config.targetShare(), config.timeZone()).coalesce(1), Table.GOLD_ADOPTION_DAILY);

    progress.start("summarise the run");
    // The ledger last but the run's own row: until it commits, a rerun takes the same files again,
    // and every write above replaces their rows, appends only minima not yet there, recomputes the
    // phones they touch from the state, or overwrites from those, so nothing doubles and nothing is missed.
    IngestLedger.record(spark, warehouse, plan, runId, Instant.now());
    for (Table t : Table.values()) {
      if (t != Table.RUNS && t != Table.RUN_LOCK && warehouse.exists(spark, t)) {
        versions.put(t.relativePath(), warehouse.version(spark, t));
      }
    }
    expectations.add(phonesAbove);
    RunSummary summary = summarise(runId, latest, ordered, plan, accounts, expectations, cleaned, phoneCounts,
        changes, warehouse.read(spark, Table.BRONZE_INSTALLS).count(), Timestamp.from(latest), progress, start, versions);
    RunLog.append(spark, warehouse, summary, startedAt);
    IngestLedger.recordRejected(spark, warehouse, plan, runId, Instant.now());
    // Blocking: the session may stop right after the run, and blocks still being dropped then warn.
    cleanedOnce.unpersist(true);
    return summary;
  }

  /** Per file ingested tonight: rows read against rows in bronze, with a phone, anonymous, quarantined. */
  private static List<RowAccounting.FileAccount> account(SparkSession spark, Warehouse warehouse, IngestLedger.Plan plan,
      Dataset<Row> cleaned, String runId) {
    if (plan.toIngest().isEmpty()) {
      return List.of();
    }
    Column ofTheFiles = expr(Warehouse.in(BronzeInstalls.SOURCE_FILE, plan.paths()));
    Dataset<Row> measured = RowAccounting.measure(
        warehouse.read(spark, Table.BRONZE_INSTALLS).where(expr(InstallLogReader.bronzeRowsOf(plan.paths()))),
        cleaned.where(col(BronzeInstalls.RUN_ID).equalTo(lit(runId))),
        warehouse.read(spark, Table.QUARANTINE_INSTALLS).where(ofTheFiles),
        warehouse.read(spark, Table.SILVER_ANONYMOUS_INSTALLS).where(ofTheFiles));
    // At most four rows per file: safe to collect.
    return RowAccounting.accounts(plan.rowsRead(), measured.collectAsList());
  }

  /** Warnings (and quarantines) go to the progress output and the log as they are found. */
  private static void report(List<ExpectationResult> results, PrintStream progressOut) {
    for (ExpectationResult r : results) {
      if (!r.held() && !r.failed()) {
        progressOut.println("      expectation " + r.name() + " " + r.outcome() + ": " + r.detail());
        LOG.warn("Expectation {} {}: {}", r.name(), r.outcome(), r.detail());
      }
    }
  }

  /** The night's rows read (this run's and earlier runs' of the same cut-off date) against the nights before. */
  private static ExpectationResult nightVolume(SparkSession spark, Warehouse warehouse, IngestLedger.Plan plan,
      java.time.LocalDate night, UptakeConfig config) {
    ExpectationSettings expect = config.expectations();
    if (expect.nightVolume().action() == ExpectationSettings.Action.OFF) {
      return Expectations.nightVolume(new java.util.TreeMap<>(), night, 0, expect.nightVolume(), expect.volumeNights());
    }
    java.util.NavigableMap<java.time.LocalDate, Long> byDate = RunLog.rowsReadByDate(spark, warehouse, config.timeZone());
    long tonight = byDate.getOrDefault(night, 0L) + plan.rowsRead().values().stream().mapToLong(Long::longValue).sum();
    return Expectations.nightVolume(byDate, night, tonight, expect.nightVolume(), expect.volumeNights());
  }

  /** The census just read against the one the previous run stored in silver. */
  private static ExpectationResult denominatorChange(List<Row> stored, CensusTable census, AreaResolver areas,
      ExpectationSettings.Rule rule) {
    Map<Expectations.CensusFigure, Long> previous = new java.util.HashMap<>();
    if (rule.action() != ExpectationSettings.Action.OFF) {
      for (Row r : stored) {
        previous.put(new Expectations.CensusFigure(r.getAs(SilverCensus.PROVINCE_CODE), r.getAs(SilverCensus.DISTRICT_CODE),
            r.getAs(SilverCensus.DENOMINATOR)), r.<Long>getAs(SilverCensus.VALUE));
      }
    }
    Map<Expectations.CensusFigure, Long> current = new java.util.HashMap<>();
    census.entries().forEach(e -> current.put(
        new Expectations.CensusFigure(e.provinceCode(), e.districtCode(), e.denominator()), e.value()));
    return Expectations.denominatorChange(previous, current, f -> {
      String province = areas.units().province(f.provinceCode()).map(AdminUnit::name).orElse(f.provinceCode());
      return f.districtCode() == null ? province
          : areas.units().district(f.districtCode()).map(AdminUnit::name).orElse(f.districtCode()) + ", " + province;
    }, rule);
  }

  /** Whether silver/census holds exactly these rows, in this layout: then a night leaves it as it is. */
  static boolean sameCensus(List<Row> stored, CensusTable census) {
    if (stored.isEmpty() || !Arrays.equals(stored.get(0).schema().fieldNames(), SilverCensus.SCHEMA.fieldNames())) {
      return false;
    }
    Set<List<Object>> now = new HashSet<>();
    census.entries().forEach(e -> now.add(Arrays.asList(e.provinceCode(), e.districtCode(), e.denominator(), e.value(),
        e.sourceFile(), e.lineNumber())));
    Set<List<Object>> before = new HashSet<>();
    stored.forEach(r -> before.add(Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5))));
    return stored.size() == census.entries().size() && before.equals(now);
  }

  /**
   * Phones counted (silver/phones at the latest cut-off) and those in no known province, from the
   * snapshot's collected counts by area: every phone is in exactly one area, so no table is read.
   */
  private static long[] phoneCounts(Dataset<Row> countsByArea) {
    long[] out = new long[2];
    for (Row r : countsByArea.select(col(GoldAdoption.PROVINCE_CODE), col(GoldAdoption.PHONES)).collectAsList()) {
      long phones = r.isNullAt(1) ? 0 : r.getLong(1);
      out[0] += phones;
      out[1] += r.isNullAt(0) ? phones : 0;
    }
    return out;
  }

  private static Dataset<Row> local(SparkSession spark, Dataset<Row> small) {
    return spark.createDataFrame(small.collectAsList(), small.schema());
  }

  static Dataset<Row> referenceAreas(SparkSession spark, AreaResolver areas) {
    List<Row> rows = new ArrayList<>();
    for (AdminUnit p : areas.units().provinces()) {
      for (AdminUnit d : areas.units().districtsOf(p.code())) {
        rows.add(RowFactory.create(p.code(), p.name(), d.code(), d.name()));
      }
    }
    return spark.createDataFrame(rows, ReferenceAreas.SCHEMA);
  }

  private static RunSummary summarise(String runId, Instant cutoff, List<Instant> cutoffs, IngestLedger.Plan plan,
      List<RowAccounting.FileAccount> accounts, List<ExpectationResult> expectations, Dataset<Row> cleaned, long[] phoneCounts, PhoneChanges.Tally changes, long rowsInBronze, Timestamp asOf, Progress progress, long start,
      Map<String, Long> versions) {
    Column afterCutoff = col(CleanEvents.EVENT_TIME).gt(lit(asOf));
    // The night's rows only; at most (reasons + 1) × 2 × 2 groups: safe to collect.
    List<Row> tally = cleaned.where(col(BronzeInstalls.RUN_ID).equalTo(lit(runId)))
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
    progress.finish();
    return new RunSummary(runId, cutoff, cutoffs, plan.toIngest().size(), plan.alreadyIngested(), plan.duplicates().size(),
        plan.replaced().size(),
        plan.rejected().stream().map(r -> Errors.display(r.file().path()) + ": " + r.message()).toList(), plan.stillRejected(),
        plan.empty().size(), accounts, expectations,
        ingested, rowsInBronze, accepted, anonymous, after, quarantined,
        phoneCounts[0], phoneCounts[1], changes.added(), changes.reattributed(), changes.removed(), versions, progress.millis(), (System.nanoTime() - start) / 1_000_000);
  }
}
