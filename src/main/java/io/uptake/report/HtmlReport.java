package io.uptake.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One self-contained HTML file for a province or the country: the run's as-of time and data-quality
 * summary, the table as published, a bar chart of each area's shares against the target, and the
 * trend from {@code gold/adoption_daily}. Nothing is fetched when it opens: Apache ECharts (a
 * WebJar on the classpath, never in the repository) and the data are inlined.
 *
 * <p>The charts draw what the published table shows: a count held back as a small cell is left out
 * of the charts too, so the file discloses nothing the table does not.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Element ids the page's script fills: tests and embedders rely on them. */
  public static final String BARS_ID = "shares-chart";
  public static final String TREND_ID = "trend-chart";
  public static final String TABLE_ID = "published-table";
  /** The JSON script element holding the charts' data. */
  public static final String DATA_ID = "report-data";
  /** The share bars' colour, which the browser test looks for in the screenshot; each chart has its own. */
  public static final String BAR_COLOUR = "#1f77b4";
  public static final String TREND_BAR_COLOUR = "#2ca02c";
  public static final String TREND_COLOUR = "#d62728";

  private static final String WEBJAR = "META-INF/maven/org.webjars/echarts/pom.properties";

  /** What the run that wrote the snapshot read, kept and found (from {@code meta/runs}); null fields are unknown. */
  public record Quality(String runId, Instant finishedAt, Long rowsRead, Long rowsAccepted, Long rowsQuarantined,
      Map<String, Long> quarantinedByReason, List<Check> checks) {}

  /** One expectation's outcome, as the run recorded it. */
  public record Check(String name, String action, String outcome, String detail) {}

  /**
   * @param quality the run's summary, or null when no run is on record for the snapshot
   * @param targetDenominator the denominator the target is a share of (population, say)
   * @param targetShare the target as a fraction (0.4)
   */
  public static String render(AdoptionReport table, TrendReport trend, Quality quality, String targetDenominator,
      double targetShare) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("target", Map.of("denominator", targetDenominator, "label", label(targetDenominator),
        "percent", BigDecimal.valueOf(targetShare * 100).stripTrailingZeros().toPlainString()));
    data.put("barColour", BAR_COLOUR);
    data.put("trendBarColour", TREND_BAR_COLOUR);
    data.put("trendColour", TREND_COLOUR);
    data.put("bars", bars(table));
    data.put("trend", trend(trend, targetDenominator));

    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // Nothing may leave the page: no fetch, image or font from anywhere but the file itself.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<title>").append(escape(table.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n")
        .append("</head>\n<body>\n<h1>").append(escape(table.title())).append("</h1>\n");
    appendQuality(b, table, quality);
    b.append("<section><h2>Tỷ lệ so với mục tiêu</h2>\n<div id=\"").append(BARS_ID)
        .append("\" class=\"chart\" role=\"img\" aria-label=\"Tỷ lệ của từng địa bàn so với mục tiêu\"></div></section>\n");
    b.append("<section><h2>Diễn biến theo ngày — ").append(escape(trend.scopeName())).append("</h2>\n<div id=\"")
        .append(TREND_ID).append("\" class=\"chart\" role=\"img\" aria-label=\"Số điện thoại và tỷ lệ theo ngày\"></div>")
        .append("</section>\n");
    appendTable(b, table);
    b.append("<script type=\"application/json\" id=\"").append(DATA_ID).append("\">").append(json(data)).append("</script>\n");
    b.append("<script>\n").append(echarts()).append("\n</script>\n");
    b.append("<script>\n").append(SCRIPT).append("</script>\n");
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void appendQuality(StringBuilder b, AdoptionReport table, Quality q) {
    b.append("<section class=\"quality\"><h2>Số liệu và chất lượng dữ liệu</h2>\n<dl>\n");
    item(b, "Tính đến", OffsetDateTime.ofInstant(table.asOf(), table.zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        + " (" + table.zone().getId() + ")");
    if (q == null) {
      item(b, "Lần chạy", "không có bản ghi trong meta/runs cho ảnh chụp này");
    } else {
      item(b, "Lần chạy", q.runId() + ", xong lúc " + OffsetDateTime.ofInstant(q.finishedAt(), table.zone())
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      item(b, "Dòng đã đọc", count(q.rowsRead()));
      item(b, "Dòng được chấp nhận", count(q.rowsAccepted()));
      StringBuilder reasons = new StringBuilder(count(q.rowsQuarantined()));
      if (q.quarantinedByReason() != null && !q.quarantinedByReason().isEmpty()) {
        List<String> parts = new ArrayList<>();
        q.quarantinedByReason().forEach((reason, n) -> parts.add(reason + " " + PublishedNumbers.vietnameseInteger(n)));
        reasons.append(" (").append(String.join(", ", parts)).append(')');
      }
      item(b, "Dòng cách ly", reasons.toString());
    }
    b.append("</dl>\n");
    if (q != null && q.checks() != null && !q.checks().isEmpty()) {
      b.append("<table class=\"checks\"><thead><tr><th>Kiểm tra</th><th>Mức</th><th>Kết quả</th><th>Chi tiết</th></tr></thead><tbody>\n");
      for (Check c : q.checks()) {
        b.append("<tr class=\"").append(escape(c.outcome())).append("\"><td>").append(escape(c.name())).append("</td><td>")
            .append(escape(c.action())).append("</td><td>").append(escape(c.outcome())).append("</td><td>")
            .append(escape(c.detail() == null ? "" : c.detail())).append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
    }
    b.append("</section>\n");
  }

  private static void item(StringBuilder b, String term, String value) {
    b.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
  }

  private static String count(Long n) {
    return n == null ? "không rõ" : PublishedNumbers.vietnameseInteger(n);
  }

  private static void appendTable(StringBuilder b, AdoptionReport table) {
    b.append("<section><h2>Bảng số liệu</h2>\n<table id=\"").append(TABLE_ID).append("\" class=\"published\">\n<thead><tr>");
    for (String h : table.peopleHeader()) {
      b.append("<th>").append(escape(h)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : table.peopleCells()) {
      b.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        b.append(i == 1 ? "<td>" : "<td class=\"n\">").append(escape(row.get(i))).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    if (table.suppressionNote() != null) {
      b.append("<p class=\"note\">").append(escape(table.suppressionNote())).append("</p>\n");
    }
    b.append("</section>\n");
  }

  /** One bar group per area of the table but its total; a share not published is null (no bar). */
  private static Map<String, Object> bars(AdoptionReport table) {
    List<String> areas = new ArrayList<>();
    List<Map<String, Object>> series = new ArrayList<>();
    List<List<Double>> values = new ArrayList<>();
    for (int i = 0; i < table.denominators().size(); i++) {
      values.add(new ArrayList<>());
    }
    for (AdoptionReport.PublishedRow r : table.publishedRows()) {
      // The total, and rows with no denominator (unassigned, unknown province): no share to draw.
      if (r.total() || r.denominatorValues().stream().allMatch(v -> v == null || v == 0)) {
        continue;
      }
      areas.add(r.label());
      for (int i = 0; i < table.denominators().size(); i++) {
        BigDecimal pct = r.percents().get(i);
        values.get(i).add(pct == null ? null : pct.doubleValue());
      }
    }
    for (int i = 0; i < table.denominators().size(); i++) {
      String d = table.denominators().get(i);
      series.add(Map.of("denominator", d, "name", "Tỷ lệ / " + label(d), "values", values.get(i)));
    }
    return Map.of("areas", areas, "series", series);
  }

  private static Map<String, Object> trend(TrendReport trend, String targetDenominator) {
    List<String> dates = new ArrayList<>();
    List<Long> phones = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    for (TrendReport.Day d : trend.days()) {
      dates.add(d.date().toString());
      phones.add(d.phonesSuppressed() ? null : d.phones());
      BigDecimal pct = d.phones() == null || d.phonesSuppressed() ? null : PublishedNumbers.percent(d.phones(), d.targetBase());
      shares.add(pct == null ? null : pct.doubleValue());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dates", dates);
    m.put("phones", phones);
    m.put("shares", shares);
    m.put("shareName", "Tỷ lệ / " + label(targetDenominator));
    return m;
  }

  private static String label(String denominator) {
    return switch (denominator) {
      case "population" -> "dân số";
      case "smartphones" -> "số smartphone";
      default -> denominator;
    };
  }

  // Inside <script>, "</" or "<!--" would end or change the element: JSON may escape every "<" instead.
  private static String json(Object data) {
    try {
      return new ObjectMapper().writeValueAsString(data).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data to JSON", e);
    }
  }

  /** ECharts from its WebJar, whichever version the build brought. */
  static String echarts() {
    ClassLoader loader = HtmlReport.class.getClassLoader();
    try (InputStream pom = loader.getResourceAsStream(WEBJAR)) {
      if (pom == null) {
        throw new IllegalStateException("the ECharts WebJar (org.webjars:echarts) is not on the classpath");
      }
      Properties p = new Properties();
      p.load(pom);
      String path = "META-INF/resources/webjars/echarts/" + p.getProperty("version") + "/echarts.min.js";
      try (InputStream js = loader.getResourceAsStream(path)) {
        if (js == null) {
          throw new IllegalStateException("the ECharts WebJar has no " + path);
        }
        // A script holding "</script" would end the element early; ECharts has none, but make sure.
        return new String(js.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body { font-family: "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; margin: 24px auto; max-width: 1100px;
        color: #222; padding: 0 16px; }
      h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
      .chart { width: 100%; height: 420px; }
      dl { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; }
      dt { font-weight: 600; } dd { margin: 0; }
      table { border-collapse: collapse; font-size: 13px; }
      th, td { border: 1px solid #bbb; padding: 3px 8px; }
      th { background: #f2f2f2; }
      td.n { text-align: right; font-variant-numeric: tabular-nums; }
      table.published tbody tr:first-child { font-weight: 600; }
      table.checks tr.warned td, table.checks tr.quarantined td { background: #fff4d6; }
      table.checks tr.failed td { background: #fde2e2; }
      .note { font-style: italic; }
      """;

  // Builds both charts from the inlined data; SVG, so the drawn marks are in the DOM.
  private static final String SCRIPT = """
      (function () {
        var data = JSON.parse(document.getElementById('report-data').textContent);
        var pct = function (v) { return v == null ? 'x' : v.toFixed(2).replace('.', ',') + '%'; };
        var bars = echarts.init(document.getElementById('%BARS%'), null, { renderer: 'svg' });
        var target = Number(data.target.percent);
        // The scale follows the data; the target line is drawn when it is within reach of the
        // bars (shares far below it would otherwise be flat lines along the axis) and named otherwise.
        var highest = 0;
        data.bars.series.forEach(function (s) { s.values.forEach(function (v) { if (v != null && v > highest) highest = v; }); });
        var targetShown = highest >= target / 4;
        var series = data.bars.series.map(function (s, i) {
          var one = { name: s.name, type: 'bar', data: s.values, barMaxWidth: 18,
            itemStyle: i === 0 ? { color: data.barColour } : { color: '#9ecae1' } };
          if (targetShown && s.denominator === data.target.denominator) {
            one.markLine = { symbol: 'none', silent: true, lineStyle: { color: '#333', type: 'dashed' },
              label: { formatter: 'Mục tiêu ' + data.target.percent + '%', position: 'insideEndTop' },
              data: [{ yAxis: target }] };
          }
          return one;
        });
        var note = 'Mục tiêu: ' + data.target.percent + '% ' + data.target.label
          + (targetShown ? '' : ' (ngoài thang đo: tỷ lệ cao nhất ' + pct(highest) + ')');
        bars.setOption({ animation: false, tooltip: { trigger: 'axis', valueFormatter: pct },
          title: { text: note, left: 'right', top: 0, textStyle: { fontSize: 12, fontWeight: 'normal' } },
          legend: { top: 0, left: 0 }, grid: { left: 50, right: 30, bottom: 120, top: 50 },
          xAxis: { type: 'category', data: data.bars.areas, axisLabel: { rotate: 60, interval: 0, fontSize: 10 } },
          yAxis: { type: 'value', name: '%', max: targetShown ? function (v) { return Math.max(v.max, target) * 1.1; } : null },
          series: series });
        var trend = echarts.init(document.getElementById('%TREND%'), null, { renderer: 'svg' });
        var latestShare = 0;
        data.trend.shares.forEach(function (v) { if (v != null && v > latestShare) latestShare = v; });
        var line = { name: data.trend.shareName, type: 'line', yAxisIndex: 1, data: data.trend.shares,
          itemStyle: { color: data.trendColour }, lineStyle: { color: data.trendColour, width: 2 } };
        if (latestShare >= target / 4) {
          line.markLine = { symbol: 'none', silent: true, lineStyle: { color: '#333', type: 'dashed' },
            label: { formatter: 'Mục tiêu ' + data.target.percent + '%', position: 'insideEndTop' },
            data: [{ yAxis: target }] };
        }
        trend.setOption({ animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
          grid: { left: 70, right: 60, bottom: 40, top: 40 },
          xAxis: { type: 'category', data: data.trend.dates },
          yAxis: [{ type: 'value', name: 'Số điện thoại' }, { type: 'value', name: '%', position: 'right',
            max: line.markLine ? function (v) { return Math.ceil(Math.max(v.max, target) * 1.1); } : null }],
          series: [
            { name: 'Bluezoner có số điện thoại', type: 'bar', data: data.trend.phones, itemStyle: { color: data.trendBarColour } },
            line] });
        document.body.setAttribute('data-charts', 'drawn');
      })();
      """.replace("%BARS%", BARS_ID).replace("%TREND%", TREND_ID);
}
