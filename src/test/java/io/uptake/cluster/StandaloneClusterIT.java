package io.uptake.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.generate.LandingSetGenerator;
import io.uptake.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The application jar on a real Spark standalone cluster (a master and two one-core workers, each
 * its own JVM, on 127.0.0.1), submitted by {@code jobs/nightly.sh} in client mode, with one
 * executor JVM killed while it runs tasks: the gold tables equal those of a {@code local[2]} run of
 * {@code jobs/uptake} on the same input.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final LocalDate DAY = LocalDate.of(2021, 5, 6);
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private Path driverDir;
  private StandaloneCluster cluster;
  private int driverUi;
  private List<String> submit;
  private Map<String, String> env;

  /** The landing set, and the reference: jobs/uptake on local[2], run before the cluster starts (two cores only here). */
  @BeforeAll
  void landTheDataRunLocallyAndStartTheCluster() throws Exception {
    dir = Path.of(System.getProperty("uptake.it.dir", "target/it")).toAbsolutePath().resolve("cluster");
    deleteTree(dir);
    driverDir = Files.createDirectories(dir.resolve("driver"));
    LandingSetGenerator.generate(dir.resolve("landing"), new LandingSetGenerator.Options(40_000, 3, 7L, DAY, ZONE));
    // Relative paths, resolved from the driver's working directory; executors must never see them.
    Files.writeString(driverDir.resolve("uptake-it.yaml"), String.join("\n",
        "warehouse: wh-cluster",
        "time_zone: Asia/Ho_Chi_Minh",
        "inputs:",
        "  installs: ../landing/installs",
        "  census: ../landing/census",
        ""), StandardCharsets.UTF_8);

    long localStart = System.nanoTime();
    ProcessBuilder localRun = new ProcessBuilder(PROJECT.resolve("jobs/uptake").toString(), "run",
        "--config", "uptake-it.yaml", "--warehouse", "wh-local", "--date", DAY.toString())
        .directory(driverDir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("local.log").toFile());
    localRun.environment().put("UPTAKE_NO_BUILD", "1"); // never a Maven build inside Maven's verify
    localRun.environment().put("UPTAKE_SPARK_MASTER", "local[2]");
    localRun.environment().put("UPTAKE_JAVA_OPTS", "-Xmx1g");
    Process local = localRun.start();
    try {
      assertThat(local.waitFor(4, TimeUnit.MINUTES)).as("local run finished").isTrue();
    } finally {
      local.descendants().forEach(ProcessHandle::destroyForcibly);
      local.destroyForcibly();
    }
    assertThat(local.exitValue()).as("local run: %s", StandaloneCluster.readLenient(dir.resolve("local.log"))).isZero();
    System.out.printf("cluster IT: local[2] run %.1f s%n", (System.nanoTime() - localStart) / 1e9);

    Path lib = Path.of(System.getProperty("uptake.it.sparkJars", "target/lib"));
    String opens = System.getProperty("uptake.test.jvmOpens", "");
    cluster = StandaloneCluster.start(dir, lib, PROJECT.resolve("conf/log4j2.properties"), opens, 2, "1g");
    driverUi = StandaloneCluster.freePort();
    submit = List.of(PROJECT.resolve("jobs/nightly.sh").toString(),
        "--master", cluster.masterUrl(), "--config", "uptake-it.yaml",
        "--conf", "spark.ui.port=" + driverUi,
        "--conf", "spark.executor.memory=640m",
        "--conf", "spark.cores.max=2",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "--", "run", "--date", DAY.toString());
    env = new HashMap<>(cluster.submitEnvironment());
    env.put("UPTAKE_JAR", System.getProperty("uptake.it.appJar", PROJECT.resolve("target/uptake.jar").toString()));
  }

  @AfterAll
  void stopTheCluster() {
    if (cluster != null) {
      cluster.close();
      assertThat(cluster.leftovers()).as("no process of the cluster outlives it").isEmpty();
    }
  }

  @Test
  @Order(1)
  void aClusterRunWithoutAPhoneKeyStopsBeforeAnyWrite() throws Exception {
    Map<String, String> keyless = new HashMap<>(env);
    keyless.remove("UPTAKE_PHONE_KEY");
    Process run = cluster.startTracked("keyless", submit, driverDir, keyless);
    assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the keyless run stopped").isTrue();
    String log = StandaloneCluster.readLenient(cluster.log("keyless"));
    assertThat(run.exitValue()).as("keyless run: %s", log).isEqualTo(2);
    assertThat(log).contains("Cannot pseudonymize phones: no phone key; set the environment variable UPTAKE_PHONE_KEY");
    assertThat(driverDir.resolve("wh-cluster")).as("nothing written").doesNotExist();
  }

  @Test
  @Order(2)
  void theClusterRunSurvivesAnExecutorLossAndEqualsTheLocalRun() throws Exception {
    Map<String, String> keyed = new HashMap<>(env);
    keyed.put("UPTAKE_PHONE_KEY", "5a".repeat(32));
    long start = System.nanoTime();
    Process driver = cluster.startTracked("driver", submit, driverDir, keyed);
    String killed = killAnExecutorWhileItCleans(driver, Duration.ofMinutes(4));
    boolean done = driver.waitFor(5, TimeUnit.MINUTES);
    String driverLog = StandaloneCluster.readLenient(cluster.log("driver"));
    assertThat(done).as("the driver finished:%s", cluster.diagnostics()).isTrue();
    assertThat(driver.exitValue()).as("driver exit status:%s", cluster.diagnostics()).isZero();
    assertThat(killed).as("an executor was killed while running tasks:%s", cluster.diagnostics()).isNotNull();
    assertThat(driverLog).as("the driver saw the executor go").contains("Lost executor " + killed + " ");
    long launched = cluster.executorsLaunched();
    assertThat(launched).as("the master replaced the killed executor").isGreaterThanOrEqualTo(3);
    assertThat(driverLog).contains("Configuration: " + driverDir.resolve("uptake-it.yaml"))
        .contains("Phone key: from UPTAKE_PHONE_KEY (key id ").doesNotContain("5a".repeat(32));
    System.out.printf("cluster IT: cluster run %.1f s (executor %s killed, %d executors launched)%n",
        (System.nanoTime() - start) / 1e9, killed, launched);

    SparkSession spark = TestSpark.session();
    Warehouse onCluster = new Warehouse(driverDir.resolve("wh-cluster").toString());
    Warehouse onLocal = new Warehouse(driverDir.resolve("wh-local").toString());
    for (Table t : new Table[] {Table.GOLD_ADOPTION, Table.GOLD_ADOPTION_DAILY}) {
      List<String> want = rows(onLocal.read(spark, t).collectAsList());
      List<String> got = rows(onCluster.read(spark, t).collectAsList());
      assertThat(want).as("%s has rows", t).hasSizeGreaterThan(700);
      assertThat(got).as("%s on the cluster", t).isEqualTo(want);
    }
  }

  /**
   * Waits, by the driver's REST API, until a job of the clean stage is running and an executor has
   * a task of it active, then SIGKILLs that executor's JVM. Returns its id, or null if the driver
   * ended first. The clean stage runs tasks on every executor for most of the run, so the kill
   * lands while work is under way.
   */
  private String killAnExecutorWhileItCleans(Process driver, Duration timeout) throws IOException, InterruptedException {
    String api = "http://127.0.0.1:" + driverUi + "/api/v1/applications";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      JsonNode apps = json(StandaloneCluster.get(api));
      if (apps == null || !apps.has(0)) {
        continue;
      }
      String app = api + "/" + apps.get(0).get("id").asText();
      JsonNode jobs = json(StandaloneCluster.get(app + "/jobs?status=running"));
      boolean cleaning = jobs != null && java.util.stream.StreamSupport.stream(jobs.spliterator(), false)
          .anyMatch(j -> j.path("description").asText().startsWith("uptake: clean"));
      JsonNode executors = cleaning ? json(StandaloneCluster.get(app + "/executors")) : null;
      if (executors == null) {
        continue;
      }
      Map<String, ProcessHandle> jvms = cluster.executors();
      for (JsonNode e : executors) {
        String id = e.get("id").asText();
        if (!id.equals("driver") && e.get("activeTasks").asInt() > 0 && jvms.containsKey(id)) {
          jvms.get(id).destroyForcibly(); // SIGKILL
          return id;
        }
      }
    }
    return null;
  }

  /** The JSON of a REST answer; null for none, or for the page the UI serves while it starts ("Spark is starting up"). */
  private static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static List<String> rows(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
