package io.uptake.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AdoptionTrendTest {
  private static final StructType GOLD = new StructType()
      .add("as_of", DataTypes.TimestampType).add("province_code", DataTypes.StringType)
      .add("province_name", DataTypes.StringType).add("district_code", DataTypes.StringType)
      .add("district_name", DataTypes.StringType).add("row_type", DataTypes.StringType)
      .add("phones", DataTypes.LongType).add("population", DataTypes.LongType);

  private static Row national(String asOf, long phones) {
    return RowFactory.create(Timestamp.from(Instant.parse(asOf)), null, null, null, null, "national_total", phones, 1000L);
  }

  @Test
  void dailyPhonesNewPhonesProgressPaceAndProjection() {
    List<Row> gold = new ArrayList<>(List.of(
        national("2021-05-01T10:00:00Z", 100),
        national("2021-05-02T05:00:00Z", 110),   // an earlier snapshot of 2 May (12:00 in Hồ Chí Minh City)
        national("2021-05-02T10:00:00Z", 120),   // the day's latest: this one counts
        national("2021-05-03T10:00:00Z", 160),
        national("2021-05-05T10:00:00Z", 400)));
    List<Row> out = AdoptionTrend.build(TestSpark.session().createDataFrame(gold, GOLD), "population", 0.4,
            ZoneId.of("Asia/Ho_Chi_Minh"))
        .orderBy("snapshot_date").collectAsList();

    assertThat(out).extracting(r -> r.<java.sql.Date>getAs("snapshot_date").toLocalDate())
        .containsExactly(LocalDate.of(2021, 5, 1), LocalDate.of(2021, 5, 2), LocalDate.of(2021, 5, 3), LocalDate.of(2021, 5, 5));
    assertThat(out).extracting(r -> r.<Long>getAs("phones")).containsExactly(100L, 120L, 160L, 400L);
    assertThat(out.get(0).<Long>getAs("new_phones")).isNull();
    assertThat(out.get(1).<Long>getAs("new_phones")).isEqualTo(20L);
    assertThat(out.get(2).<Long>getAs("target_phones")).isEqualTo(400L);
    assertThat(out.get(2).<Double>getAs("progress")).isEqualTo(0.4);
    // From 1 May (100) to 3 May (160): 30 a day; 240 to go → 8 days after 3 May.
    assertThat(out.get(2).<Double>getAs("pace_7d")).isEqualTo(30.0);
    assertThat(out.get(2).<java.sql.Date>getAs("projected_date").toLocalDate()).isEqualTo(LocalDate.of(2021, 5, 11));
    assertThat(out.get(3).<Boolean>getAs("reached")).isTrue();
    assertThat(out.get(3).<java.sql.Date>getAs("projected_date")).isNull();
    assertThat(out.get(0).<Double>getAs("pace_7d")).as("no pace from one day").isNull();
  }
}
