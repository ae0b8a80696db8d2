package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.UptakeException;
import io.uptake.ingest.InstallLogReader;
import io.uptake.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
 * Nights one after another on one warehouse: a file is ingested once, whatever is delivered again;
 * a changed file stops the run unless configured to replace it. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalIngestTest {
  private static final Instant NIGHT_1 = Instant.parse("2021-05-05T10:00:00Z");
  private static final Instant NIGHT_2 = Instant.parse("2021-05-06T10:00:00Z");
  private static final String A = "{\"event_time\":\"2021-05-05T09:00:00Z\",\"phone\":\"0912345678\",\"province\":\"08\",\"district\":\"072\"}\n"
      + "{\"event_time\":\"2021-05-05T09:30:00Z\",\"phone\":\"0987654321\",\"province\":\"01\"}\n";
  private static final String B = "event_time,phone,province,district\n"
      + "2021-05-06T09:00:00Z,0912345678,79,760\n"
      + "2021-05-06T09:10:00Z,0911111111,79,760\n";

  @TempDir
  static Path dir;

  private SparkSession spark;
  private UptakeConfig config;
  private Warehouse warehouse;
  private Path installs;

  @BeforeAll
  void firstNight() throws IOException {
    spark = TestSpark.session();
    installs = dir.resolve("installs");
    write("date=2021-05-05/a.jsonl", A);
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/c.csv"), "province,district,population,smartphones\n08,,1000,600\n");
    config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, installs.toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
    warehouse = new Warehouse(config.warehouse());
    RunSummary night1 = NightlyRun.of(spark, config).asOf(NIGHT_1).progressTo(quiet()).execute();
    assertThat(night1.files().ingested()).isEqualTo(1);
    assertThat(night1.rows().ingested()).isEqualTo(2);
  }

  @Test
  @Order(1)
  void aRerunIngestsNothingAndWritesNoBronzeOrLedgerCommit() {
    long bronzeVersion = version(Table.BRONZE_INSTALLS);
    long ledgerVersion = version(Table.INGESTED_FILES);
    long censusVersion = version(Table.SILVER_CENSUS);
    RunSummary rerun = NightlyRun.of(spark, config).asOf(NIGHT_1).progressTo(quiet()).execute();
    assertThat(version(Table.SILVER_CENSUS)).as("the same census: not written again").isEqualTo(censusVersion);
    List<Row> stored = warehouse.read(spark, Table.SILVER_CENSUS).collectAsList();
    List<io.uptake.ingest.CensusEntry> entries = stored.stream().map(r -> new io.uptake.ingest.CensusEntry(r.getString(0),
        r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getLong(5))).toList();
    assertThat(GoldStage.sameCensus(stored, new io.uptake.ingest.CensusTable(entries, List.of()))).isTrue();
    List<io.uptake.ingest.CensusEntry> changed = new java.util.ArrayList<>(entries);
    io.uptake.ingest.CensusEntry e = changed.get(0);
    changed.set(0, new io.uptake.ingest.CensusEntry(e.provinceCode(), e.districtCode(), e.denominator(), e.value() + 1,
        e.sourceFile(), e.lineNumber()));
    assertThat(GoldStage.sameCensus(stored, new io.uptake.ingest.CensusTable(changed, List.of()))).as("one figure changed").isFalse();
    assertThat(GoldStage.sameCensus(stored, new io.uptake.ingest.CensusTable(entries.subList(1, entries.size()), List.of())))
        .as("one figure fewer").isFalse();
    assertThat(rerun.files().ingested()).isZero();
    assertThat(rerun.files().alreadyIngested()).isEqualTo(1);
    assertThat(bronzeRows()).isEqualTo(2);
    assertThat(version(Table.BRONZE_INSTALLS)).isEqualTo(bronzeVersion);
    assertThat(version(Table.INGESTED_FILES)).isEqualTo(ledgerVersion);
  }

  @Test
  @Order(2)
  void aNewNightAddsOnlyItsFilesAndADuplicateDeliveryAddsNothing() throws IOException {
    write("date=2021-05-06/b.csv", B);
    write("date=2021-05-06/a (copy).jsonl", A);
    // Silver as an earlier version left it, with every phone's latest event: the night drops it.
    for (Table t : new Table[] {Table.SILVER_PHONE_PROVINCES, Table.SILVER_PHONES}) {
      warehouse.overwrite(warehouse.read(spark, t).withColumn(t == Table.SILVER_PHONES ? "last_seen" : "last_event",
          org.apache.spark.sql.functions.current_timestamp()), t, warehouse.lastCommitNote(spark, t).orElse(null));
    }
    String[] night1Files = warehouse.read(spark, Table.BRONZE_INSTALLS).where("landing_date = DATE'2021-05-05'").inputFiles();
    RunSummary night2 = NightlyRun.of(spark, config).asOf(NIGHT_2).progressTo(quiet()).execute();
    assertThat(warehouse.read(spark, Table.BRONZE_INSTALLS).where("landing_date = DATE'2021-05-05'").inputFiles())
        .as("the night's bronze write leaves older landing dates' files alone").containsExactlyInAnyOrder(night1Files);
    assertThat(night2.files().ingested()).isEqualTo(1);
    assertThat(night2.files().duplicate()).isEqualTo(1);
    assertThat(night2.rows().ingested()).isEqualTo(2);
    assertThat(bronzeRows()).isEqualTo(4);
    assertThat(night2.phones().counted()).as("0912345678 stays where it was first seen").isEqualTo(3);
    assertThat(warehouse.read(spark, Table.INGESTED_FILES).count()).as("the duplicate is remembered").isEqualTo(3);
    assertThat(warehouse.columns(spark, Table.SILVER_PHONE_PROVINCES)).doesNotContain("last_event");
    assertThat(warehouse.columns(spark, Table.SILVER_PHONES)).doesNotContain("last_seen");

  }

  @Test
  @Order(3)
  void aChangedFileStopsTheRunNamingItAndChangesNothing() throws IOException {
    write("date=2021-05-05/a.jsonl", A + "{\"event_time\":\"2021-05-05T09:40:00Z\",\"phone\":\"0900000001\",\"province\":\"01\"}\n");
    long bronzeVersion = version(Table.BRONZE_INSTALLS);
    assertThatThrownBy(() -> NightlyRun.of(spark, config).asOf(NIGHT_2).progressTo(quiet()).execute())
        .isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot ingest " + installs.resolve("date=2021-05-05/a.jsonl") + ": a file of this name was ingested by run ")
        .hasMessageContaining("ingest.on_changed_file: replace");
    assertThat(version(Table.BRONZE_INSTALLS)).isEqualTo(bronzeVersion);
  }

  @Test
  @Order(4)
  void configuredToReplaceItTakesTheNewVersionsRowsInsteadOfTheOld() throws IOException {
    Path yaml = dir.resolve("replace.yaml");
    Files.writeString(yaml, "ingest:\n  on_changed_file: replace\n");
    UptakeConfig replacing = ConfigLoader.load(yaml).with(ConfigKey.WAREHOUSE, config.warehouse())
        .with(ConfigKey.INPUTS_INSTALLS, config.installs()).with(ConfigKey.INPUTS_CENSUS, config.census());
    RunSummary run = NightlyRun.of(spark, replacing).asOf(NIGHT_2).progressTo(quiet()).execute();
    assertThat(run.files().replaced()).isEqualTo(1);
    assertThat(run.rows().ingested()).isEqualTo(3);
    assertThat(bronzeRows()).isEqualTo(5);
    assertThat(run.phones().counted()).isEqualTo(4);
  }

  @Test
  @Order(5)
  void bronzeRowsWrittenBeforeACrashAreReplacedNotDoubledOnTheRerun() throws IOException {
    Path c = write("date=2021-05-07/c.jsonl",
        "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0922222222\",\"province\":\"01\"}\n");
    // What a run that died after its bronze commit and before its ledger commit leaves behind.
    List<String> crashed = List.of(c.toUri().toString().replace("file:///", "file:/"));
    var parsed = InstallLogReader.read(spark, crashed)
        .withColumn("ingest_time", org.apache.spark.sql.functions.current_timestamp())
        .withColumn("run_id", org.apache.spark.sql.functions.lit("crashed"));
    warehouse.replaceRows(parsed, Table.BRONZE_INSTALLS, InstallLogReader.bronzeRowsOf(crashed));
    assertThat(bronzeRows()).isEqualTo(6);

    RunSummary rerun = NightlyRun.of(spark, config).asOf(NIGHT_2).progressTo(quiet()).execute();
    assertThat(rerun.files().ingested()).isEqualTo(1);
    assertThat(bronzeRows()).isEqualTo(6);
    assertThat(warehouse.read(spark, Table.BRONZE_INSTALLS).where(col("run_id").equalTo("crashed")).count()).isZero();
  }

  private Path write(String name, String text) throws IOException {
    Path f = installs.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  @Order(6)
  void tablesUseTheLayoutTheNightsRelyOnAndGoldStaysPlain() {
    assertThat(snapshot(Table.BRONZE_INSTALLS).metadata().partitionColumns().mkString(",")).isEqualTo("landing_date");
    for (Table t : new Table[] {Table.SILVER_PHONE_PROVINCES, Table.SILVER_PHONES}) {
      assertThat(snapshot(t).metadata().configuration().get("delta.enableDeletionVectors").get()).as(t.name()).isEqualTo("true");
    }
    // Analysts' tables: the oldest protocol, so any Delta reader opens them.
    for (Table t : new Table[] {Table.GOLD_ADOPTION, Table.GOLD_ADOPTION_DAILY, Table.RUNS}) {
      assertThat(snapshot(t).protocol().minReaderVersion()).as(t.name()).isEqualTo(1);
      assertThat(snapshot(t).protocol().minWriterVersion()).as(t.name()).isEqualTo(2);
    }
  }

  @Test
  @Order(7)
  void theRunLogCountsPhonesAddedAndReattributed() {
    Row night2 = warehouse.read(spark, Table.RUNS).where("array_contains(cutoffs, TIMESTAMP'2021-05-06 10:00:00')")
        .orderBy(col("started_at")).first();
    // Night 2 added 0911111111 (0912345678 stays in 08, its first province).
    assertThat(night2.<Long>getAs("phones_added")).isEqualTo(1L);
    assertThat(night2.<Long>getAs("phones_reattributed")).isZero();
  }

  private org.apache.spark.sql.delta.Snapshot snapshot(Table t) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, warehouse.path(t))
        .update(false, scala.Option.empty(), scala.Option.empty());
  }

  private long bronzeRows() {
    return warehouse.read(spark, Table.BRONZE_INSTALLS).count();
  }

  private long version(Table t) {
    return DeltaTable.forPath(spark, warehouse.path(t)).history(1).first().getLong(0);
  }
}
