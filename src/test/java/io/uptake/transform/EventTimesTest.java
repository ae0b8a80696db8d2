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

  /**
   * The parser against the rule as regular expressions and Spark built-ins (how it was first
   * written), over values generated around every accepted form and its near misses.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"Asia/Ho_Chi_Minh", "America/New_York", "UTC"})
  void agreesWithTheRuleWrittenAsRegularExpressions(String zone) {
    java.util.Random random = new java.util.Random(zone.hashCode());
    List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      values.add(generatedTime(random));
    }
    List<org.apache.spark.sql.Row> rows = TestSpark.session().createDataset(values, Encoders.STRING())
        .select(col("value"), EventTimes.parse(col("value"), ZoneId.of(zone)).as("parsed"),
            RegexEventTimes.parse(col("value"), ZoneId.of(zone)).as("expected"))
        .collectAsList();
    int parsed = 0;
    for (org.apache.spark.sql.Row r : rows) {
      assertThat(r.get(1)).as("'%s'", r.getString(0)).isEqualTo(r.get(2));
      parsed += r.isNullAt(1) ? 0 : 1;
    }
    assertThat(parsed).as("values that are times").isBetween(2_000, 18_000);
  }

  private static String generatedTime(java.util.Random r) {
    String[] spaces = {"", "", "", " ", "\t", "\u00A0", "\uFEFF", "\u2009", "\n"};
    StringBuilder s = new StringBuilder(spaces[r.nextInt(spaces.length)]);
    if (r.nextInt(10) == 0) {
      int digits = 11 + r.nextInt(4);
      s.append(1 + r.nextInt(9));
      for (int i = 1; i < digits; i++) {
        s.append(r.nextInt(10));
      }
    } else {
      s.append(String.format("%04d", pick(r, 2021, 0, 9999, 1582)));
      s.append(r.nextInt(30) == 0 ? "/" : "-").append(two(r, 13, 0, 12)).append('-').append(two(r, 32, 0, 31));
      s.append("Tt  x".charAt(r.nextInt(r.nextInt(40) == 0 ? 5 : 4)));
      s.append(two(r, 24, 23, 24, 25)).append(r.nextInt(40) == 0 ? "." : ":").append(two(r, 60, 59, 61));
      if (r.nextInt(4) > 0) {
        s.append(':').append(two(r, 60, 59, 60));
        if (r.nextInt(3) == 0) {
          s.append(r.nextBoolean() ? '.' : ',');
          int n = r.nextInt(40) == 0 ? 0 : r.nextInt(40) == 0 ? 10 : 1 + r.nextInt(9);
          for (int i = 0; i < n; i++) {
            s.append(r.nextInt(10));
          }
        }
      }
      if (r.nextInt(5) == 0) {
        s.append(' ');
      }
      String[] offsets = {"", "", "Z", "z", "+07:00", "+0700", "+07", "-03:30", "+18:00", "+18", "+1800", "+18:30",
          "-17:59", "+19", "+07:60", "+7", "+070", "+07:0", "07:00", "Y"};
      s.append(offsets[r.nextInt(offsets.length)]);
    }
    s.append(spaces[r.nextInt(spaces.length)]);
    return s.toString();
  }

  private static int pick(java.util.Random r, int usual, int... others) {
    return r.nextInt(10) > 0 ? usual : others[r.nextInt(others.length)];
  }

  private static String two(java.util.Random r, int bound, int... edges) {
    return String.format("%02d", r.nextInt(8) > 0 ? r.nextInt(bound) : edges[r.nextInt(edges.length)]);
  }

  private static Instant parse(String raw, String zone) {
    List<Timestamp> out = TestSpark.session().createDataset(Arrays.asList(raw), Encoders.STRING())
        .select(EventTimes.parse(col("value"), ZoneId.of(zone)))
        .as(Encoders.TIMESTAMP()).collectAsList();
    return out.get(0) == null ? null : out.get(0).toInstant();
  }
}
