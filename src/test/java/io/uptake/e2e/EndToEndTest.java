package io.uptake.e2e;

import static io.uptake.testing.Fixtures.quiet;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.generate.LandingSetGenerator;
import io.uptake.jobs.QueryJob;
import io.uptake.pipeline.NightlyRun;
import io.uptake.pipeline.RunSummary;
import io.uptake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate → run → the gold table equals {@link AdoptionOracle}, computed in plain Java from the
 * same files. Also: a rerun of a cut-off replaces its snapshot, and other snapshots stay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  @TempDir
  static Path dir;

  private SparkSession spark;
  private LandingSetGenerator.Summary landing;
  private UptakeConfig config;
  private Instant cutoff;
  private RunSummary firstRun;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final java.io.StringWriter logs = new java.io.StringWriter();

  @BeforeAll
  void generateAndRun() throws Exception {
    spark = TestSpark.session();
    landing = LandingSetGenerator.generate(dir.resolve("landing"),
        new LandingSetGenerator.Options(3000, 3, 20210506L, LocalDate.of(2021, 5, 6), ZONE));
    cutoff = landing.cutoff().toInstant();
    config = ConfigLoader.defaults()
        .with(ConfigKey.WAREHOUSE, dir.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, landing.installsDir().toString())
        .with(ConfigKey.INPUTS_CENSUS, landing.censusDir().toString());
    captureLogs();
    firstRun = NightlyRun.of(spark, config).asOf(cutoff).progressTo(new PrintStream(progress, true, java.nio.charset.StandardCharsets.UTF_8)).execute();
  }

  private void captureLogs() {
    var context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
    var appender = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder()
        .setName("privacy-check").setTarget(logs)
        .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.createDefaultLayout()).build();
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  /*
   * No phone of the input, raw or canonical, appears outside bronze and quarantine: not in any other
   * table's rows, not in any table's Delta log (file statistics hold column values), not under
   * {@code _uptake/}, and not in reports, the run summary, progress output or logs.
   */

  @Test
  void noPhoneNumberIsInATableOutsideBronzeAndQuarantineOrInItsLogOrTheKeys() throws Exception {
    StringBuilder text = new StringBuilder();
    List<Path> tables;
    try (var walk = Files.walk(Path.of(config.warehouse()))) {
      tables = walk.filter(p -> p.getFileName().toString().equals("_delta_log")).map(Path::getParent).sorted().toList();
    }
    List<String> searched = new ArrayList<>();
    for (Path table : tables) {
      String name = Path.of(config.warehouse()).relativize(table).toString();
      if (name.startsWith("bronze") || name.startsWith("quarantine")) {
        continue;
      }
      searched.add(name);
      spark.read().format("delta").load(table.toString()).toJSON().collectAsList().forEach(r -> text.append(r).append('\n'));
      try (var log = Files.walk(table.resolve("_delta_log"))) {
        for (Path f : log.filter(Files::isRegularFile).toList()) {
          text.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n');
        }
      }
    }
    assertThat(searched).contains("silver/phones", "silver/phone_provinces", "gold/adoption_by_district", "meta/runs");
    try (var keys = Files.walk(Path.of(config.warehouse(), "_uptake"))) {
      for (Path f : keys.filter(Files::isRegularFile).toList()) {
        text.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    assertThat(phonesIn(text.toString())).as("phones found in tables, Delta logs and _uptake/").isEmpty();
  }

  @Test
  void noPhoneNumberIsInAReportInAnyFormat() throws Exception {
    StringBuilder text = new StringBuilder();
    io.uptake.report.AdoptionReport national = io.uptake.jobs.ReportJob.report(spark, config, null, null);
    io.uptake.report.AdoptionReport hcmc = io.uptake.jobs.ReportJob.report(spark, config, "79", null);
    for (io.uptake.report.ReportFormat f : io.uptake.report.ReportFormat.values()) {
      if (!f.isFile()) {
        text.append(national.render(f)).append(hcmc.render(f));
      }
    }
    // The files: the HTML page (its data and table) and every cell of the spreadsheet.
    text.append(io.uptake.report.HtmlReport.render(hcmc, io.uptake.jobs.ReportJob.trend(spark, config, "79"),
        io.uptake.jobs.ReportJob.quality(spark, config, hcmc.asOf()), "population", 0.4));
    ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
    io.uptake.report.SpreadsheetReport.write(hcmc, xlsx);
    try (var wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(new java.io.ByteArrayInputStream(xlsx.toByteArray()))) {
      org.apache.poi.ss.usermodel.DataFormatter cells = new org.apache.poi.ss.usermodel.DataFormatter();
      wb.getSheetAt(0).forEach(row -> row.forEach(cell -> text.append(cells.formatCellValue(cell)).append('\n')));
    }
    assertThat(phonesIn(text.toString())).as("phones found in reports").isEmpty();
  }

  @Test
  void noPhoneNumberIsInTheRunSummaryItsProgressOrTheLogs() throws Exception {
    String text = firstRun.render() + progress.toString(java.nio.charset.StandardCharsets.UTF_8) + logs;
    assertThat(phonesIn(text)).as("phones found in the run's output and logs").isEmpty();
  }

  /**
   * Every phone of the input files found in a text: its raw value, or its digits alone, or (for a
   * valid one) its national, 0… or 84… form, as a number standing alone (digits inside a longer run,
   * as in a double's mantissa, or beside letters, as in a pseudonym's hex, are not a phone).
   */
  private List<String> phonesIn(String all) throws Exception {
    java.util.Set<String> raw = AdoptionOracle.rawPhones(landing.installsDir());
    java.util.Set<String> digitRuns = new java.util.HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![0-9A-Za-z])\\d+(?![0-9A-Za-z])").matcher(all);
    while (m.find()) {
      digitRuns.add(m.group());
    }
    List<String> leaked = new ArrayList<>();
    int canonical = 0;
    for (String r : raw) {
      String e164 = AdoptionOracle.canonicalPhone(r);
      String digits = r.replaceAll("\\D", "");
      java.util.Set<String> forms = new java.util.HashSet<>();
      if (digits.length() >= 8) {
        forms.add(digits);
      }
      if (e164 != null && e164.startsWith("+84")) {
        canonical++;
        String national = e164.substring(3);
        forms.addAll(List.of(national, "0" + national, "84" + national));
      }
      boolean found = forms.stream().anyMatch(digitRuns::contains) || (r.strip().length() >= 8 && all.contains(r.strip()));
      if (found) {
        leaked.add(digits.length() > 4 ? digits.substring(0, 4) + "..." : "...");
      }
    }
    assertThat(canonical).as("valid phones searched for").isGreaterThan(2000);
    return leaked;
  }

  /** A gold row (g) and its published row (p) are of the same area. */
  private static final String SAME_AREA =
      "g.row_type = p.row_type AND g.province_code <=> p.province_code AND g.district_code <=> p.district_code";

  /*
   * With publish.min_count, the published views and the reports hide every count from 1 to 9 (and
   * the complementary cells), gold keeps them, and what is shown equals gold.
   */

  /** Gold joined to its published view under publish.min_count 10, row by row. */
  private List<Row> goldBesidePublished(UptakeConfig published) {
    return QueryJob.query(spark, published, "SELECT g.row_type, g.province_code, g.district_code, "
        + "g.phones AS true_phones, p.phones, p.phones_suppressed, g.phones_per_population AS true_share, "
        + "p.phones_per_population AS share, g.as_of = max(g.as_of) OVER () AS latest, g.installs_without_phone, "
        + "p.installs_without_phone, p.installs_without_phone_suppressed FROM adoption_by_district g "
        + "JOIN adoption_by_district_published p ON g.as_of = p.as_of AND " + SAME_AREA).collectAsList();
  }

  @Test
  void thePublishedSnapshotHidesCountsUnderTenAndShowsTheRestAsGoldHasThem() {
    List<Row> joined = goldBesidePublished(config.with(ConfigKey.PUBLISH_MIN_COUNT, 10));
    assertThat(joined).hasSize((int) spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district").count());
    for (Row r : joined) {
      long truth = r.getLong(3);
      boolean suppressed = r.getBoolean(5);
      if (truth < 10) {
        assertThat(suppressed).as("%s", r).isTrue();
      }
      if (!suppressed) {
        assertThat(r.<Long>getAs(4)).as("%s", r).isEqualTo(truth);
        assertThat(r.<Object>getAs(7)).as("%s", r).isEqualTo(r.getAs(6));
      } else {
        assertThat(r.isNullAt(4) && r.isNullAt(7)).as("%s", r).isTrue();
      }
      long anonymous = r.getLong(9);
      if (anonymous < 10) {
        assertThat(r.isNullAt(10) && r.getBoolean(11)).as("%s", r).isTrue();
      } else if (!r.getBoolean(11)) {
        assertThat(r.getLong(10)).isEqualTo(anonymous);
      }
    }
    assertThat(joined).as("counts hidden and shown")
        .anySatisfy(r -> assertThat(r.getBoolean(5)).isTrue())
        .anySatisfy(r -> assertThat(r.getBoolean(5)).isFalse());
  }

  /** The report shows the hidden districts as x, and says so; the shown ones as gold has them. */
  @Test
  void theReportShowsHiddenCountsAsXAndSaysSo() throws Exception {
    UptakeConfig published = config.with(ConfigKey.PUBLISH_MIN_COUNT, 10);
    List<Row> joined = goldBesidePublished(published);
    io.uptake.report.AdoptionReport tuyenQuang = io.uptake.jobs.ReportJob.report(spark, published, "08", null);
    assertThat(tuyenQuang.render(io.uptake.report.ReportFormat.TABLE)).contains("Ghi chú: «x» là số không công bố: số nhỏ hơn 10");
    String csv = tuyenQuang.render(io.uptake.report.ReportFormat.CSV);
    int compared = 0;
    for (Row r : joined) {
      if (r.getBoolean(8) && "08".equals(r.getString(1)) && "district".equals(r.getString(0))) {
        String line = java.util.Arrays.stream(csv.split("\n")).filter(l -> l.contains(",08,") && l.contains("," + r.getString(2) + ","))
            .findFirst().orElseThrow();
        assertThat(line.split(",", -1)[6]).as(line).isEqualTo(r.getBoolean(5) ? "" : Long.toString(r.getLong(3)));
        assertThat(line).as(line).endsWith("," + r.getBoolean(5));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(7);
  }

  /**
   * The trend: each day's counts suppressed the same way, and nothing computed from a hidden count
   * of that day or of the days before.
   */
  @Test
  void theTrendHidesWhatIsComputedFromAHiddenCount() {
    UptakeConfig published = config.with(ConfigKey.PUBLISH_MIN_COUNT, 10);
    List<Row> days = QueryJob.query(spark, published, "SELECT g.phones, p.phones, p.phones_suppressed, p.progress, "
        + "p.pace_7d, g.new_phones, p.new_phones, p.new_phones_suppressed, "
        + "coalesce(lag(p.phones_suppressed) OVER (PARTITION BY p.row_type, p.province_code, p.district_code "
        + "ORDER BY p.snapshot_date), false) FROM adoption_daily g JOIN adoption_daily_published p "
        + "ON g.snapshot_date = p.snapshot_date AND " + SAME_AREA).collectAsList();
    assertThat(days).isNotEmpty().allSatisfy(r -> {
      boolean hidden = r.getBoolean(2);
      if (r.getLong(0) < 10) {
        assertThat(hidden).as("%s", r).isTrue();
      }
      assertThat(r.isNullAt(1)).as("%s", r).isEqualTo(hidden);
      if (hidden) {
        assertThat(r.isNullAt(3) && r.isNullAt(4)).as("progress and pace hidden with the phones: %s", r).isTrue();
      } else {
        assertThat(r.getLong(1)).isEqualTo(r.getLong(0));
      }
      if (hidden || r.getBoolean(8) || !r.isNullAt(5) && r.getLong(5) < 10) {
        assertThat(r.isNullAt(6) && r.getBoolean(7)).as("new phones hidden: %s", r).isTrue();
      }
    });
    assertThat(days).anySatisfy(r -> assertThat(r.getBoolean(2)).isTrue());
  }

  /** Off (the default): the published view is gold as it is, every flag false. */
  @Test
  void withoutAMinimumThePublishedViewIsGoldAsItIs() {
    String goldColumns = String.join(", ", spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district").columns());
    assertThat(QueryJob.query(spark, config, "SELECT " + goldColumns + " FROM adoption_by_district_published EXCEPT ALL "
        + "SELECT * FROM adoption_by_district").count()).isZero();
    assertThat(QueryJob.query(spark, config, "SELECT * FROM adoption_by_district_published WHERE phones_suppressed "
        + "OR installs_without_phone_suppressed").count()).isZero();
  }

  @Test
  void silverKeysPhonesByTheirHmacUnderTheWarehouseKey() throws Exception {
    byte[] key = io.uptake.testing.TestPhoneKeys.generatedKey(config.warehouse());
    java.util.Set<String> expected = new java.util.HashSet<>();
    for (String r : AdoptionOracle.rawPhones(landing.installsDir())) {
      String e164 = AdoptionOracle.canonicalPhone(r);
      if (e164 != null && e164.startsWith("+84")) {
        expected.add(io.uptake.testing.TestPhoneKeys.hmac(key, e164));
      }
    }
    Dataset<Row> phones = spark.read().format("delta").load(config.warehouse() + "/silver/phones");
    assertThat(phones.columns()).contains("phone_key").doesNotContain("phone");
    List<String> keys = phones.select("phone_key").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(keys).allSatisfy(k -> assertThat(k).matches("[0-9a-f]{64}"));
    // Every counted phone is one of the input's valid phones (phones after the cut-off are not counted).
    assertThat(expected).containsAll(keys);
    assertThat(keys).hasSizeGreaterThan(2000);
  }

  @Test
  void quarantineRowsSayWhereTheyCameFromAndWhy() throws Exception {
    List<Row> rows = spark.read().format("delta").load(config.warehouse() + "/quarantine/installs").collectAsList();
    java.util.Set<String> reasons = java.util.Arrays.stream(io.uptake.schema.QuarantineReason.values())
        .map(io.uptake.schema.QuarantineReason::code).collect(java.util.stream.Collectors.toSet());
    assertThat(rows).isNotEmpty().allSatisfy(r -> {
      assertThat(r.<String>getAs("source_file")).startsWith("file:").contains("/installs/date=");
      assertThat(r.<Long>getAs("line_number")).isPositive();
      assertThat(reasons).contains(r.<String>getAs("reason"));
    });
    assertThat(rows).filteredOn(r -> r.<String>getAs("reason").endsWith("_phone") || r.<String>getAs("reason").equals("not_vn_mobile"))
        .allSatisfy(r -> assertThat(r.<String>getAs("value")).isNotBlank());
    // The masked value is there for every raw one, and shows no phone of the input.
    assertThat(rows).filteredOn(r -> r.getAs("value") != null)
        .allSatisfy(r -> assertThat(r.<String>getAs("value_masked")).isNotNull());
    StringBuilder masked = new StringBuilder();
    rows.forEach(r -> masked.append(r.<String>getAs("value_masked")).append('\n'));
    assertThat(phonesIn(masked.toString())).as("phones in value_masked").isEmpty();
    assertThat(rows).filteredOn(r -> java.util.Set.of("invalid_phone", "foreign_phone", "not_vn_mobile").contains(r.<String>getAs("reason")))
        .isNotEmpty().allSatisfy(r -> assertThat(r.<String>getAs("value_masked").replaceAll("\\D", "")).hasSizeLessThanOrEqualTo(4));
  }

  @Test
  void goldEqualsTheOracle() throws Exception {
    assertMatchesOracle(cutoff);
  }

  @Test
  void summaryAccountsForEveryRow() throws Exception {
    assertThat(firstRun.files().ingested()).isEqualTo(landing.files());
    assertThat(firstRun.rows().ingested()).isEqualTo(landing.installRows());
    assertThat(firstRun.rows().inBronze()).isEqualTo(landing.installRows());
    assertThat(firstRun.rows().accepted() + firstRun.rows().quarantined()).isEqualTo(firstRun.rows().inBronze());
    // Per file, rows read (by the pipeline's inspection) equal the rows the test's own reader finds,
    // and bronze, with phone + anonymous + quarantined add up to them.
    Map<Path, Integer> oracle = AdoptionOracle.rowsPerFile(landing.installsDir());
    assertThat(firstRun.files().accounts()).hasSize(oracle.size()).allSatisfy(f -> {
      assertThat(f.rowsRead()).as(f.file()).isEqualTo((long) oracle.get(Path.of(io.uptake.error.Errors.display(f.file()))));
      assertThat(f.holds()).as(f.describe()).isTrue();
    });
    assertThat(firstRun.files().rowsRead()).isEqualTo(landing.installRows());
    assertThat(firstRun.rows().quarantinedByReason()).containsKeys("invalid_phone", "not_vn_mobile", "foreign_phone",
        "malformed_record", "missing_province");
    long quarantineRows = spark.read().format("delta").load(config.warehouse() + "/quarantine/installs").count();
    assertThat(quarantineRows).isEqualTo(firstRun.rows().quarantined());
  }

  @Test
  void rerunReplacesItsSnapshotAndKeepsOthers() throws Exception {
    Instant dayBefore = cutoff.minus(Duration.ofDays(1));
    RunSummary backfill = NightlyRun.of(spark, config).asOf(dayBefore).progressTo(quiet()).execute();
    RunSummary rerun = NightlyRun.of(spark, config).asOf(cutoff).progressTo(quiet()).execute();
    assertThat(List.of(backfill.files().ingested(), rerun.files().ingested(), rerun.rows().ingested())).containsOnly(0L);
    assertThat(rerun.files().alreadyIngested()).isEqualTo(landing.files());
    assertThat(rerun.rows().inBronze()).isEqualTo(landing.installRows());

    Dataset<Row> gold = gold();
    assertThat(gold.where(col("as_of").equalTo(lit(Timestamp.from(cutoff)))).count()).isEqualTo(833);
    assertThat(gold.where(col("as_of").equalTo(lit(Timestamp.from(dayBefore)))).count()).isEqualTo(833);
    assertThat(gold.count()).isEqualTo(2 * 833);
    assertMatchesOracle(dayBefore);
    assertMatchesOracle(cutoff);
  }

  /** Every %%sql cell of the analyst notebook runs on this gold table, so the notebook cannot rot. */
  @Test
  void theNotebooksSqlRunsOnTheGoldTable() throws Exception {
    List<String> queries = io.uptake.testing.NotebookSql.cells();
    assertThat(queries).as("ranking, province vs national, target gap, reconciliation, latest").hasSizeGreaterThanOrEqualTo(5);
    QueryJob.registerViews(spark, config);
    for (String sql : queries) {
      List<Row> result = spark.sql(sql).collectAsList();
      assertThat(result).as(sql).isNotEmpty();
      if (List.of(spark.sql(sql).columns()).contains("adds_up")) {
        assertThat(result).as("reconciliation").allSatisfy(r -> assertThat(r.<Boolean>getAs("adds_up")).isTrue());
      }
    }
  }

  private Dataset<Row> gold() {
    return spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district");
  }

  private void assertMatchesOracle(Instant asOf) throws Exception {
    GoldOracle.assertMatches(spark, config.warehouse(), landing.installsDir(), landing.censusDir(), asOf);
  }
}
