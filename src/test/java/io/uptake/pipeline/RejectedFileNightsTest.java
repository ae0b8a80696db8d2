package io.uptake.pipeline;

import static io.uptake.pipeline.BadFilesTest.ledger;
import static io.uptake.pipeline.BadFilesTest.rows;
import static io.uptake.pipeline.BadFilesTest.truncatedGzip;
import static io.uptake.testing.Fixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.ExitCode;
import io.uptake.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A landing file that cannot be read (truncated gzip, not gzip, not UTF-8, another format than its
 * name says, a CSV header without a required column) is rejected whole: the night goes on with the
 * others, the ledger says why, the run exits 4; unchanged, it is not read again; delivered again
 * fixed, it is ingested. The nights build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RejectedFileNightsTest {
  private static final Instant CUTOFF = Instant.parse("2021-05-06T10:00:00Z");

  @TempDir
  static Path dir;

  private final SparkSession spark = TestSpark.session();
  private Path night;
  private UptakeConfig config;
  private Warehouse warehouse;
  private RunSummary first;

  @BeforeAll
  void firstNight() throws IOException {
    night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Files.writeString(night.resolve("good.jsonl"), rows("0912000001", "0912000002", "0912000003"), StandardCharsets.UTF_8);
    Files.write(night.resolve("truncated.jsonl.gz"), truncatedGzip(rows("0912000011", "0912000012")));
    Files.writeString(night.resolve("plain.jsonl.gz"), rows("0912000021"), StandardCharsets.UTF_8);
    byte[] latin1 = ("event_time,phone,province\n2021-05-06T09:00:00Z,0912000031,08\n"
        + "2021-05-06T09:00:00Z,0912000032,Tuy\u00EAn Quang\n").getBytes(StandardCharsets.ISO_8859_1);
    Files.write(night.resolve("latin1.csv"), latin1);
    Files.writeString(night.resolve("nocolumn.csv"), "event_time,phone\n2021-05-06T09:00:00Z,0912000041\n");
    Files.writeString(night.resolve("json.csv"), rows("0912000051"));
    Files.writeString(night.resolve("header.csv"), "event_time,province,phone\n");
    Files.writeString(night.resolve("header2.csv"), "event_time,province,phone\n"); // same bytes: empty, not a duplicate
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/population.csv"), "province,district,population,smartphones\n08,,1000,600\n");
    config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("wh").toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString())
        .with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
    warehouse = Warehouse.of(spark, config.warehouse());
    first = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
  }

  @Test
  @Order(1)
  void theNightGoesOnWithTheReadableFilesAndExitsFour() {
    assertThat(first.exitCode()).isEqualTo(ExitCode.COMPLETED_WITH_REJECTED_FILES);
    assertThat(first.exitCode().status()).isEqualTo(4);
    assertThat(first.files().ingested()).isEqualTo(3);
    assertThat(first.files().empty()).isEqualTo(2);
    assertThat(first.phones().counted()).as("the good file's phones only").isEqualTo(3);
    assertThat(warehouse.read(spark, Table.BRONZE_INSTALLS).select("source_file").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("file:" + night.resolve("good.jsonl"));
  }

  @Test
  @Order(1)
  void theSummaryNamesEachRejectedFileWithItsLineAndReason() {
    assertThat(first.files().rejected()).containsExactlyInAnyOrder(
        night.resolve("nocolumn.csv") + ": line 1: the CSV header lacks a required column (no 'province' among its 2 columns)",
        night.resolve("json.csv") + ": line 1: the file is not the format its name says (its first line is JSON, not a CSV header)",
        night.resolve("latin1.csv") + ": line 3: the file is not valid UTF-8",
        night.resolve("plain.jsonl.gz") + ": the file is not the format its name says (the name ends in .gz, but the data is not gzip)",
        night.resolve("truncated.jsonl.gz") + ": the gzip data ends early (truncated)");
    assertThat(first.render()).contains("files rejected        5").contains("2 with no rows")
        .contains(night.resolve("latin1.csv") + ": line 3");
  }

  @Test
  @Order(1)
  void theLedgerAndTheRunLogSayWhy() {
    assertThat(ledger(spark, warehouse)).hasSize(8).containsEntry("good.jsonl", "ingested|null")
        .containsEntry("header.csv", "empty|null").containsEntry("header2.csv", "empty|null")
        .containsEntry("nocolumn.csv", "rejected|line 1: the CSV header lacks a required column (no 'province' among its 2 columns)")
        .containsEntry("latin1.csv", "rejected|line 3: the file is not valid UTF-8")
        .containsEntry("truncated.jsonl.gz", "rejected|the gzip data ends early (truncated)")
        .containsEntry("plain.jsonl.gz", "rejected|the file is not the format its name says (the name ends in .gz, but the data is not gzip)");
    Row logged = warehouse.read(spark, Table.RUNS).first();
    assertThat(logged.<scala.collection.Seq<String>>getAs("files_rejected").size()).isEqualTo(5);
  }

  @Test
  @Order(2)
  void unchangedTheyAreNotReadOrReportedAgain() {
    long ledgerVersion = warehouse.version(spark, Table.INGESTED_FILES);
    RunSummary second = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(second.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(second.files().stillRejected()).isEqualTo(5);
    assertThat(second.files().rejected()).isEmpty();
    assertThat(second.render()).contains("5 rejected before and unchanged");
    assertThat(warehouse.version(spark, Table.INGESTED_FILES)).as("no ledger commit").isEqualTo(ledgerVersion);
  }

  /** Delivered again, fixed, under the same name: a new file, not a "changed" one. */
  @Test
  @Order(3)
  void deliveredAgainFixedOneIsIngested() throws IOException {
    Files.writeString(night.resolve("latin1.csv"), "event_time,phone,province\n2021-05-06T09:00:00Z,0912000031,08\n"
        + "2021-05-06T09:00:00Z,0912000032,Tuyên Quang\n", StandardCharsets.UTF_8);
    RunSummary third = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(third.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(third.files().ingested()).isEqualTo(1);
    assertThat(third.files().stillRejected()).isEqualTo(4);
    assertThat(third.phones().counted()).isEqualTo(5);
    assertThat(ledger(spark, warehouse)).containsEntry("latin1.csv", "ingested|null");
  }
}
