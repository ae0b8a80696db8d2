package io.uptake.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLeaseTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private RunLease acquire(SparkSession spark, Warehouse w, String runId, boolean breakLock) {
    return RunLease.acquire(spark, w, runId, "run test", breakLock, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void ofTwoRunsTryingAtOnceExactlyOneHoldsTheLease() throws Exception {
    SparkSession spark = TestSpark.session();
    Warehouse w = new Warehouse(dir.resolve("wh").toString());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<RunLease>> tries = new ArrayList<>();
        for (String id : List.of("a" + round, "b" + round)) {
          SparkSession session = spark.newSession();
          tries.add(pool.submit(() -> {
            together.await(30, TimeUnit.SECONDS);
            return acquire(session, w, id, false);
          }));
        }
        List<RunLease> held = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        for (Future<RunLease> t : tries) {
          try {
            held.add(t.get(2, TimeUnit.MINUTES));
          } catch (java.util.concurrent.ExecutionException e) {
            refused.add(e.getCause());
          }
        }
        assertThat(held).as("round %d: one holder", round).hasSize(1);
        assertThat(refused).as("round %d", round).hasSize(1);
        assertThat(refused.get(0))
            .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUSY))
            .hasMessageContaining("Cannot run on warehouse " + dir.resolve("wh") + ": run ")
            .hasMessageContaining(" holds it; retry when it ends");
        String holder = RunLease.holder(spark, w.path(Table.RUN_LOCK)).orElseThrow().runId();
        assertThat(List.of("a" + round, "b" + round)).contains(holder);
        held.get(0).close();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLiveHolderStopsTheNextRunUntilItReleases() {
    SparkSession spark = TestSpark.session();
    Warehouse w = new Warehouse(dir.resolve("wh").toString());
    RunLease first = acquire(spark, w, "first", false);
    assertThatThrownBy(() -> acquire(spark, w, "second", false))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUSY))
        .hasMessageMatching("Cannot run on warehouse .*: run first \\(run test, pid " + ProcessHandle.current().pid()
            + " on .*, since .*\\) holds it; retry when it ends");
    first.close();
    acquire(spark, w, "second", false).close();
  }

  @Test
  void theLeaseOfAProcessThatIsGoneIsTakenOverAndAForeignHostsOnlyWithBreakLock() throws Exception {
    SparkSession spark = TestSpark.session();
    Warehouse w = new Warehouse(dir.resolve("wh").toString());
    acquire(spark, w, "setup", false).close();
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    String lock = w.path(Table.RUN_LOCK);
    spark.sql("UPDATE delta.`" + lock + "` SET run_id = 'killed', pid = " + dead.pid() + ", released_at = NULL");
    acquire(spark, w, "after-kill", false).close();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Taking over the lease of run killed (run test, pid " + dead.pid());

    spark.sql("UPDATE delta.`" + lock + "` SET run_id = 'elsewhere', host = 'worker-7', released_at = NULL");
    assertThatThrownBy(() -> acquire(spark, w, "here", false))
        .hasMessageContaining("run elsewhere (run test, pid ")
        .hasMessageEndingWith("holds it; retry when it ends, or if it died on worker-7, rerun with --break-lock");
    acquire(spark, w, "here", true).close();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Breaking the lease of run elsewhere");
    assertThat(RunLease.holder(spark, lock).orElseThrow().releasedAt()).isNotNull();
  }

  @Test
  void theHolderNotedInTheLatestCommitIsTheTablesRow() {
    SparkSession spark = TestSpark.session();
    Warehouse w = new Warehouse(dir.resolve("wh").toString());
    String lock = w.path(Table.RUN_LOCK);
    for (boolean released : new boolean[] {false, true}) {
      RunLease lease = acquire(spark, w, "noted", false);
      if (released) {
        lease.close();
      }
      RunLease.Holder noted = RunLease.holder(spark, lock).orElseThrow();
      org.apache.spark.sql.Row row = spark.read().format("delta").load(lock).first();
      assertThat(List.of(noted.generation(), noted.runId(), noted.command(), noted.host(), noted.pid(),
          micros(noted.acquiredAt()), released ? micros(noted.releasedAt()) : "none"))
          .isEqualTo(List.of(row.getLong(0), row.getString(1), row.getString(2), row.getString(3), row.getLong(4),
              micros(row.getTimestamp(6).toInstant()), released ? micros(row.getTimestamp(7).toInstant()) : "none"));
      assertThat(noted.releasedAt() == null).isEqualTo(row.isNullAt(7)).isEqualTo(!released);
      if (!released) {
        lease.close();
      }
    }
  }

  private static String micros(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
  }
}
