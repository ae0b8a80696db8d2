package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.ExpectationSettings;
import io.uptake.config.ExpectationSettings.Action;
import io.uptake.config.ExpectationSettings.Rule;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.testing.TestSpark;
import io.uptake.testing.TestWarehouses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expectations in runs: each evaluated every run and stored with it in meta/runs; quarantine
 * moves a night's unresolved rows (and a rebuild does the same); fail stops with exit 6 before
 * the writes it guards (volume: before any; phones above smartphones: before the gold snapshot).
 */
class ExpectationsRunTest {
  private static final LocalDate NIGHT_1 = LocalDate.of(2021, 5, 5);
  private static final LocalDate NIGHT_2 = LocalDate.of(2021, 5, 6);

  @TempDir
  Path dir;

  @Test
  void expectationsAreJudgedEveryRunActedOnAndStoredWithTheRun() throws IOException {
    SparkSession spark = TestSpark.session();
    // Night 1: 4 accepted rows, 2 without a resolvable district (one unknown, one blank); Yên Sơn
    // has 2 phones and 1 smartphone.
    write("installs/date=2021-05-05/a.jsonl",
        line("0912000001", "Tuyên Quang", "Yên Sơn") + line("0912000002", "Tuyên Quang", "Huyện Yên Sơn")
            + line("0912000003", "Tuyên Quang", "Atlantis") + line("0912000004", "Tuyên Quang", ""));
    write("census/c.csv", "province,district,population,smartphones\n08,,1000,600\n08,075,100,1\n");
    ExpectationSettings settings = new ExpectationSettings(new Rule(Action.QUARANTINE, 0.3), new Rule(Action.FAIL, 0.5), 1,
        new Rule(Action.WARN, 0), "smartphones", new Rule(Action.WARN, 0.25));
    UptakeConfig config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("wh").toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString())
        .withExpectations(settings);
    Warehouse warehouse = new Warehouse(config.warehouse());

    RunSummary first = NightlyRun.of(spark, config).asOf(config.cutoffOf(NIGHT_1)).progressTo(quiet()).execute();
    assertThat(first.expectations()).extracting(e -> e.name() + " " + e.outcome()).containsExactly(
        "night_volume skipped", "denominator_change skipped", "unresolved_district quarantined", "phones_above_smartphones warned");
    assertThat(first.render()).contains("expectations          1 quarantined, 2 skipped, 1 warned",
        "unresolved_district       quarantined 50.0% of the night's 4 accepted rows (2) have no resolvable district; limit 30.0%; "
            + "those rows are quarantined",
        "phones_above_smartphones  warned      1 of 3 areas have more phones than smartphones: "
            + "Huyện Yên Sơn, Tỉnh Tuyên Quang: 2 phones, 1 smartphones");
    assertThat(first.rows().quarantinedByReason()).isEqualTo(Map.of("unresolved_district", 2L));
    assertThat(strings(spark, "SELECT concat(reason, ' ', coalesce(value, '(none)')) FROM delta.`"
        + warehouse.path(Table.QUARANTINE_INSTALLS) + "`")).containsExactlyInAnyOrder("unresolved_district Atlantis",
        "unresolved_district ");
    assertThat(strings(spark, "SELECT concat(row_type, ' ', phones) FROM delta.`" + warehouse.path(Table.GOLD_ADOPTION)
        + "` WHERE province_code = '08' AND (row_type <> 'district' OR district_code = '075')"))
        .containsExactlyInAnyOrder("district 2", "unassigned 0", "province_total 2");
    assertThat(first.files().accounts().get(0).quarantined()).isEqualTo(2);

