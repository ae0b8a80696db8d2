package io.uptake.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.uptake.report.AdoptionReport.Line;
import io.uptake.schema.RowType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's data and markup; that it draws is {@code PublishedFilesTest}'s part, in Chromium. */
class HtmlReportTest {
  private static final Instant AS_OF = Instant.parse("2021-05-06T10:00:00Z");
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final List<Line> SNAPSHOT = List.of(
      new Line("08", "Tỉnh Tuyên Quang", "070", "Thành phố <Tuyên> Quang", RowType.DISTRICT, 1300, values(10_000L)),
      new Line("08", "Tỉnh Tuyên Quang", "071", "Huyện Lâm Bình", RowType.DISTRICT, 3, values(5_000L)),
      new Line("08", "Tỉnh Tuyên Quang", "072", "Huyện Na Hang", RowType.DISTRICT, 40, values(4_000L)),
      new Line("08", "Tỉnh Tuyên Quang", null, null, RowType.UNASSIGNED, 0, values(0L)),
      new Line("08", "Tỉnh Tuyên Quang", null, null, RowType.PROVINCE_TOTAL, 1343, values(19_000L)),
      new Line(null, null, null, null, RowType.UNKNOWN_PROVINCE, 0, values((Long) null)),
      new Line(null, null, null, null, RowType.NATIONAL_TOTAL, 1343, values(19_000L)));

  private static List<Long> values(Long... v) {
    return Arrays.asList(v);
  }

  private static TrendReport trend(boolean firstDayHidden) {
    return new TrendReport("Tỉnh Tuyên Quang", "population", 0.4, List.of(
        // The count is passed even when flagged: the page, not the caller, must leave it out.
        new TrendReport.Day(LocalDate.of(2021, 5, 5), 7L, null, 19_000L, 7_600L, 0.0, null, null,
            false, firstDayHidden, false),
        new TrendReport.Day(LocalDate.of(2021, 5, 6), 1343L, 1336L, 19_000L, 7_600L, 0.18, 1336.0, null, false, false, false)),
        firstDayHidden ? 10 : null);
  }

  /** The page without its two code scripts (the library, a megabyte, and the drawing), keeping the data. */
  private static String withoutScripts(String html) {
    return html.replaceAll("(?s)<script>.*?</script>", "<script></script>");
  }

  private static JsonNode data(String html) throws Exception {
    return io.uptake.testing.ReportPages.data(html);
  }

  @Test
  void chartsGetThePublishedSharesAndTheTrend() throws Exception {
    AdoptionReport table = AdoptionReport.province(AS_OF, VN, "Tỉnh Tuyên Quang", List.of("population"), SNAPSHOT, "08");
    String html = withoutScripts(HtmlReport.render(table, trend(false), null, "population", 0.4));
    JsonNode data = data(html);
    // Districts by code; the total and the unassigned row (no population) have no bar.
    assertThat(data.at("/bars/areas")).extracting(JsonNode::asText)
        .containsExactly("Thành phố <Tuyên> Quang", "Huyện Lâm Bình", "Huyện Na Hang");
    assertThat(data.at("/bars/series/0/values")).extracting(JsonNode::asDouble).containsExactly(13.0, 0.06, 1.0);
    assertThat(data.at("/target/percent").asText()).isEqualTo("40");
    assertThat(data.at("/trend/dates")).extracting(JsonNode::asText).containsExactly("2021-05-05", "2021-05-06");
    assertThat(data.at("/trend/shares")).extracting(JsonNode::asDouble).containsExactly(0.04, 7.07);
    // Names are text, never markup: in the table escaped, in the data a JSON string.
    assertThat(html).contains("<td>Thành phố &lt;Tuyên&gt; Quang</td>").doesNotContain("<Tuyên>");
    assertThat(html).contains("không có bản ghi trong meta/runs");
  }

  @Test
  void aCountHeldBackInTheTableIsNotDrawnEither() throws Exception {
    AdoptionReport table = AdoptionReport.province(AS_OF, VN, "Tỉnh Tuyên Quang", List.of("population"), SNAPSHOT, "08", 10);
    String html = withoutScripts(HtmlReport.render(table, trend(true), new HtmlReport.Quality("r1", AS_OF, 10L, 9L, 1L,
        Map.of("invalid_phone", 1L), List.of(new HtmlReport.Check("unresolved_district", "warn", "warned", "5%"))),
        "population", 0.4));
    JsonNode data = data(html);
    // Lâm Bình's 3 is below 10, and Na Hang's 40 is hidden with it (two cells, so neither can be
    // worked out from the total): neither share is drawn.
    assertThat(data.at("/bars/series/0/values/1").isNull()).isTrue();
    assertThat(data.at("/bars/series/0/values/2").isNull()).isTrue();
    assertThat(data.at("/bars/series/0/values/0").asDouble()).isEqualTo(13.0);
    assertThat(data.at("/trend/phones/0").isNull()).isTrue();
    assertThat(data.at("/trend/shares/0").isNull()).isTrue();
    assertThat(html).contains("<tr class=\"warned\"><td>unresolved_district</td>").contains("invalid_phone 1");
  }
}
