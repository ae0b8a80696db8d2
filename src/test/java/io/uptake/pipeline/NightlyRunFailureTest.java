package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.OnBadFile;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run that meets a contradiction or an unreadable file stops with a message naming the file,
 * line and value, and leaves every table of the warehouse at the version it had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightlyRunFailureTest {
  private static final Instant CUTOFF = Instant.parse("2021-05-06T10:00:00Z");
  private static final String GOOD_CENSUS = "province,district,population,smartphones\n"
      + "08,,1000,600\n08,Na Hang,400,200\n08,Huyện Lâm Bình,300,150\n";

  @TempDir
  static Path dir;

  private SparkSession spark;
  private UptakeConfig config;
  private Map<Table, Long> versionsAfterGoodRun;

  @BeforeAll
  void goodRun() throws IOException {
    spark = TestSpark.session();
    Path installs = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Files.writeString(installs.resolve("a.jsonl"),
        "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912345678\",\"province\":\"08\",\"district\":\"Nà Hang\"}\n"
            + "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912345679\",\"province\":\"Tuyên Quang\"}\n",
        StandardCharsets.UTF_8);
    writeCensus(GOOD_CENSUS);
    config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
    RunSummary summary = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(summary.phones().counted()).isEqualTo(2);
    versionsAfterGoodRun = versions();
  }

  @BeforeEach
  void restoreInputs() throws IOException {
    writeCensus(GOOD_CENSUS);
    Files.deleteIfExists(dir.resolve("installs/date=2021-05-06/broken.csv.gz"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "same area twice|08,Na Hang,401,|zz-extra.csv line 2: population of Huyện Na Hang is 401, but ",
      "area does not resolve|08,Khu Vực 51,10,|zz-extra.csv line 2: district 'Khu Vực 51' matches no district",
      "districts above province|08,Huyện Chiêm Hóa,400,|population.csv line 2: the districts of Tỉnh Tuyên Quang sum to 1100 population, above the province's own row (1000)",
      "negative count|08,Huyện Chiêm Hóa,-3,|zz-extra.csv line 2: population is '-3': a count cannot be negative",
      "non-integer count|08,Huyện Chiêm Hóa,\"12,5\",|zz-extra.csv line 2: population is '12,5': not an integer count"})
  void aCensusContradictionStopsTheRunAndChangesNoTable(String name, String row, String message) throws IOException {
    Files.writeString(dir.resolve("census/zz-extra.csv"), "province,district,population,smartphones\n" + row + "\n");
    assertThatThrownBy(() -> NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute())
        .isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot use census " + dir.resolve("census") + "/" + message);
    assertThat(versions()).isEqualTo(versionsAfterGoodRun);
  }

  /** With ingest.on_bad_file: stop (--fail-fast); the default rejects the file and goes on (BadFilesTest). */
  @Test
  void anUnreadableInstallFileStopsAFailFastRunAndChangesNoTable() throws IOException {
    Path broken = dir.resolve("installs/date=2021-05-06/broken.csv.gz");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write("province,phone,event_time\n08,0912345678,2021-05-06T09:00:00Z\n".repeat(500).getBytes(StandardCharsets.UTF_8));
    }
    Files.write(broken, Arrays.copyOf(gz.toByteArray(), gz.size() / 2));

    assertThatThrownBy(() -> NightlyRun.of(spark, config.with(ConfigKey.INGEST_ON_BAD_FILE, OnBadFile.STOP)).asOf(CUTOFF).progressTo(quiet()).execute())
        .satisfies(e -> assertThat(Errors.find(e)).isNotNull()
            .satisfies(u -> assertThat(u.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
            .extracting(Throwable::getMessage).asString()
            .startsWith("Cannot read install log " + broken)
            .contains("the gzip data ends early (truncated); fix or remove the file and rerun"));
    assertThat(versions()).isEqualTo(versionsAfterGoodRun);
  }

  /** Every data table's version (the run lease changes hands, by design, even for a run that stops). */
  private Map<Table, Long> versions() {
    return io.uptake.testing.TestWarehouses.dataVersions(spark, new Warehouse(config.warehouse()));
  }

  private void writeCensus(String text) throws IOException {
    Path census = Files.createDirectories(dir.resolve("census"));
    try (var files = Files.list(census)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.writeString(census.resolve("population.csv"), text, StandardCharsets.UTF_8);
  }
}
