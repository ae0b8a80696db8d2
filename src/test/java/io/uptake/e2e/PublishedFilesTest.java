package io.uptake.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.cli.Main;
import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.generate.LandingSetGenerator;
import io.uptake.pipeline.NightlyRun;
import io.uptake.testing.Chromium;
import io.uptake.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files people receive, checked against the gold table they come from: the spreadsheet read
 * back cell by cell with POI, and the HTML report opened in headless Chromium, whose DOM and
 * screenshot must show drawn charts and the gold numbers. Expected values are formatted here, in
 * plain Java, not by the report code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedFilesTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final Locale VIETNAMESE = Locale.forLanguageTag("vi-VN");
  private static final String PROVINCE = "79";
  private static final List<String> DENOMINATORS = List.of("population", "smartphones");

  @TempDir
  static Path dir;

  private SparkSession spark;
  private UptakeConfig config;
  private Path configFile;
  private Instant latest;

  @BeforeAll
  void runFourDays() throws Exception {
    spark = TestSpark.session();
    LandingSetGenerator.Summary landing = LandingSetGenerator.generate(dir.resolve("landing"),
        new LandingSetGenerator.Options(1500, 4, 11L, LocalDate.of(2021, 5, 6), ZONE));
    config = ConfigLoader.defaults()
        .with(ConfigKey.WAREHOUSE, dir.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, landing.installsDir().toString())
        .with(ConfigKey.INPUTS_CENSUS, smallCensus(dir.resolve("census")).toString());
    List<Instant> cutoffs = new ArrayList<>();
    for (int d = 3; d >= 0; d--) {
      cutoffs.add(config.cutoffOf(LocalDate.of(2021, 5, 6).minusDays(d)));
    }
    latest = cutoffs.get(3);
    NightlyRun.of(spark, config).cutoffs(cutoffs).progressTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute();
    configFile = Files.writeString(dir.resolve("uptake.yaml"), "warehouse: " + config.warehouse() + "\n"
        + "trend:\n  target_share: 0.4\n  target_denominator: population\n");
  }

  /**
   * 20 people and 12 smartphones in every district of the reference: 1,500 phones then give shares
   * of tens of percent, so the charts have bars to draw (against the real census they are 0.00%).
   */
  private static Path smallCensus(Path dir) throws java.io.IOException {
    List<String> population = new ArrayList<>(List.of("province,district,population"));
    List<String> smartphones = new ArrayList<>(List.of("province,district,smartphones"));
    for (String line : Files.readAllLines(Path.of("conf/reference/vn_admin_units_2021-02-01.csv"))) {
      String[] f = line.split(",");
      if (f[0].equals("district")) {
        population.add(f[4] + ",\"" + f[2] + "\",20");
        smartphones.add(f[4] + ",\"" + f[2] + "\",12");
      }
    }
    Files.createDirectories(dir);
    Files.write(dir.resolve("population.csv"), population);
    Files.write(dir.resolve("smartphones.csv"), smartphones);
    return dir;
  }

  @Test
  void spreadsheetHoldsTheGoldTableCellByCellInTheOfficialLayout() throws Exception {
    Path xlsx = dir.resolve("79.xlsx");
    assertThat(cli("report", "--config", configFile.toString(), "--province", PROVINCE, "--format", "xlsx",
        "--out", xlsx.toString())).isZero();

    List<Row> gold = provinceRows();
    DataFormatter vietnamese = new DataFormatter(VIETNAMESE);
    try (Workbook wb = WorkbookFactory.create(xlsx.toFile())) {
      Sheet sheet = wb.getSheetAt(0);
      assertThat(sheet.getSheetName()).isEqualTo("Thành phố Hồ Chí Minh");
      assertThat(sheet.getRow(0).getCell(0).getStringCellValue())
          .isEqualTo("Bluezoner có số điện thoại — Thành phố Hồ Chí Minh — tính đến 17:00 ngày 06/05/2021 (Asia/Ho_Chi_Minh)");
      List<String> header = new ArrayList<>();
      sheet.getRow(2).forEach(c -> header.add(c.getStringCellValue()));
      assertThat(header).containsExactly("TT", "Phạm vi", "Bluezoner có số điện thoại", "Dân số", "Tỷ lệ / dân số",
          "Số smartphone", "Tỷ lệ / số smartphone");

      // The province total first, then its districts by code, numbered, then the unassigned row.
      assertThat(sheet.getLastRowNum()).isEqualTo(2 + gold.size());
      int checkedFormats = 0;
      for (int i = 0; i < gold.size(); i++) {
        Row g = gold.get(i);
        org.apache.poi.ss.usermodel.Row row = sheet.getRow(3 + i);
        String type = g.getAs("row_type");
        if (i == 0) {
          assertThat(type).isEqualTo("province_total");
          assertThat(row.getCell(0).getCellType()).isIn(CellType.BLANK, CellType.STRING);
          assertThat(row.getCell(1).getStringCellValue()).isEqualTo("Tổng Thành phố Hồ Chí Minh");
        } else {
          assertThat(row.getCell(0).getNumericCellValue()).as("TT of row %d", i).isEqualTo(i);
          assertThat(row.getCell(1).getStringCellValue())
              .isEqualTo(type.equals("unassigned") ? "Chưa xác định quận/huyện" : g.<String>getAs("district_name"));
        }
        long phones = g.getAs("phones");
        Cell phoneCell = row.getCell(2);
        assertThat(phoneCell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat((long) phoneCell.getNumericCellValue()).isEqualTo(phones);
        assertThat(vietnamese.formatCellValue(phoneCell)).isEqualTo(vietnameseInteger(phones));
        for (int d = 0; d < DENOMINATORS.size(); d++) {
          Long denominator = g.getAs(DENOMINATORS.get(d));
          Cell value = row.getCell(3 + 2 * d);
          Cell share = row.getCell(4 + 2 * d);
          if (denominator == null) {
            assertThat(value.getCellType()).isEqualTo(CellType.BLANK);
            continue;
          }
          assertThat((long) value.getNumericCellValue()).isEqualTo(denominator);
          assertThat(vietnamese.formatCellValue(value)).isEqualTo(vietnameseInteger(denominator));
          if (denominator == 0) {
            assertThat(share.getCellType()).isEqualTo(CellType.BLANK);
            continue;
          }
          BigDecimal percent = BigDecimal.valueOf(phones * 100).divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
          assertThat(share.getNumericCellValue()).isEqualTo(percent.movePointLeft(2).doubleValue());
          assertThat(share.getNumericCellValue()).isCloseTo(g.<Double>getAs("phones_per_" + DENOMINATORS.get(d)),
              org.assertj.core.data.Offset.offset(0.00005));
          assertThat(vietnamese.formatCellValue(share)).isEqualTo(percent.toPlainString().replace('.', ',') + "%");
          checkedFormats++;
        }
      }
      assertThat(checkedFormats).isGreaterThan(2 * 20);
    }
  }

  @Test
  void htmlReportDrawsItsChartsInChromiumAndShowsTheGoldNumbers() throws Exception {
    Path html = dir.resolve("79.html");
    assertThat(cli("report", "--config", configFile.toString(), "--province", PROVINCE, "--format", "html",
        "--out", html.toString())).isZero();
    String file = Files.readString(html, StandardCharsets.UTF_8);
    // Self-contained: nothing is loaded from elsewhere, and the page forbids it.
    String markup = file.replaceAll("(?s)(<script[^>]*>).*?(</script>)", "$1$2");
    assertThat(markup).doesNotContainPattern("\\s(src|href)\\s*=").doesNotContain("url(").doesNotContain("@import");
    // ECharts inlined whole (a megabyte of it), not fetched.
    assertThat(file.length()).isGreaterThan(1_000_000);
    assertThat(file).contains("zrender").contains("registerPainter(\"svg\"");
    assertThat(file).contains("Content-Security-Policy").contains("default-src 'none'");

    String dom = Chromium.dumpDom(html, dir);
    assertThat(dom).contains("data-charts=\"drawn\"");
    for (String chart : List.of("shares-chart", "trend-chart")) {
      String svg = element(dom, chart);
      assertThat(svg).as(chart).contains("<svg");
      assertThat(count(svg, "<path")).as("marks drawn in %s", chart).isGreaterThan(20);
    }
    // One bar per district with a share, in the bars' colour; the trend's line in its own.
    List<Row> gold = provinceRows();
    long districts = gold.stream().filter(r -> r.getAs("row_type").equals("district")).count();
    assertThat(count(element(dom, "shares-chart"), "fill=\"#1f77b4\"")).isGreaterThanOrEqualTo((int) districts);
    assertThat(element(dom, "trend-chart")).contains("stroke=\"#d62728\"").contains("fill=\"#2ca02c\"");

    // The table as published, cell for cell against gold.
    List<List<String>> table = tableCells(element(dom, "published-table"));
    assertThat(table).hasSize(gold.size());
    for (int i = 0; i < gold.size(); i++) {
      Row g = gold.get(i);
      List<String> cells = table.get(i);
      assertThat(cells.get(0)).isEqualTo(i == 0 ? "" : Integer.toString(i));
      assertThat(cells.get(2)).isEqualTo(vietnameseInteger(g.getAs("phones")));
      Long population = g.getAs("population");
      assertThat(cells.get(3)).isEqualTo(population == null ? "" : vietnameseInteger(population));
      if (population != null && population > 0) {
        assertThat(cells.get(4)).isEqualTo(BigDecimal.valueOf(g.<Long>getAs("phones") * 100)
            .divide(BigDecimal.valueOf(population), 2, RoundingMode.HALF_UP).toPlainString().replace('.', ',') + "%");
      }
    }
    // The run's as-of time and its data-quality summary.
    assertThat(dom).contains("2021-05-06T17:00:00+07:00").contains("Dòng đã đọc").contains("unresolved_district");

    // The screenshot shows the drawn charts: many pixels in the bars' and the line's colours.
    Path png = dir.resolve("report.png");
    Chromium.screenshot(html, png, 1200, 1400, dir);
    BufferedImage image = ImageIO.read(png.toFile());
    // Each chart has its own colours: the share bars, the trend's bars and its line.
    assertThat(pixels(image, 0x1f77b4)).as("share bar pixels").isGreaterThan(2_000);
    assertThat(pixels(image, 0x2ca02c)).as("trend bar pixels").isGreaterThan(2_000);
    assertThat(pixels(image, 0xd62728)).as("trend line pixels").isGreaterThan(100);
    Path kept = Path.of("target", "report-screenshot.png");
    Files.createDirectories(kept.getParent());
    Files.copy(png, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void withMinCountTheSpreadsheetShowsNoSmallCountAndAPastPageNoLaterDay() throws Exception {
    Path suppressing = Files.writeString(dir.resolve("published.yaml"), Files.readString(configFile)
        + "publish:\n  min_count: 10\n");
    Path xlsx = dir.resolve("79-published.xlsx");
    assertThat(cli("report", "--config", suppressing.toString(), "--province", PROVINCE, "--format", "xlsx",
        "--out", xlsx.toString())).isZero();
    List<Row> gold = provinceRows();
    int small = 0;
    try (Workbook wb = WorkbookFactory.create(xlsx.toFile())) {
      Sheet sheet = wb.getSheetAt(0);
      for (int i = 0; i < gold.size(); i++) {
        long phones = gold.get(i).getAs("phones");
        Cell cell = sheet.getRow(3 + i).getCell(2);
        if (phones < 10) {
          small++;
          assertThat(cell.getCellType()).as("row %d holds %d phones", i, phones).isEqualTo(CellType.STRING);
          assertThat(cell.getStringCellValue()).isEqualTo("x");
          Long population = gold.get(i).getAs("population");
          assertThat(sheet.getRow(3 + i).getCell(4).getStringCellValue()).as("its share")
              .isEqualTo(population == null || population == 0 ? "" : "x");
        }
      }
      assertThat(sheet.getRow(3 + gold.size() + 1).getCell(0).getStringCellValue()).startsWith("Ghi chú: «x»");
    }
    assertThat(small).as("districts under 10 phones in the test data").isGreaterThan(3);

    // A page of an earlier snapshot charts the trend as it then stood: no later day.
    Path past = dir.resolve("79-past.html");
    assertThat(cli("report", "--config", configFile.toString(), "--province", PROVINCE, "--format", "html",
        "--as-of", "2021-05-04T17:00:00+07:00", "--out", past.toString())).isZero();
    String page = Files.readString(past, StandardCharsets.UTF_8);
    com.fasterxml.jackson.databind.JsonNode data = io.uptake.testing.ReportPages.data(page);
    List<String> dates = new ArrayList<>();
    data.at("/trend/dates").forEach(d -> dates.add(d.asText()));
    assertThat(dates).containsExactly("2021-05-03", "2021-05-04");
  }

  @Test
  void fileFormatsNeedAnOutputFileAndLeaveNoPartialFile() throws Exception {
    assertThat(cli("report", "--config", configFile.toString(), "--format", "xlsx")).isEqualTo(2);
    assertThat(cli("report", "--config", configFile.toString(), "--format", "html", "--trend", "--out",
        dir.resolve("t.html").toString())).isEqualTo(2);
    Path missingDir = dir.resolve("no-such-dir/national.xlsx");
    assertThat(cli("report", "--config", configFile.toString(), "--format", "xlsx", "--out", missingDir.toString()))
        .isEqualTo(2);
    assertThat(missingDir.getParent()).doesNotExist();

    // A second report replaces the first whole; no temporary file is left beside it.
    Path national = dir.resolve("out/national.xlsx");
    Files.createDirectories(national.getParent());
    Files.writeString(national, "an older file");
    assertThat(cli("report", "--config", configFile.toString(), "--format", "xlsx", "--out", national.toString())).isZero();
    try (Workbook wb = WorkbookFactory.create(national.toFile())) {
      assertThat(wb.getSheetAt(0).getRow(3).getCell(1).getStringCellValue()).isEqualTo("Tổng toàn quốc");
      assertThat((long) wb.getSheetAt(0).getRow(3).getCell(2).getNumericCellValue()).isEqualTo(nationalPhones());
    }
    try (var files = Files.list(national.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("national.xlsx");
    }
  }

  private long nationalPhones() {
    return spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district")
        .where(col("as_of").equalTo(lit(Timestamp.from(latest))).and(col("row_type").equalTo("national_total")))
        .first().getAs("phones");
  }

  /** The province's rows of the latest snapshot in published order: total, districts by code, unassigned. */
  private List<Row> provinceRows() {
    List<Row> rows = new ArrayList<>(spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district")
        .where(col("as_of").equalTo(lit(Timestamp.from(latest))).and(col("province_code").equalTo(PROVINCE)))
        .collectAsList());
    List<String> order = List.of("province_total", "district", "unassigned");
    rows.sort(Comparator.comparing((Row r) -> order.indexOf(r.<String>getAs("row_type")))
        .thenComparing(r -> r.<String>getAs("district_code") == null ? "" : r.getAs("district_code")));
    assertThat(rows).hasSizeGreaterThan(20);
    return rows;
  }

  /** 8993082 → "8.993.082", by the JDK's Vietnamese locale. */
  private static String vietnameseInteger(long n) {
    return String.format(VIETNAMESE, "%,d", n);
  }

  /** The element with this id, up to the end of the same tag (no nesting of the same tag name inside). */
  private static String element(String dom, String id) {
    Matcher open = Pattern.compile("<(\\w+)[^>]*\\sid=\"" + Pattern.quote(id) + "\"").matcher(dom);
    assertThat(open.find()).as("element #%s in the DOM", id).isTrue();
    String tag = open.group(1);
    int end = tag.equals("div") ? dom.indexOf("</section>", open.start()) : dom.indexOf("</" + tag + ">", open.start());
    return dom.substring(open.start(), end);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static List<List<String>> tableCells(String table) {
    List<List<String>> rows = new ArrayList<>();
    String body = table.substring(table.indexOf("<tbody>"));
    Matcher tr = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(body);
    while (tr.find()) {
      List<String> cells = new ArrayList<>();
      Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
      while (td.find()) {
        cells.add(td.group(1).replace("&amp;", "&"));
      }
      rows.add(cells);
    }
    return rows;
  }

  private static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  private static int cli(String... args) {
    return Main.execute(args);
  }
}
