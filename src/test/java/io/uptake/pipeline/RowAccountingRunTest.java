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
import io.uptake.quality.RowAccounting;
import io.uptake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night whose rows do not add up (here a quarantined row deleted behind the run's back) fails
 * with exit 1 before the state, the ledger or gold change, and its rerun accounts for every row.
 */
class RowAccountingRunTest {
  private static final Instant NIGHT = Instant.parse("2021-05-06T10:00:00Z");

  @TempDir
  Path dir;

  @AfterEach
  void noHook() {
    CrashTestPoints.hook = null;
  }

  @Test
  void aNightThatDoesNotAddUpFailsLoudlyAndItsRerunAccountsForEveryRow() throws IOException {
    SparkSession spark = TestSpark.session();
    Path night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Files.writeString(night.resolve("a.jsonl"),
        "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912345678\",\"province\":\"08\"}\n\n"
            + "{\"event_time\":\"2021-05-06T09:00:00Z\",\"province\":\"08\"}\n"
            + "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"12345\",\"province\":\"08\"}\n"
            + "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912345679\",\"province\":\"08\"}\n");
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/c.csv"), "province,district,population,smartphones\n08,,1000,600\n");
    UptakeConfig config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("wh").toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
    Warehouse warehouse = new Warehouse(config.warehouse());
    String file = "file:" + night.resolve("a.jsonl");

    CrashTestPoints.hook = point -> {
      if (point.equals("after-quarantine")) {
        spark.sql("DELETE FROM delta.`" + warehouse.path(Table.QUARANTINE_INSTALLS) + "`");
      }
    };
    assertThatThrownBy(() -> NightlyRun.of(spark, config).asOf(NIGHT).progressTo(quiet()).execute())
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTERNAL))
        .hasMessage("Cannot account for every row of the night's files: 1 file(s) do not add up: " + night.resolve("a.jsonl")
            + ": read 4, in bronze 4 = 2 with phone + 1 anonymous + 0 quarantined (3). Nothing was recorded as ingested, "
            + "so a rerun takes these files again; report it if it repeats");
    for (Table t : List.of(Table.INGESTED_FILES, Table.SILVER_PHONE_PROVINCES, Table.GOLD_ADOPTION, Table.RUNS)) {
      assertThat(warehouse.exists(spark, t)).as("%s not written", t).isFalse();
    }

    CrashTestPoints.hook = null;
    RunSummary rerun = NightlyRun.of(spark, config).asOf(NIGHT).progressTo(quiet()).execute();
    assertThat(rerun.files().accounts()).containsExactly(new RowAccounting.FileAccount(file, 4, 4, 2, 1, 1));
    assertThat(rerun.render()).contains("every row accounted   read 4 = in bronze 4 = 2 with phone + 1 anonymous + 1 quarantined, in each of 1 file(s)");
    Row logged = warehouse.read(spark, Table.RUNS).selectExpr("rows_read", "files[0].path", "files[0].rows_in_bronze",
        "files[0].rows_with_phone", "files[0].rows_anonymous", "files[0].rows_quarantined").first();
    assertThat(logged.toString()).isEqualTo("[4," + file + ",4,2,1,1]");
  }
}
