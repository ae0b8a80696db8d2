package io.uptake.transform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Local date-times are read in the configured zone, whatever it is; offsets win over it. */
class EventTimesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "UTC|2021-07-01 12:00:00|2021-07-01T12:00:00Z",
      "Europe/Paris|2021-07-01 12:00:00|2021-07-01T10:00:00Z",
      "Europe/Paris|2021-01-15T12:00:00|2021-01-15T11:00:00Z",
      "America/New_York|2021-11-07 00:30:00.5|2021-11-07T04:30:00.500Z",
      "Asia/Ho_Chi_Minh|2021-05-06 17:00|2021-05-06T10:00:00Z",
      "Europe/Paris|2021-07-01T12:00:00+07:00|2021-07-01T05:00:00Z",
      "Europe/Paris|2021-07-01T12:00:00-0330|2021-07-01T15:30:00Z",
      "Europe/Paris|1620295199000|2021-05-06T09:59:59Z",
      "UTC|2021-05-06T16:59:59.123456789+07:00|2021-05-06T09:59:59.123456Z",
      "UTC|2021-05-06T16:59:59.9999999+07:00|2021-05-06T09:59:59.999999Z",
      "UTC|2021-05-06t16:59:59z|2021-05-06T16:59:59Z",
      "UTC|2021-05-06T16:59:59+07|2021-05-06T09:59:59Z",
      "UTC|2021-05-06 16:59:59 +07:00|2021-05-06T09:59:59Z",
      "UTC|2021-05-06T16:59:59,5+0700|2021-05-06T09:59:59.500Z"})
  void parsesInTheConfiguredZone(String zone, String raw, String expected) {
    assertThat(parse(raw, zone)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2021-05-06", "yesterday", "2021-05-06 24:00:00", "2021-02-30 10:00:00", "2021-05-06T10:00:00+25:00", "2021-05-06T10:00:00+18:30",
      "06/05/2021 10:00", "162029519900", "16202951990001"})
  void everythingElseIsNull(String raw) {
    assertThat(parse(raw, "Asia/Ho_Chi_Minh")).isNull();
  }

  private static Instant parse(String raw, String zone) {
    List<Timestamp> out = TestSpark.session().createDataset(Arrays.asList(raw), Encoders.STRING())
        .select(EventTimes.parse(col("value"), ZoneId.of(zone)))
        .as(Encoders.TIMESTAMP()).collectAsList();
    return out.get(0) == null ? null : out.get(0).toInstant();
  }
}
