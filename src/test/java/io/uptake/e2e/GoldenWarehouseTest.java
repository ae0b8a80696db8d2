package io.uptake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.phone.PhonePseudonymizer;
import io.uptake.pipeline.NightlyRun;
import io.uptake.pipeline.RunSummary;
import io.uptake.privacy.PseudonymTables;
import io.uptake.testing.TestFiles;
import io.uptake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warehouses written by earlier versions, checked in under {@code src/test/resources/golden/}
 * (each with a README saying which version wrote it, and how), take today's next night: their
 * tables are migrated where the layout changed, and every snapshot, old and new, agrees with the
 * oracle.
 */
class GoldenWarehouseTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TempDir
  Path dir;

  /** Bronze with a {@code record} map, a state with every phone's latest event, as of 2021-05-05. */
  @Test
  void theWarehouseOf2026_11_29TakesTheNextNightAndAgreesWithTheOracle() throws Exception {
    SparkSession spark = TestSpark.session();
    Path copy = dir.resolve("golden");
    TestFiles.copyTree(GOLDEN.resolve("2026-11-29"), copy);
    Path key = Files.writeString(dir.resolve("phone.key"), "3c".repeat(32));
    UptakeConfig config = ConfigLoader.defaults()
        .with(ConfigKey.WAREHOUSE, copy.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, copy.resolve("landing/installs").toString())
        .with(ConfigKey.INPUTS_CENSUS, copy.resolve("landing/census").toString())
        .with(ConfigKey.PRIVACY_PHONE_KEY_FILE, key.toString());
    Warehouse warehouse = new Warehouse(config.warehouse());
    assertThat(warehouse.columns(spark, Table.BRONZE_INSTALLS)).as("as that version wrote it").contains("record");
    assertThat(warehouse.columns(spark, Table.SILVER_PHONE_PROVINCES)).contains("last_event");
    Instant before = cutoff(LocalDate.of(2021, 5, 5));
    Instant night = cutoff(LocalDate.of(2021, 5, 6));

    RunSummary summary = NightlyRun.of(spark, config).asOf(night).progressTo(quiet()).execute();

    // The first day's files, delivered again from another directory, are known by their bytes.
    assertThat(summary.files().ingested()).isEqualTo(4);
    assertThat(summary.files().duplicate()).isEqualTo(4);
    assertThat(warehouse.columns(spark, Table.BRONZE_INSTALLS)).doesNotContain("record").contains("extra_fields");
    assertThat(warehouse.columns(spark, Table.SILVER_PHONE_PROVINCES)).doesNotContain("last_event");
    assertThat(warehouse.property(spark, Table.SILVER_PHONES, PseudonymTables.KEY_ID))
        .contains(new PhonePseudonymizer(HexFormat.of().parseHex("3c".repeat(32))).keyId());
    Path installs = copy.resolve("landing/installs");
    Path census = copy.resolve("landing/census");
    GoldOracle.assertMatches(spark, config.warehouse(), installs, census, night);
    // The earlier version's snapshot stays as it was built: from the first day's files alone.
    Path firstDay = dir.resolve("first-day");
    TestFiles.copyTree(installs.resolve("date=2021-05-05"), firstDay.resolve("date=2021-05-05"));
    GoldOracle.assertMatches(spark, config.warehouse(), firstDay, census, before);

    // A backfill under today's rules rebuilds both from the migrated bronze: the late events of
    // the second day's files now count in the first day's snapshot too.
    NightlyRun.of(spark, config).cutoffs(List.of(before, night)).rebuild().progressTo(quiet()).execute();
    for (Instant cutoff : List.of(before, night)) {
      GoldOracle.assertMatches(spark, config.warehouse(), installs, census, cutoff);
    }
  }

  private static java.io.PrintStream quiet() {
    return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
  }

  private static Instant cutoff(LocalDate day) {
    return day.atTime(17, 0).atZone(ZONE).toInstant();
  }
}
