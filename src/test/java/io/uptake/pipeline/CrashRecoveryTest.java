package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.generate.LandingSetGenerator;
import io.uptake.testing.TestFiles;
import io.uptake.testing.TestSpark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nightly job stops in a child JVM at each point between its commits (after bronze, after the
 * silver/phones MERGE, after the state's append, before the gold write) and is killed with SIGKILL at
 * the last; a rerun from the state at each point then leaves every table as an uninterrupted night
 * would have. One child serves every point: while it waits at an earlier point (writing nothing),
 * the test copies its warehouse, which is byte for byte what a kill there would leave, then lets it
 * go on. Four children (one per point) cost two more minutes on two cores for the same files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate NIGHT_2 = LocalDate.of(2021, 5, 6);

  @TempDir
  static Path dir;

  private SparkSession spark;
  private LandingSetGenerator.Summary landing;
  private Path afterNight1;
  private Path reference;
  private static final List<String> POINTS = List.of("after-bronze", "after-phones", "after-state", "before-gold");
  private static final String KILLED_AT = POINTS.get(POINTS.size() - 1);
  private final Set<String> reached = ConcurrentHashMap.newKeySet();
  private Throwable childFailure;
  private boolean killed;
  // The uninterrupted night's tables, read once for the four comparisons.
  private final Map<Table, List<String>> expectedRows = new java.util.EnumMap<>(Table.class);

  @BeforeAll
  void nightOneThenCrashedAndUninterruptedNightTwos() throws Exception {
    spark = TestSpark.session();
    landing = LandingSetGenerator.generate(dir.resolve("landing"),
        new LandingSetGenerator.Options(400, 2, 11L, NIGHT_2, ZONE));
    Path installs = Files.createDirectories(dir.resolve("installs"));
    TestFiles.copyTree(landing.installsDir().resolve("date=2021-05-05"), installs.resolve("date=2021-05-05"));
    afterNight1 = dir.resolve("wh-night1");
    NightlyRun.of(spark, config(afterNight1)).asOf(config(afterNight1).cutoffOf(NIGHT_2.minusDays(1))).progressTo(quiet()).execute();
    TestFiles.copyTree(landing.installsDir().resolve("date=2021-05-06"), installs.resolve("date=2021-05-06"));

    // The child runs while this JVM computes the uninterrupted night.
    Path childWarehouse = dir.resolve("wh-" + KILLED_AT);
    TestFiles.copyTree(afterNight1, childWarehouse);
    Process child = startNightTwo(childWarehouse);
    CompletableFuture<Void> atLastPoint = followPauses(child, childWarehouse);
    try {
      reference = dir.resolve("wh-reference");
      TestFiles.copyTree(afterNight1, reference);
      NightlyRun.of(spark, config(reference)).asOf(config(reference).cutoffOf(NIGHT_2)).progressTo(quiet()).execute();
      try {
        atLastPoint.get(5, TimeUnit.MINUTES);
      } catch (Exception e) {
        childFailure = e;
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks, no lease release
      child.waitFor(60, TimeUnit.SECONDS);
      killed = !child.isAlive() && child.exitValue() != 0;
    }
  }

  static List<String> points() {
    return POINTS;
  }

  @ParameterizedTest
  @MethodSource("points")
  void aRerunFromTheStateAtEachPointLeavesEveryTableAsAnUninterruptedNight(String point) throws Exception {
    if (!reached.contains(point)) {
      throw new AssertionError("the child never reached " + point, childFailure);
    }
    assertThat(killed).as("the child was killed at %s, not finished", KILLED_AT).isTrue();
    Path warehouse = dir.resolve("wh-" + point);

    NightlyRun.of(spark, config(warehouse)).asOf(config(warehouse).cutoffOf(NIGHT_2)).progressTo(quiet()).execute();

    Warehouse actual = new Warehouse(warehouse.toString());
    Warehouse expected = new Warehouse(reference.toString());
    for (Map.Entry<Table, String[]> t : Map.of(
        Table.BRONZE_INSTALLS, new String[] {"source_file", "line_number", "event_time", "phone", "province", "district",
            "extra_fields", "parse_error", "raw_line"},
        Table.QUARANTINE_INSTALLS, new String[] {"source_file", "line_number", "reason", "value"},
        Table.SILVER_ANONYMOUS_INSTALLS, new String[] {"source_file", "line_number", "event_time", "province_code", "district_code"},
        Table.SILVER_PHONE_PROVINCES, new String[] {"phone_key", "province_code", "first_event", "first_district_event"},
        Table.SILVER_PHONES, new String[] {"phone_key", "province_code", "district_code", "attributed_at", "first_seen"},
        Table.INGESTED_FILES, new String[] {"path", "size", "checksum"},
        Table.GOLD_ADOPTION, new String[] {"*"}).entrySet()) {
      // A few thousand rows at most here: comparing sorted text on the driver is exact and quick.
      List<String> want = expectedRows.computeIfAbsent(t.getKey(), k -> rows(project(expected.read(spark, k), t.getValue())));
      List<String> got = rows(project(actual.read(spark, t.getKey()), t.getValue()));
      assertThat(got).as("%s after a crash %s", t.getKey(), point).hasSize(want.size()).isEqualTo(want);
    }
  }

  private static List<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static Dataset<Row> project(Dataset<Row> df, String[] columns) {
    if (columns.length == 1 && columns[0].equals("*")) {
      return df;
    }
    // Maps cannot be compared by Spark's set operations: compare their text.
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (String c : columns) {
      cols.add(c.equals("extra_fields") ? col(c).cast("string").as(c) : col(c));
    }
    return df.select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }

  private Process startNightTwo(Path warehouse) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    for (String flag : System.getProperty("uptake.test.jvmOpens", "").split(" ")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=2",
        "-D" + CrashTestPoints.PROPERTY + "=" + String.join(",", POINTS),
        "-cp", System.getProperty("java.class.path"), "io.uptake.cli.Main", "run",
        "--installs", dir.resolve("installs").toString(), "--census", landing.censusDir().toString(),
        "--warehouse", warehouse.toString(), "--date", NIGHT_2.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /**
   * Copies the child's warehouse at each pause but the last and lets it go on; completes at the
   * last pause, or fails with the child's output if it ends first.
   */
  private CompletableFuture<Void> followPauses(Process child, Path childWarehouse) {
    CompletableFuture<Void> atLast = new CompletableFuture<>();
    Thread follower = new Thread(() -> {
      StringBuilder seen = new StringBuilder();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
           Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (!line.startsWith("UPTAKE-PAUSED ")) {
            seen.append(line).append('\n');
            continue;
          }
          String point = line.substring("UPTAKE-PAUSED ".length());
          if (!point.equals(KILLED_AT)) {
            TestFiles.copyTree(childWarehouse, dir.resolve("wh-" + point));
          }
          reached.add(point);
          if (point.equals(KILLED_AT)) {
            atLast.complete(null);
          } else {
            in.write("go on\n");
            in.flush();
          }
        }
      } catch (IOException | RuntimeException e) {
        atLast.completeExceptionally(e); // no effect once complete: the child was killed
      }
      atLast.completeExceptionally(new AssertionError("the child ended before " + KILLED_AT + ":\n" + seen));
    }, "crash-child");
    follower.setDaemon(true);
    follower.start();
    return atLast;
  }

  private UptakeConfig config(Path warehouse) {
    return ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, warehouse.toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, landing.censusDir().toString());
  }
}
