package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.testing.TestSpark;
import io.uptake.testing.TestWarehouses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs on one warehouse at once: one proceeds, the other stops with exit 5 naming the holder
 * and writes nothing; no table is ever doubled or corrupted. (Two runs that race for the lease
 * itself: RunLeaseTest.)
 */
class ConcurrentRunsTest {
  private static final Instant NIGHT = Instant.parse("2021-05-06T10:00:00Z");
  // 3 rows, 2 distinct valid phones, 1 anonymous install.
  private static final String ROWS = "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912345678\",\"province\":\"08\"}\n"
      + "{\"event_time\":\"2021-05-06T09:10:00Z\",\"phone\":\"0912 345 678\",\"province\":\"01\"}\n"
      + "{\"event_time\":\"2021-05-06T09:20:00Z\",\"phone\":\"0987654321\",\"province\":\"01\"}\n"
      + "{\"event_time\":\"2021-05-06T09:30:00Z\",\"province\":\"01\"}\n";

  @TempDir
  Path dir;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void cleanUp() {
    CrashTestPoints.hook = null;
    pool.shutdownNow();
  }

  private UptakeConfig landing() throws IOException {
    Path night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Files.writeString(night.resolve("a.jsonl"), ROWS);
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/c.csv"), "province,district,population,smartphones\n08,,1000,600\n");
    return ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("wh").toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
  }

  @Test
  void aRunStartedWhileAnotherHoldsTheWarehouseStopsAndWritesNothing() throws Exception {
    UptakeConfig config = landing();
    SparkSession spark = TestSpark.session();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CrashTestPoints.hook = point -> {
      if (point.equals("after-lease") && Thread.currentThread().getName().startsWith("first-run")) {
        holding.countDown();
        try {
          letGo.await(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    Future<RunSummary> first = pool.submit(() -> {
      Thread.currentThread().setName("first-run");
      return NightlyRun.of(spark.newSession(), config).asOf(NIGHT).progressTo(quiet()).execute();
    });
    assertThat(holding.await(2, TimeUnit.MINUTES)).as("the first run holds the lease").isTrue();

    assertThatThrownBy(() -> NightlyRun.of(spark.newSession(), config).asOf(NIGHT).progressTo(quiet()).execute())
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUSY))
        .hasMessageMatching("Cannot run on warehouse .*/wh: run [0-9a-f-]{36} \\(run as of 2021-05-06T10:00:00Z, pid "
            + ProcessHandle.current().pid() + " on .*\\) holds it; retry when it ends");
    assertThat(TestWarehouses.deltaTables(dir.resolve("wh"))).as("the stopped run wrote nothing").containsExactly("meta/run_lock");

    letGo.countDown();
    RunSummary done = first.get(3, TimeUnit.MINUTES);
    assertThat(done.phones().counted()).isEqualTo(2);
    RunSummary again = NightlyRun.of(spark, config).asOf(NIGHT).progressTo(quiet()).execute();
    assertThat(again.files().ingested()).isZero();
    assertThat(again.files().alreadyIngested()).isEqualTo(1);
    assertOneNightOnce(spark, config);
  }

  /** The night's rows once in bronze, its phones once in silver and gold, one run row per successful run. */
  private static void assertOneNightOnce(SparkSession spark, UptakeConfig config) {
    Warehouse w = new Warehouse(config.warehouse());
    assertThat(w.read(spark, Table.BRONZE_INSTALLS).count()).isEqualTo(4);
    assertThat(w.read(spark, Table.SILVER_PHONES).count()).isEqualTo(2);
    assertThat(w.read(spark, Table.SILVER_ANONYMOUS_INSTALLS).count()).isEqualTo(1);
    assertThat(w.read(spark, Table.INGESTED_FILES).count()).isEqualTo(1);
    assertThat(w.read(spark, Table.GOLD_ADOPTION).where("row_type = 'national_total'")
        .selectExpr("phones", "installs_without_phone").first().toString()).isEqualTo("[2,1]");
  }
}
