package io.uptake.e2e;

import static io.uptake.testing.Fixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.jobs.ReportJob;
import io.uptake.phone.PhonePseudonymizer;
import io.uptake.pipeline.NightlyRun;
import io.uptake.pipeline.RunSummary;
import io.uptake.privacy.PseudonymTables;
import io.uptake.report.ReportFormat;
import io.uptake.testing.TestFiles;
import io.uptake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Encoders;
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

  private static final Instant BEFORE = cutoff(LocalDate.of(2021, 5, 5));
  private static final Instant NIGHT = cutoff(LocalDate.of(2021, 5, 6));
  private static final String KEY_HEX = "3c".repeat(32);
  private static final String KEY_ID = new PhonePseudonymizer(HexFormat.of().parseHex(KEY_HEX)).keyId();

  private final SparkSession spark = TestSpark.session();

  @TempDir
  Path dir;

  /** Bronze with a {@code record} map, a state with every phone's latest event, as of 2021-05-05. */
  @Test
  void theWarehouseWithBronzeRecordMapsTakesTheNextNightAndAgreesWithTheOracle() throws Exception {
    UptakeConfig config = copyOf("bronze-record-map");
    Warehouse warehouse = new Warehouse(config.warehouse());
    assertThat(warehouse.columns(spark, Table.BRONZE_INSTALLS)).as("as that version wrote it").contains("record");
    assertThat(warehouse.columns(spark, Table.SILVER_PHONE_PROVINCES)).contains("last_event");
    assertThat(warehouse.property(spark, Table.SILVER_PHONE_PROVINCES, Table.STATS_COLUMNS)).isEmpty();

    RunSummary summary = NightlyRun.of(spark, config).asOf(NIGHT).progressTo(quiet()).execute();

    // The first day's files, delivered again from another directory, are known by their bytes.
    assertThat(summary.files().ingested()).isEqualTo(4);
    assertThat(summary.files().duplicate()).isEqualTo(4);
    assertThat(warehouse.columns(spark, Table.BRONZE_INSTALLS)).doesNotContain("record").contains("extra_fields");
    assertThat(warehouse.columns(spark, Table.SILVER_PHONE_PROVINCES)).doesNotContain("last_event");
    assertThat(warehouse.property(spark, Table.SILVER_PHONES, PseudonymTables.KEY_ID)).contains(KEY_ID);
    assertThat(warehouse.property(spark, Table.SILVER_PHONE_PROVINCES, Table.STATS_COLUMNS))
        .as("today's statistics columns, given on the next write").contains("first_event,first_district_event.t");
    assertThat(propertyCommits(config, Table.SILVER_PHONE_PROVINCES)).as("given once").isLessThanOrEqualTo(1);
    GoldOracle.assertMatches(spark, config.warehouse(), installs(config), census(config), NIGHT);
    // The earlier version's snapshot stays as it was built: from the first day's files alone.
    GoldOracle.assertMatches(spark, config.warehouse(), firstDay(config), census(config), BEFORE);

    // A backfill under today's rules rebuilds both from the migrated bronze: the late events of
    // the second day's files now count in the first day's snapshot too.
    NightlyRun.of(spark, config).cutoffs(List.of(BEFORE, NIGHT)).rebuild().progressTo(quiet()).execute();
    for (Instant cutoff : List.of(BEFORE, NIGHT)) {
      GoldOracle.assertMatches(spark, config.warehouse(), installs(config), census(config), cutoff);
    }
    assertThat(propertyCommits(config, Table.SILVER_PHONE_PROVINCES)).as("given once").isLessThanOrEqualTo(1);
  }

  /**
   * Silver with each phone as its E.164 number: the next night deletes those tables with their
   * history, rebuilds them from bronze under the key, and leaves no phone behind in silver.
   */
  @Test
  void theWarehouseFromBeforePseudonymsLosesItsPlainPhonesAndAgreesWithTheOracle() throws Exception {
    UptakeConfig config = copyOf("silver-before-pseudonyms");
    Warehouse warehouse = new Warehouse(config.warehouse());
    assertThat(warehouse.columns(spark, Table.SILVER_PHONES)).as("as that version wrote it").contains("phone");
    List<String> oldFiles = silverFiles(config);
    // Its reports read its run log as that version wrote it.
    assertThat(ReportJob.quality(spark, config, BEFORE).rowsRead()).isEqualTo(362);
    assertThat(ReportJob.report(spark, config, "08", null).render(ReportFormat.CSV)).contains(",08,");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    NightlyRun.of(spark, config).asOf(NIGHT).progressTo(new PrintStream(progress, true, StandardCharsets.UTF_8)).execute();

    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("were written before phones were pseudonymized");
    assertThat(silverFiles(config)).as("no file of the old silver tables is left, history included")
        .doesNotContainAnyElementsOf(oldFiles);
    for (Table table : List.of(Table.SILVER_PHONES, Table.SILVER_PHONE_PROVINCES)) {
      assertThat(warehouse.columns(spark, table)).doesNotContain("phone").contains("phone_key");
      assertThat(warehouse.property(spark, table, PseudonymTables.KEY_ID)).contains(KEY_ID);
      assertThat(warehouse.read(spark, table).select("phone_key").as(Encoders.STRING()).collectAsList())
          .isNotEmpty().allMatch(k -> k.matches("[0-9a-f]{64}"));
    }
    GoldOracle.assertMatches(spark, config.warehouse(), installs(config), census(config), NIGHT);
    GoldOracle.assertMatches(spark, config.warehouse(), firstDay(config), census(config), BEFORE);
  }

  /** A copy of a golden set, configured with the key its README names. */
  private UptakeConfig copyOf(String name) throws Exception {
    Path copy = dir.resolve(name);
    TestFiles.copyTree(GOLDEN.resolve(name), copy);
    Path key = Files.writeString(dir.resolve(name + ".key"), KEY_HEX);
    return ConfigLoader.defaults()
        .with(ConfigKey.WAREHOUSE, copy.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, copy.resolve("landing/installs").toString())
        .with(ConfigKey.INPUTS_CENSUS, copy.resolve("landing/census").toString())
        .with(ConfigKey.PRIVACY_PHONE_KEY_FILE, key.toString());
  }

  private static Path installs(UptakeConfig config) {
    return Path.of(config.installs());
  }

  private static Path census(UptakeConfig config) {
    return Path.of(config.census());
  }

  /** The first day's files alone, as the earlier version's run read them. */
  private Path firstDay(UptakeConfig config) throws Exception {
    Path firstDay = Files.createTempDirectory(dir, "first-day");
    TestFiles.copyTree(installs(config).resolve("date=2021-05-05"), firstDay.resolve("date=2021-05-05"));
    return firstDay;
  }

  /** Commits that only set the statistics property. */
  private long propertyCommits(UptakeConfig config, Table table) {
    return spark.sql("DESCRIBE HISTORY " + new Warehouse(config.warehouse()).sqlName(table))
        .where("operation = 'SET TBLPROPERTIES'")
        .where(org.apache.spark.sql.functions.col("operationParameters.properties").contains(Table.STATS_COLUMNS)).count();
  }

  /** Every file under silver's phone tables, as its path relative to the warehouse and its bytes' hash. */
  private static List<String> silverFiles(UptakeConfig config) throws Exception {
    Path root = Path.of(config.warehouse());
    List<String> out = new java.util.ArrayList<>();
    try (var walk = Files.walk(root.resolve("silver"))) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path relative = root.relativize(p);
        if (relative.startsWith("silver/phones") || relative.startsWith("silver/phone_provinces")) {
          out.add(relative + "#" + java.util.Arrays.hashCode(Files.readAllBytes(p)));
        }
      }
    }
    return out;
  }

  private static Instant cutoff(LocalDate day) {
    return day.atTime(17, 0).atZone(ZONE).toInstant();
  }
}
