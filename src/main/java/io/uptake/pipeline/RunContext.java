package io.uptake.pipeline;

import io.uptake.config.UptakeConfig;
import io.uptake.delta.Warehouse;
import io.uptake.privacy.PhoneKeys;
import io.uptake.quality.ExpectationResult;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage of one run shares: the session, the warehouse it holds the lease of, the
 * configuration, the run's id and phone key, what it was asked to do, and where progress goes.
 *
 * @param cutoffs the snapshots to build, in time order: silver ends as of the last
 * @param backfill whether silver is rebuilt from all of bronze on request ({@code --from/--to})
 * @param rekey whether a phone key other than silver's is accepted (silver then rebuilt under it)
 */
record RunContext(SparkSession spark, Warehouse warehouse, UptakeConfig config, String runId, PhoneKeys.Key phoneKey,
    List<Instant> cutoffs, boolean backfill, boolean rekey, Progress progress, PrintStream out) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NightlyRun.class);

  /** The latest cut-off: the one {@code silver/phones} is as of after the run. */
  Instant latest() {
    return cutoffs.get(cutoffs.size() - 1);
  }

  /** A place a crash test may stop the run at (nothing happens in a real run). */
  void crashTestPoint(String name) {
    CrashTestPoints.reach(name);
  }

  /** Expectations that warn (or quarantine) go to the progress output and the log as they are found. */
  void warnAbout(List<ExpectationResult> results) {
    for (ExpectationResult r : results) {
      if (!r.held() && !r.failed()) {
        out.println("      expectation " + r.name() + " " + r.outcome() + ": " + r.detail());
        LOG.warn("Expectation {} {}: {}", r.name(), r.outcome(), r.detail());
      }
    }
  }
}
