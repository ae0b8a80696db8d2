package io.uptake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendReportTest {
  @Test
  void suppressedCountsShowAsSuppressedForPeopleAndBlankForMachines() {
    List<TrendReport.Day> days = List.of(
        new TrendReport.Day(LocalDate.of(2021, 5, 5), null, null, 1000L, 400L, null, null, null, null,
            true, false),
        new TrendReport.Day(LocalDate.of(2021, 5, 6), 15L, null, 1000L, 400L, 0.0375, null, null, false,
            false, true));
    TrendReport report = new TrendReport("Tỉnh Tuyên Quang", "population", 0.4, days, 10);
    String table = report.render(ReportFormat.TABLE);
    assertThat(table).containsPattern("2021-05-05\\s+x\\s")
        .containsPattern("2021-05-06\\s+15\\s+x\\s+1.50\\s+400\\s+3.75")
        .contains("x: not published, a count below 10 or one that would reveal such a count (from a total, or from "
            + "another day); what is computed from it is blank too (publish.min_count = 10).");
    assertThat(report.render(ReportFormat.CSV)).startsWith("date,phones,new_phones,phones_pct_population,target_phones,"
        + "progress_pct,pace_7d,projected_date,phones_suppressed,new_phones_suppressed\n")
        .contains("2021-05-05,,,,400,,,,true,false\n", "2021-05-06,15,,1.50,400,3.75,,,false,true\n");
    assertThat(new TrendReport("x", "population", 0.4, days.subList(1, 2), null).render(ReportFormat.TABLE))
        .doesNotContain("publish.min_count");
  }
}
