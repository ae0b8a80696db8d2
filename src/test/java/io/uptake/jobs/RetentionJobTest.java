package io.uptake.jobs;

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
import io.uptake.pipeline.NightlyRun;
import io.uptake.testing.TestSpark;
import io.uptake.testing.TestWarehouses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention deletes raw rows older than the period from bronze and quarantine and vacuums their
 * files away; the phones they brought stay counted, and a rebuild from bronze is refused after.
 */
class RetentionJobTest {
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

  @TempDir
  Path dir;

  private static String rows(String day, String phone) {
    return "{\"event_time\":\"" + day + "T02:00:00Z\",\"phone\":\"" + phone + "\",\"province\":\"08\"}\n"
        + "{\"event_time\":\"" + day + "T02:00:00Z\",\"phone\":\"12345\",\"province\":\"08\"}\n";
  }

  @Test
  void oldRawRowsGoTheirPhonesStayCountedAndRebuildsAreRefused() throws IOException {
    SparkSession spark = TestSpark.session();
    LocalDate today = LocalDate.now(VN);
    LocalDate old = today.minusDays(10);
    LocalDate recent = today.minusDays(1);
    write("date=" + old + "/old.jsonl", rows(old.toString(), "0912345678"));
    write("date=" + recent + "/recent.jsonl", rows(recent.toString(), "0987654321"));
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/c.csv"), "province,district,population,smartphones\n08,,1000,600\n");
    UptakeConfig config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("wh").toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString())
        .with(ConfigKey.RETENTION_VACUUM_HOURS, 0);
    Warehouse w = new Warehouse(config.warehouse());
    Instant cutoff = config.cutoffOf(today);
    assertThat(NightlyRun.of(spark, config).asOf(cutoff).progressTo(quiet()).execute().phones().counted()).isEqualTo(2);
    // Rows age by how long Uptake has held them: make the old file's rows ten days old, in both tables.
    for (Table t : List.of(Table.BRONZE_INSTALLS, Table.QUARANTINE_INSTALLS)) {
      spark.sql("UPDATE delta.`" + w.path(t) + "` SET ingest_time = ingest_time - INTERVAL 10 DAYS "
          + "WHERE source_file LIKE '%old.jsonl'");
    }

    Map<Table, Long> before = TestWarehouses.dataVersions(spark, w);
    RetentionJob.Result nothing = RetentionJob.run(spark, config, 30, today, false, false, quiet());
    assertThat(nothing.rowsDeleted()).containsEntry("bronze/installs", 0L).containsEntry("quarantine/installs", 0L);
    assertThat(TestWarehouses.dataVersions(spark, w)).as("nothing to delete: no write").isEqualTo(before);
    assertThat(w.property(spark, Table.BRONZE_INSTALLS, Table.RETAINED_SINCE))
        .as("bronze is still complete: rebuilds stay possible").isEmpty();

    RetentionJob.Result dry = RetentionJob.run(spark, config, 5, today, true, false, quiet());
    assertThat(dry.rowsDeleted()).containsEntry("bronze/installs", 2L).containsEntry("quarantine/installs", 1L);
    assertThat(dry.render()).contains("dry run, nothing deleted").contains("rows before " + today.minusDays(4));
    assertThat(TestWarehouses.dataVersions(spark, w)).as("a dry run changes nothing").isEqualTo(before);

    RetentionJob.Result done = RetentionJob.run(spark, config, 5, today, false, false, quiet());
    assertThat(done.rowsDeleted()).isEqualTo(dry.rowsDeleted());
    assertThat(w.read(spark, Table.BRONZE_INSTALLS).selectExpr("source_file").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).hasSize(2).allSatisfy(f -> assertThat(f).endsWith("recent.jsonl"));
    assertThat(w.read(spark, Table.QUARANTINE_INSTALLS).count()).isEqualTo(1);
    try (var files = Files.walk(Path.of(w.path(Table.BRONZE_INSTALLS), "landing_date=" + old))) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).as("vacuumed off the disk").isEmpty();
    }
    try (var files = Files.walk(Path.of(w.path(Table.QUARANTINE_INSTALLS)))) {
      long parquet = files.filter(p -> p.toString().endsWith(".parquet")).count();
      assertThat(parquet).as("only the live quarantine file is left").isEqualTo(1);
    }

    // The phone of the deleted rows is still counted, night after night.
    write("date=" + today + "/today.jsonl", rows(today.toString(), "0911111111"));
    assertThat(NightlyRun.of(spark, config).asOf(cutoff).progressTo(quiet()).execute().phones().counted()).isEqualTo(3);
    assertThatThrownBy(() -> NightlyRun.of(spark, config).cutoffs(List.of(cutoff)).rebuild().progressTo(quiet()).execute())
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("Cannot rebuild silver from bronze: uptake retain deleted bronze's rows from before " + today.minusDays(4)
            + ", so a rebuild would lose the phones only they held (needed: a backfill, --from/--to); restore bronze "
            + "from a backup, or rebuild in a new warehouse from the original landing files");
  }

  private void write(String name, String text) throws IOException {
    Path f = dir.resolve("installs").resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }
}
