package io.uptake.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CountedEventsTest {
  private static final Instant CUTOFF = Instant.parse("2021-05-06T10:00:00Z");
  private static final StructType SCHEMA = new StructType()
      .add("line_number", DataTypes.LongType)
      .add("event_time", DataTypes.TimestampType)
      .add("phone_key", DataTypes.StringType)
      .add("reject_reason", DataTypes.StringType);

  @Test
  void eventsAtOrBeforeTheCutoffCountAndLaterOnesDoNot() {
    Dataset<Row> clean = TestSpark.session().createDataFrame(List.of(
        row(1, CUTOFF.minusSeconds(86_400), "+84912345678", null),
        row(2, CUTOFF, "+84912345678", null),
        row(3, CUTOFF.plusNanos(1_000), "+84912345678", null),
        row(4, CUTOFF.plusSeconds(3_600), null, null),
        row(5, CUTOFF.minusSeconds(60), null, null),
        row(6, CUTOFF.minusSeconds(60), null, "invalid_phone"),
        row(7, null, null, "invalid_event_time")), SCHEMA);

    Dataset<Row> counted = CountedEvents.asOf(clean, Timestamp.from(CUTOFF));

    assertThat(lines(counted)).containsExactlyInAnyOrder(1L, 2L, 5L);
    assertThat(lines(CountedEvents.withPhone(counted))).containsExactlyInAnyOrder(1L, 2L);
    assertThat(lines(CountedEvents.anonymous(counted))).containsExactly(5L);
  }

  private static Row row(long line, Instant time, String phone, String reason) {
    return RowFactory.create(line, time == null ? null : Timestamp.from(time), phone, reason);
  }

  private static List<Long> lines(Dataset<Row> df) {
    return df.select("line_number").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }
}
