package io.uptake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.config.ExpectationSettings;
import io.uptake.config.ExpectationSettings.Action;
import io.uptake.config.ExpectationSettings.Rule;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  private static final LocalDate NIGHT = LocalDate.of(2021, 5, 10);

  private static TreeMap<LocalDate, Long> nights(long... rows) {
    TreeMap<LocalDate, Long> m = new TreeMap<>();
    for (int i = 0; i < rows.length; i++) {
      m.put(NIGHT.minusDays(rows.length - i), rows[i]);
    }
    return m;
  }

  @Test
  void nightVolumeIsJudgedAgainstTheMedianOfTheLatestEarlierNightsWithRows() {
    Rule warnHalf = new Rule(Action.WARN, 0.5);
    // Earlier nights, oldest first: 1000 is beyond the 3 latest; the 0 (a night with no file) is skipped.
    TreeMap<LocalDate, Long> history = nights(1000, 100, 300, 0, 200);
    ExpectationResult low = Expectations.nightVolume(history, NIGHT, 99, warnHalf, 3);
    assertThat(low.outcome()).isEqualTo("warned");
    assertThat(low.observed()).isEqualTo(99 / 200.0); // median of 100, 300, 200
    assertThat(low.detail()).contains("99 rows read for the night of 2021-05-10", "median 200 of the 3 nights before");
    assertThat(Expectations.nightVolume(history, NIGHT, 100, warnHalf, 3).outcome()).isEqualTo("passed");
    // Even counts take the mean of the middle two: 100, 300, 200, 1000 → 250.
    assertThat(Expectations.nightVolume(history, NIGHT, 124, warnHalf, 4).observed()).isEqualTo(124 / 250.0);
    // The night itself and later nights are not history.
    history.put(NIGHT, 5L);
    history.put(NIGHT.plusDays(1), 5L);
    assertThat(Expectations.nightVolume(history, NIGHT, 100, warnHalf, 3).observed()).isEqualTo(0.5);
  }

  @Test
  void nightVolumeWaitsForThreeNightsAndCanBeOff() {
    ExpectationResult early = Expectations.nightVolume(nights(100, 0, 100), NIGHT, 1, new Rule(Action.FAIL, 0.5), 7);
    assertThat(early.outcome()).isEqualTo("skipped");
    assertThat(early.detail()).isEqualTo("2 earlier night(s) with rows on record; 3 needed");
    assertThat(Expectations.nightVolume(nights(100), NIGHT, 1, new Rule(Action.FAIL, 0.5), 1).outcome()).isEqualTo("failed");
    assertThat(Expectations.nightVolume(nights(100, 100, 100), NIGHT, 1, new Rule(Action.OFF, 0.5), 7).outcome()).isEqualTo("off");
  }

  @Test
  void aDenominatorThatMovedMoreThanTheLimitIsNamed() {
    Expectations.CensusFigure yenSon = new Expectations.CensusFigure("08", "075", "population");
    Expectations.CensusFigure province = new Expectations.CensusFigure("08", null, "population");
    Expectations.CensusFigure phones = new Expectations.CensusFigure("08", null, "smartphones");
    Map<Expectations.CensusFigure, Long> before = Map.of(yenSon, 1000L, province, 10_000L, phones, 0L);
    Rule quarter = new Rule(Action.WARN, 0.25);

    ExpectationResult same = Expectations.denominatorChange(before, Map.of(yenSon, 1250L, province, 10_000L, phones, 0L),
        f -> f.districtCode() == null ? "Tuyên Quang" : "Yên Sơn", quarter);
    assertThat(same.outcome()).isEqualTo("passed");
    assertThat(same.observed()).isEqualTo(0.25);

    ExpectationResult moved = Expectations.denominatorChange(before, Map.of(yenSon, 1251L, province, 7_000L, phones, 0L),
        f -> f.districtCode() == null ? "Tuyên Quang" : "Yên Sơn", quarter);
    assertThat(moved.outcome()).isEqualTo("warned");
    assertThat(moved.observed()).isEqualTo(0.3);
    assertThat(moved.detail()).isEqualTo("2 of 3 census figures moved more than 25.0% from the previous census; "
        + "the largest: Tuyên Quang population 10,000 → 7,000 (30.0%)");

    ExpectationResult fromZero = Expectations.denominatorChange(before, Map.of(phones, 5L), f -> "Tuyên Quang",
        new Rule(Action.FAIL, 10));
    assertThat(fromZero.outcome()).isEqualTo("failed");
    assertThat(fromZero.detail()).contains("Tuyên Quang smartphones 0 → 5 (from 0)");

    assertThat(Expectations.denominatorChange(Map.of(), Map.of(yenSon, 1L), f -> "", quarter).outcome()).isEqualTo("skipped");
  }

  @Test
  void aFailedExpectationStopsWithExitSixAndWhatWasKept() {
    ExpectationResult failed = Expectations.nightVolume(nights(100), NIGHT, 1, new Rule(Action.FAIL, 0.5), 1);
    ExpectationResult warned = Expectations.nightVolume(nights(100), NIGHT, 1, new Rule(Action.WARN, 0.5), 1);
    Expectations.stopIfFailed(List.of(warned), "no table changed");
    assertThatThrownBy(() -> Expectations.stopIfFailed(List.of(warned, failed), "no table changed"))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.EXPECTATION_FAILED))
        .hasMessage("Cannot complete the run: expectation night_volume (1 rows read for the night of 2021-05-10, 1.0% of "
            + "the median 100 of the 1 nights before; limit 50.0%) did not hold, and its action is fail; no table changed");
  }

  private static final StructType CLEANED = new StructType()
      .add(BronzeInstalls.RUN_ID, DataTypes.StringType)
      .add(BronzeInstalls.PROVINCE, DataTypes.StringType)
      .add(BronzeInstalls.DISTRICT, DataTypes.StringType)
      .add(CleanEvents.PROVINCE_CODE, DataTypes.StringType)
      .add(CleanEvents.DISTRICT_CODE, DataTypes.StringType)
      .add(CleanEvents.REJECT_REASON, DataTypes.StringType)
      .add(CleanEvents.REJECT_VALUE, DataTypes.StringType);

  private static Row cleaned(String run, String province, String district, String provinceCode, String districtCode,
      String reason) {
    return RowFactory.create(run, province, district, provinceCode, districtCode, reason, reason == null ? null : "x");
  }

  @Test
  void unresolvedDistrictsAreJudgedPerIngestRunAndQuarantinedOnlyInRunsOverTheLimit() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> rows = spark.createDataFrame(List.of(
        // Tonight: 2 of 4 accepted rows have no district (one in an unknown province); the rejected row does not count.
        cleaned("tonight", "08", "Yên Sơn", "08", "075", null),
        cleaned("tonight", "08", "Atlantis", "08", null, null),
        cleaned("tonight", "Narnia", "X", null, null, null),
        cleaned("tonight", "08", "Na Hang", "08", "072", null),
        cleaned("tonight", "08", null, "08", null, "invalid_phone"),
        // An earlier night in a rebuild: 1 of 4.
        cleaned("earlier", "08", null, "08", null, null),
        cleaned("earlier", "08", "Yên Sơn", "08", "075", null),
        cleaned("earlier", "08", "Yên Sơn", "08", "075", null),
        cleaned("earlier", "08", "Yên Sơn", "08", "075", null)), CLEANED);

    Expectations.DistrictShares warn = Expectations.unresolvedDistricts(rows, "tonight", new Rule(Action.WARN, 0.2));
    assertThat(warn.tonight().outcome()).isEqualTo("warned");
    assertThat(warn.tonight().observed()).isEqualTo(0.5);
    assertThat(warn.runsToQuarantine()).isEmpty();

    Expectations.DistrictShares quarantine = Expectations.unresolvedDistricts(rows, "tonight", new Rule(Action.QUARANTINE, 0.3));
    assertThat(quarantine.tonight().outcome()).isEqualTo("quarantined");
    assertThat(quarantine.runsToQuarantine()).isEqualTo(Set.of("tonight"));
    List<String> judged = Expectations.quarantineUnresolved(rows, quarantine.runsToQuarantine())
        .selectExpr("concat_ws('|', run_id, coalesce(district_code, '-'), coalesce(reject_reason, '-'), coalesce(reject_value, '-'))")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
    assertThat(judged).containsExactly(
        "earlier|-|-|-", "earlier|075|-|-", "earlier|075|-|-", "earlier|075|-|-",
        "tonight|-|invalid_phone|x", "tonight|-|unresolved_district|Atlantis", "tonight|-|unresolved_district|Narnia",
        "tonight|072|-|-", "tonight|075|-|-");

    // A rebuild quarantines every night over the limit, as each night did.
    assertThat(Expectations.unresolvedDistricts(rows, "rebuild", new Rule(Action.QUARANTINE, 0.2)).runsToQuarantine())
        .containsExactlyInAnyOrder("tonight", "earlier");
    assertThat(Expectations.unresolvedDistricts(rows, "rebuild", new Rule(Action.QUARANTINE, 0.2)).tonight().outcome())
        .isEqualTo("skipped");
  }
}
