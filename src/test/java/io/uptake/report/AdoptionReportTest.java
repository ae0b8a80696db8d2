package io.uptake.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.report.AdoptionReport.Line;
import io.uptake.schema.RowType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdoptionReportTest {
  private static final Instant AS_OF = Instant.parse("2021-05-06T10:00:00Z");
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final List<String> DENOMINATORS = List.of("population", "smartphones");
  private static final List<Line> SNAPSHOT = List.of(
      new Line("08", "Tỉnh Tuyên Quang", "072", "Huyện Na Hang", RowType.DISTRICT, 1075, values(10_000L, 8_000L)),
      new Line("08", "Tỉnh Tuyên Quang", "070", "Thành phố Tuyên Quang", RowType.DISTRICT, 13_100, values(101_378L, 0L)),
      new Line("08", "Tỉnh Tuyên Quang", null, null, RowType.UNASSIGNED, 5, values(22L, null)),
      new Line("08", "Tỉnh Tuyên Quang", null, null, RowType.PROVINCE_TOTAL, 14_180, values(111_400L, 8_000L)),
      new Line("01", "Thành phố Hà Nội", null, null, RowType.PROVINCE_TOTAL, 1, values(8L, 3L)),
      new Line(null, null, null, null, RowType.UNKNOWN_PROVINCE, 2, values(null, null)),
      new Line(null, null, null, null, RowType.NATIONAL_TOTAL, 14_183, values(111_408L, 8_003L)));

  private static List<Long> values(Long... v) {
    return Arrays.asList(v);
  }

  @Test
  void csvIsForMachinesWithExactHalfUpPercentages() {
    String csv = AdoptionReport.province(AS_OF, VN, "Tỉnh Tuyên Quang", DENOMINATORS, SNAPSHOT, "08").render(ReportFormat.CSV);
    assertThat(csv.lines().toList()).containsExactly(
        "as_of,province_code,province_name,district_code,district_name,row_type,phones,population,phones_pct_population,smartphones,phones_pct_smartphones",
        "2021-05-06T17:00:00+07:00,08,Tỉnh Tuyên Quang,,,province_total,14180,111400,12.73,8000,177.25",
        "2021-05-06T17:00:00+07:00,08,Tỉnh Tuyên Quang,070,Thành phố Tuyên Quang,district,13100,101378,12.92,0,",
        "2021-05-06T17:00:00+07:00,08,Tỉnh Tuyên Quang,072,Huyện Na Hang,district,1075,10000,10.75,8000,13.44",
        "2021-05-06T17:00:00+07:00,08,Tỉnh Tuyên Quang,,,unassigned,5,22,22.73,,");
  }

  @Test
  void tableIsForPeopleInVietnameseNumberFormat() {
    String table = AdoptionReport.province(AS_OF, VN, "Tỉnh Tuyên Quang", DENOMINATORS, SNAPSHOT, "08").render(ReportFormat.TABLE);
    assertThat(table).startsWith("Bluezoner có số điện thoại — Tỉnh Tuyên Quang — tính đến 17:00 ngày 06/05/2021");
    assertThat(table).contains("Phạm vi", "Dân số", "Tỷ lệ / dân số", "Số smartphone", "Tỷ lệ / số smartphone");
    assertThat(table.lines().filter(l -> l.contains("Thành phố Tuyên Quang")).findFirst().orElseThrow())
        .contains("13.100", "101.378", "12,92%");
    assertThat(table.lines().skip(3).findFirst().orElseThrow()).as("province total first").contains("Tổng Tỉnh Tuyên Quang", "14.180");
    assertThat(table.lines().filter(l -> l.contains("Chưa xác định")).count()).isEqualTo(1);
  }

  @Test
  void theNationalTableListsProvinceTotalsThenUnknownProvince() {
    AdoptionReport national = AdoptionReport.national(AS_OF, VN, DENOMINATORS, SNAPSHOT);
    assertThat(national.lines()).extracting(Line::rowType)
        .containsExactly(RowType.NATIONAL_TOTAL, RowType.PROVINCE_TOTAL, RowType.PROVINCE_TOTAL, RowType.UNKNOWN_PROVINCE);
    assertThat(national.lines().get(1).provinceCode()).isEqualTo("01");
    String md = national.render(ReportFormat.MD);
    assertThat(md).contains("| TT | Phạm vi | Bluezoner có số điện thoại |").contains("| 1 | Thành phố Hà Nội | 1 | 8 | 12,50% |");
  }
}
