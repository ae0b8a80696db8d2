package io.uptake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.testing.SharedGold;
import io.uptake.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gold tables open in a Delta reader other than Spark: Delta Kernel, run in a child JVM whose
 * classpath holds Kernel and its own Hadoop and Parquet and no Spark (built from src/test/kernel),
 * reads every row of both gold tables, and they equal what Spark reads. The tables keep the
 * plainest protocol (reader 1, writer 2, no table features), which every Delta reader supports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeltaKernelReadIT {
  private static final Path READER = Path.of(System.getProperty("uptake.it.kernelReader", "target/kernel-reader"));

  @TempDir
  static Path dir;

  private SparkSession spark;
  private UptakeConfig config;

  @BeforeAll
  void twoSnapshots() {
    spark = TestSpark.session();
    config = SharedGold.config();
  }

  @Test
  void deltaKernelReadsBothGoldTablesAsSparkDoes() throws Exception {
    for (Table table : List.of(Table.GOLD_ADOPTION, Table.GOLD_ADOPTION_DAILY)) {
      String path = config.warehouse() + "/" + table.relativePath();
      List<String> lines = kernelRead(path);
      List<Row> spark = this.spark.read().format("delta").load(path).collectAsList();
      org.apache.spark.sql.types.StructType schema = this.spark.read().format("delta").load(path).schema();

      long version = io.delta.tables.DeltaTable.forPath(this.spark, path).history(1).first().getLong(0);
      assertThat(lines.get(0)).as(table + " version").isEqualTo("version " + version);
      assertThat(lines.get(1)).as(table + " columns, in order").startsWith("schema " + schema.fields()[0].name() + ":");
      List<String> kernelColumns = new ArrayList<>();
      for (String f : lines.get(1).substring("schema ".length()).split(" ")) {
        kernelColumns.add(f.substring(0, f.indexOf(':')));
      }
      assertThat(kernelColumns).isEqualTo(List.of(schema.fieldNames()));

      ObjectMapper json = new ObjectMapper();
      Map<Map<String, Object>, Integer> byKernel = new HashMap<>();
      for (String line : lines.subList(2, lines.size())) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        JsonNode node = json.readTree(line);
        node.fields().forEachRemaining(e -> row.put(e.getKey(), plain(e.getValue())));
        byKernel.merge(row, 1, Integer::sum);
      }
      Map<Map<String, Object>, Integer> bySpark = new HashMap<>();
      for (Row r : spark) {
        bySpark.merge(plain(r, schema.fields()), 1, Integer::sum);
      }
      assertThat(spark).as(table + " rows").hasSizeGreaterThan(1000);
      assertThat(byKernel).as(table + ": Kernel's rows against Spark's").isEqualTo(bySpark);
    }
  }

  @Test
  void goldTablesUseTheBaseProtocolWithNoTableFeatures() throws Exception {
    for (Table table : List.of(Table.GOLD_ADOPTION, Table.GOLD_ADOPTION_DAILY)) {
      JsonNode protocol = null;
      List<Path> commits;
      try (Stream<Path> log = Files.list(Path.of(config.warehouse(), table.relativePath(), "_delta_log"))) {
        commits = log.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
      }
      for (Path commit : commits) {
        for (String action : Files.readAllLines(commit)) {
          JsonNode node = new ObjectMapper().readTree(action);
          if (node.has("protocol")) {
            protocol = node.get("protocol");
          }
        }
      }
      assertThat(protocol).as(table + " protocol action").isNotNull();
      assertThat(protocol.get("minReaderVersion").asInt()).as(table + " reader version").isEqualTo(1);
      assertThat(protocol.get("minWriterVersion").asInt()).as(table + " writer version").isEqualTo(2);
      assertThat(protocol.has("readerFeatures") || protocol.has("writerFeatures")).as(table + " features").isFalse();
    }
  }

  private static List<String> kernelRead(String tablePath) throws Exception {
    assertThat(READER.resolve("classes/io/uptake/kernel/KernelRead.class"))
        .as("the Kernel reader, built by `mvn verify` (pre-integration-test) from src/test/kernel").exists();
    String classpath = READER.resolve("classes") + java.io.File.pathSeparator + READER.resolve("lib") + "/*";
    Path out = dir.resolve("kernel-" + System.nanoTime() + ".out");
    Path err = dir.resolve("kernel-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", classpath, "io.uptake.kernel.KernelRead", tablePath)
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("Kernel reader finished").isTrue();
    assertThat(p.exitValue()).as("Kernel reader's exit; its stderr: " + Files.readString(err)).isZero();
    String classpathUsed = classpath;
    assertThat(classpathUsed).doesNotContain("spark");
    try (Stream<Path> jars = Files.list(READER.resolve("lib"))) {
      assertThat(jars.map(j -> j.getFileName().toString()).filter(n -> n.contains("spark")).toList())
          .as("Spark jars on the Kernel reader's classpath").isEmpty();
    }
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  /** A JSON value as the Java value Spark's row gives, after {@link #plain(Row, StructField[])}. */
  private static Object plain(JsonNode v) {
    if (v.isNull()) {
      return null;
    } else if (v.isTextual()) {
      return v.asText();
    } else if (v.isBoolean()) {
      return v.asBoolean();
    } else if (v.isIntegralNumber()) {
      return v.asLong();
    }
    return v.asDouble();
  }

  /** Spark's row in Kernel's terms: timestamps in microseconds, dates in days, integers as longs. */
  private static Map<String, Object> plain(Row r, StructField[] fields) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < fields.length; i++) {
      Object v = r.isNullAt(i) ? null : r.get(i);
      if (v instanceof java.sql.Timestamp t) {
        Instant at = t.toInstant();
        v = ChronoUnit.MICROS.between(Instant.EPOCH, at);
      } else if (v instanceof java.sql.Date d) {
        v = d.toLocalDate().toEpochDay();
      } else if (v instanceof Integer n) {
        v = n.longValue();
      } else if (v != null && fields[i].dataType() == DataTypes.FloatType) {
        throw new AssertionError("no float columns expected in gold");
      }
      m.put(fields[i].name(), v);
    }
    return m;
  }
}