    // Night 2: 1 row read against night 1's 4 (limit 50%): stops before any write, whatever else it finds.
    write("installs/date=2021-05-06/b.jsonl", line("0912000005", "Tuyên Quang", "Yên Sơn").replace("2021-05-05T", "2021-05-06T"));
    write("census/c.csv", "province,district,population,smartphones\n08,,1000,600\n08,075,200,1\n");
    Map<Table, Long> before = TestWarehouses.dataVersions(spark, warehouse);
    assertThatThrownBy(() -> NightlyRun.of(spark, config).asOf(config.cutoffOf(NIGHT_2)).progressTo(quiet()).execute())
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.EXPECTATION_FAILED))
        .hasMessageStartingWith("Cannot complete the run: expectation night_volume (1 rows read for the night of 2021-05-06, "
            + "25.0% of the median 4 of the 1 nights before; limit 50.0%) did not hold, and its action is fail; no table changed");
    assertThat(TestWarehouses.dataVersions(spark, warehouse)).isEqualTo(before);

    // With the volume only warned of, phones above smartphones set to fail stops before the gold snapshot.
    UptakeConfig goldGuard = config.withExpectations(new ExpectationSettings(settings.unresolvedDistrict(),
        new Rule(Action.WARN, 0.5), 1, new Rule(Action.FAIL, 0), "smartphones", settings.denominatorChange()));
    Map<Table, Long> beforeGold = TestWarehouses.dataVersions(spark, warehouse);
    assertThatThrownBy(() -> NightlyRun.of(spark, goldGuard).asOf(goldGuard.cutoffOf(NIGHT_2)).progressTo(quiet()).execute())
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.EXPECTATION_FAILED))
        .hasMessageContaining("expectation phones_above_smartphones (1 of 3 areas have more phones than smartphones: "
            + "Huyện Yên Sơn, Tỉnh Tuyên Quang: 3 phones, 1 smartphones)")
        .hasMessageEndingWith("silver holds the night's phones, gold is as it was, and the files stay unrecorded, so a "
            + "rerun (after fixing the census or the attribution) takes them again and writes the snapshots");
    Map<Table, Long> afterGold = TestWarehouses.dataVersions(spark, warehouse);
    for (Table t : List.of(Table.GOLD_ADOPTION, Table.GOLD_ADOPTION_DAILY, Table.SILVER_CENSUS, Table.INGESTED_FILES, Table.RUNS)) {
      assertThat(afterGold.get(t)).as("%s unchanged", t).isEqualTo(beforeGold.get(t));
    }
    assertThat(afterGold.get(Table.SILVER_PHONES)).as("silver holds the night").isGreaterThan(beforeGold.get(Table.SILVER_PHONES));
    assertThat(strings(spark, "SELECT DISTINCT cast(as_of AS string) FROM delta.`" + warehouse.path(Table.GOLD_ADOPTION) + "`"))
        .containsExactly("2021-05-05 10:00:00");

    // The census fixed: the run takes night 2's file again and completes, warning of the volume and
    // of the census change since night 1 (a stopped run stores neither its census nor a meta/runs row).
    write("census/c.csv", "province,district,population,smartphones\n08,,1000,600\n08,075,200,100\n");
    RunSummary second = NightlyRun.of(spark, goldGuard).asOf(goldGuard.cutoffOf(NIGHT_2)).progressTo(quiet()).execute();
    assertThat(second.expectations()).extracting(e -> e.name() + " " + e.outcome()).containsExactly(
        "night_volume warned", "denominator_change warned", "unresolved_district passed", "phones_above_smartphones passed");
    assertThat(second.expectations().get(1).detail()).isEqualTo("2 of 4 census figures moved more than 25.0% from the "
        + "previous census; the largest: Huyện Yên Sơn, Tỉnh Tuyên Quang smartphones 1 → 100 (9900.0%)");
    List<String> stored = strings(spark, "SELECT concat_ws(' ', cast(element_at(cutoffs, -1) AS string), e.name, e.action, "
        + "e.outcome, coalesce(cast(e.observed AS string), '-'), coalesce(cast(e.limit AS string), '-')) FROM delta.`"
        + warehouse.path(Table.RUNS) + "` LATERAL VIEW explode(expectations) AS e");
    assertThat(stored).containsExactlyInAnyOrder(
        "2021-05-05 10:00:00 night_volume fail skipped - -",
        "2021-05-05 10:00:00 denominator_change warn skipped - -",
        "2021-05-05 10:00:00 unresolved_district quarantine quarantined 0.5 0.3",
        "2021-05-05 10:00:00 phones_above_smartphones warn warned 1.0 0.0",
        "2021-05-06 10:00:00 night_volume warn warned 0.25 0.5",
        "2021-05-06 10:00:00 denominator_change warn warned 99.0 0.25",
        "2021-05-06 10:00:00 unresolved_district quarantine passed 0.0 0.3",
        "2021-05-06 10:00:00 phones_above_smartphones fail passed 0.0 0.0");

    // A rebuild from bronze quarantines what night 1 did (its rows keep the run that ingested them).
    List<String> quarantine = strings(spark, "SELECT concat_ws(' ', source_file, line_number, reason) FROM delta.`"
        + warehouse.path(Table.QUARANTINE_INSTALLS) + "`");
    List<String> gold = strings(spark, "SELECT concat_ws(' ', as_of, province_code, district_code, row_type, phones) FROM delta.`"
        + warehouse.path(Table.GOLD_ADOPTION) + "`");
    NightlyRun.of(spark, goldGuard).cutoffs(List.of(goldGuard.cutoffOf(NIGHT_1), goldGuard.cutoffOf(NIGHT_2))).rebuild().progressTo(quiet()).execute();
    assertThat(strings(spark, "SELECT concat_ws(' ', source_file, line_number, reason) FROM delta.`"
        + warehouse.path(Table.QUARANTINE_INSTALLS) + "`")).hasSize(2).isEqualTo(quarantine);
    assertThat(strings(spark, "SELECT concat_ws(' ', as_of, province_code, district_code, row_type, phones) FROM delta.`"
        + warehouse.path(Table.GOLD_ADOPTION) + "`")).isEqualTo(gold);
  }

  private static String line(String phone, String province, String district) {
    return "{\"event_time\":\"2021-05-05T01:00:00Z\",\"phone\":\"" + phone + "\",\"province\":\"" + province
        + "\",\"district\":\"" + district + "\"}\n";
  }

  private void write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private static List<String> strings(SparkSession spark, String sql) {
    return spark.sql(sql).collectAsList().stream().map(r -> r.isNullAt(0) ? "null" : r.getString(0)).sorted().toList();
  }
}
