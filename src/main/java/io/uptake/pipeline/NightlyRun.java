package io.uptake.pipeline;

import io.uptake.config.UptakeConfig;
import io.uptake.delta.RunLease;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.privacy.PhoneKeys;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly run, the pipeline's one front door:
 *
 * <pre>{@code
 * RunSummary summary = NightlyRun.of(spark, config).asOf(cutoff).execute();
 * }</pre>
 *
 * <p>A run ingests the landing files the ledger has not seen into bronze, cleans them (quarantining
 * what fails), merges their phones into silver's state, attributes each phone to one area, and
 * writes one gold snapshot per cut-off. Its stages, in order: {@link PlanStage}, {@link BronzeStage},
 * {@link CleanStage}, {@link SilverStage}, {@link GoldStage}, {@link RecordStage}. Reference data,
 * census and the expectations that can stop a run come first, so a contradiction stops it before
 * any table changes; the ledger is recorded last, so a run that dies anywhere is taken again whole
 * by the next, and nothing doubles.
 */
public final class NightlyRun {
  private final SparkSession spark;
  private final UptakeConfig config;
  private List<Instant> cutoffs = List.of();
  private boolean backfill;
  private boolean rekey;
  private boolean breakLock;
  private PrintStream progress = System.err;

  private final PlanStage plan = new PlanStage();
  private final BronzeStage bronze = new BronzeStage();
  private final CleanStage clean = new CleanStage();
  private final SilverStage silver = new SilverStage();
  private final GoldStage gold = new GoldStage();
  private final RecordStage record = new RecordStage();
  private final List<Stage> stages = List.of(plan, bronze, clean, silver, gold, record);

  private NightlyRun(SparkSession spark, UptakeConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  public static NightlyRun of(SparkSession spark, UptakeConfig config) {
    return new NightlyRun(spark, config);
  }

  /** A night: ingest what is new and write the snapshot as of {@code cutoff}. */
  public NightlyRun asOf(Instant cutoff) {
    return cutoffs(List.of(cutoff));
  }

  /** Writes a snapshot per cut-off (in any order; silver ends as of the latest). */
  public NightlyRun cutoffs(List<Instant> cutoffs) {
    this.cutoffs = List.copyOf(cutoffs);
    return this;
  }

  /**
   * A backfill: silver is rebuilt from all of bronze before the snapshots are written (after an
   * alias or reference fix, say). Refused once {@code uptake retain} has cut bronze.
   */
  public NightlyRun rebuild() {
    this.backfill = true;
    return this;
  }

  /** Accepts a phone key other than the one silver was written under; silver is rebuilt under it. */
  public NightlyRun rekey() {
    this.rekey = true;
    return this;
  }

  /** Takes the warehouse's lease even from a run still holding it (one known to be dead). */
  public NightlyRun breakLock() {
    this.breakLock = true;
    return this;
  }

  /** Where the run prints its progress, one line per step (standard error unless set). */
  public NightlyRun progressTo(PrintStream out) {
    this.progress = Objects.requireNonNull(out, "out");
    return this;
  }

  /**
   * Runs. Configuration and the phone key are checked first; then the run takes the warehouse's
   * lease ({@link RunLease}: one run at a time) and gives it back when it ends, however it ends.
   */
  public RunSummary execute() {
    if (cutoffs.isEmpty()) {
      throw Errors.usage("run", "no cut-off to build");
    }
    String runId = UUID.randomUUID().toString();
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    // A cluster run without a key stops here, before it touches the warehouse (even its lease)...
    loadKey(warehouse, new PrintStream(OutputStream.nullOutputStream()));
    String command = backfill ? "run --from " + cutoffs.get(0) + " --to " + cutoffs.get(cutoffs.size() - 1)
        : "run as of " + cutoffs.get(cutoffs.size() - 1);
    try (RunLease lease = RunLease.acquire(spark, warehouse, runId, command, breakLock, progress)) {
      CrashTestPoints.reach("after-lease");
      // ... and loads it again under the lease: a local run waiting for another then finds the key
      // that run generated, not one of its own.
      PhoneKeys.Key key = loadKey(warehouse, progress);
      List<Instant> ordered = cutoffs.stream().sorted().toList();
      int steps = stages.stream().mapToInt(s -> s.progressSteps(ordered.size())).sum();
      RunContext run = new RunContext(spark, warehouse, config, runId, key, ordered, backfill, rekey,
          new Progress(spark, progress, steps), progress);
      return runStages(run);
    }
  }

  private RunSummary runStages(RunContext run) {
    Instant startedAt = Instant.now();
    PlanStage.Planned planned = plan.run(run);
    BronzeStage.Ingested ingested = bronze.run(run, planned);
    CleanStage.Cleaned cleaned = clean.run(run, planned, ingested);
    SilverStage.Attributed attributed = silver.run(run, planned, cleaned);
    GoldStage.Published published = gold.run(run, planned);
    return record.run(run, planned, cleaned, attributed, published, startedAt);
  }

  private PhoneKeys.Key loadKey(Warehouse warehouse, PrintStream out) {
    return PhoneKeys.load(System.getenv(PhoneKeys.ENV), config.phoneKeyFile(), warehouse.root(),
        spark.sparkContext().isLocal(), spark.sparkContext().hadoopConfiguration(), out);
  }
}
