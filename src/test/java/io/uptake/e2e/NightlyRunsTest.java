package io.uptake.e2e;

import static io.uptake.testing.Fixtures.quiet;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.generate.LandingSetGenerator;
import io.uptake.pipeline.NightlyRun;
import io.uptake.testing.TestFiles;
import io.uptake.testing.TestPhoneKeys;
import io.uptake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights run one after another, each landing one date folder, give the same gold as one run over
 * all the files, and both agree with the oracle; a late event re-attributes its phone as if it had
 * arrived in order.
 */
class NightlyRunsTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  @TempDir
  Path dir;

  @Test
  void nightsOneAfterAnotherEqualOneRebuildAndTheOracle() throws Exception {
    SparkSession spark = TestSpark.session();
    LandingSetGenerator.Summary landing = LandingSetGenerator.generate(dir.resolve("landing"),
        new LandingSetGenerator.Options(1500, 3, 7L, LocalDate.of(2021, 5, 6), ZONE));
    Path nightly = Files.createDirectories(dir.resolve("nightly/installs"));
    UptakeConfig nights = config(dir.resolve("wh-nightly"), nightly, landing.censusDir());

    List<Path> dateFolders;
    try (Stream<Path> folders = Files.list(landing.installsDir())) {
      dateFolders = folders.sorted().toList();
    }
    assertThat(dateFolders).hasSize(3);
    Instant cutoff = null;
    for (Path folder : dateFolders) {
      TestFiles.copyTree(folder, nightly.resolve(folder.getFileName()));
      LocalDate day = LocalDate.parse(folder.getFileName().toString().substring("date=".length()));
      cutoff = day.atTime(17, 0).atZone(ZONE).toInstant();
      NightlyRun.of(spark, nights).asOf(cutoff).progressTo(quiet()).execute();
      GoldOracle.assertMatches(spark, nights.warehouse(), nightly, landing.censusDir(), cutoff);
    }

    // A backfill of the three days rebuilds silver from bronze and rewrites the same numbers, once each.
    Dataset<Row> beforeBackfill = gold(spark, nights).cache();
    assertThat(beforeBackfill.count()).isEqualTo(3 * 833);
    List<Instant> days = dateFolders.stream()
        .map(f -> nights.cutoffOf(LocalDate.parse(f.getFileName().toString().substring("date=".length())))).toList();
    NightlyRun.of(spark, nights).cutoffs(days).rebuild().progressTo(quiet()).execute();
    TestSpark.assertSameRows(beforeBackfill, gold(spark, nights));
    beforeBackfill.unpersist();

    // The trend has a day per snapshot; new phones are the day's difference.
    List<Row> trend = spark.read().format("delta").load(nights.warehouse() + "/gold/adoption_daily")
        .where(col("row_type").equalTo("national_total")).orderBy("snapshot_date").collectAsList();
    assertThat(trend).hasSize(3);
    assertThat(trend.get(0).<Long>getAs("new_phones")).isNull();
    assertThat(trend.get(1).<Long>getAs("new_phones"))
        .isEqualTo(trend.get(1).<Long>getAs("phones") - trend.get(0).<Long>getAs("phones"));
    assertThat(spark.read().format("delta").load(nights.warehouse() + "/meta/runs").count()).as("one audit row per run").isEqualTo(4);

    // A late event: a phone already counted turns up earlier, in another province, with a district.
    Row known = spark.read().format("delta").load(nights.warehouse() + "/silver/phones")
        .where(col("province_code").equalTo("01").and(col("district_code").isNotNull())).orderBy("phone_key").first();
    String phone = phoneOf(spark, nights.warehouse(), known.getAs("phone_key"));
    Instant earlier = known.<Timestamp>getAs("attributed_at").toInstant().minusSeconds(3600);
    Path late = Files.createDirectories(nightly.resolve("date=2021-05-07"));
    Files.writeString(late.resolve("late.jsonl"), "{\"event_time\":\"" + earlier + "\",\"phone\":\"" + phone
        + "\",\"province\":\"Thành phố Hồ Chí Minh\",\"district\":\"Quận 1\"}\n");
    NightlyRun.of(spark, nights).asOf(cutoff).progressTo(quiet()).execute();
    Row moved = spark.read().format("delta").load(nights.warehouse() + "/silver/phones")
        .where(col("phone_key").equalTo(known.<String>getAs("phone_key"))).first();
    assertThat(moved.<String>getAs("province_code") + "/" + moved.<String>getAs("district_code")).isEqualTo("79/760");
    GoldOracle.assertMatches(spark, nights.warehouse(), nightly, landing.censusDir(), cutoff);

    UptakeConfig rebuild = config(dir.resolve("wh-rebuild"), nightly, landing.censusDir());
    NightlyRun.of(spark, rebuild).asOf(cutoff).progressTo(quiet()).execute();
    TestSpark.assertSameRows(snapshot(spark, rebuild, cutoff), snapshot(spark, nights, cutoff));
  }

  /** The canonical number behind a pseudonym: bronze's raw phones, canonicalized and keyed by the test's own code. */
  private static String phoneOf(SparkSession spark, String warehouse, String pseudonym) {
    byte[] key = TestPhoneKeys.generatedKey(warehouse);
    return spark.read().format("delta").load(warehouse + "/bronze/installs")
        .selectExpr("phone").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream()
        .map(AdoptionOracle::canonicalPhone).filter(java.util.Objects::nonNull)
        .filter(p -> TestPhoneKeys.hmac(key, p).equals(pseudonym)).findFirst().orElseThrow();
  }

  private static Dataset<Row> gold(SparkSession spark, UptakeConfig config) {
    return spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district");
  }

  private static Dataset<Row> snapshot(SparkSession spark, UptakeConfig config, Instant cutoff) {
    return spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district")
        .where(col("as_of").equalTo(lit(Timestamp.from(cutoff))));
  }

  private static UptakeConfig config(Path warehouse, Path installs, Path census) {
    return ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, warehouse.toString()).with(ConfigKey.INPUTS_INSTALLS, installs.toString())
        .with(ConfigKey.INPUTS_CENSUS, census.toString());
  }
}
