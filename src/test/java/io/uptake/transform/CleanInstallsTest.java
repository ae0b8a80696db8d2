package io.uptake.transform;

import static io.uptake.testing.Fixtures.bronze;
import static io.uptake.testing.Fixtures.installRow;
import static io.uptake.testing.Fixtures.malformedRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.geo.AdminUnits;
import io.uptake.geo.AreaResolver;
import io.uptake.geo.Reference;
import io.uptake.phone.PhoneCanonicalizer;
import io.uptake.phone.PhonePseudonymizer;
import io.uptake.testing.TestPhoneKeys;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CleanInstallsTest {
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
  private Map<Long, Row> byLine;
  private Dataset<Row> cleanedRows;

  @BeforeAll
  void cleanOnce() {
    Dataset<Row> in = bronze(
        installRow(1, "2021-05-06T16:59:59+07:00", "0912 345 678", "Hà Nội", "Ba Đình"),
        installRow(2, "2021-05-06T09:59:59Z", "+84 (0) 912 345 678", "01", "1"),
        installRow(3, "2021-05-06 16:59:59", "0166 234 5678", "TP HCM", "Q.1"),
        installRow(4, "2021-05-06T16:59:59", "842345678", "Thành phố Hồ Chí Minh", "001"),
        installRow(5, "1620295199000", null, "79", null),
        installRow(6, "2021-05-06T16:59:59.123+0700", "   ", "Atlantis", "Ba Đình"),
        installRow(7, "yesterday", "0912345678", "01", null),
        installRow(8, "2021-13-45 25:00:00", "0912345678", "01", null),
        installRow(9, null, "0912345678", "01", null),
        installRow(10, "2021-05-06T10:00:00Z", "0912345678", " ", null),
        installRow(11, "2021-05-06T10:00:00Z", "024 3825 3456", "01", null),
        installRow(12, "2021-05-06T10:00:00Z", "+1 650 253 0000", "01", null),
        installRow(13, "2021-05-06T10:00:00Z", "12345", "01", null),
        malformedRow(14, "{\"event_time\": \"2021-05-0"),
        installRow(15, "2021-05-06", "0912345678", "01", null),
        installRow(16, "2021-05-06T10:00:00Z", "0912345678", "87", "Cao Lãnh"),
        installRow(17, "2021-05-06T10:00:00Z", "0912345678", "87", "TP Cao Lãnh"),
        installRow(18, "yesterday", "abc", "\u00a0", null),
        installRow(19, "2021-05-06T10:00:00Z", "abc", "\t", null),
        installRow(20, "\u00a02021-05-06T10:00:00Z\r", "0912345678", "\u00a0 01 ", "\u00a0001"),
        installRow(21, "2021-05-06T16:59:60+07:00", "0912345678", "01", null),
        installRow(22, "1620295199", "0912345678", "01", null));
    cleanedRows = CleanInstalls.clean(in.withColumn("ingest_time", org.apache.spark.sql.functions.current_timestamp())
            .withColumn("run_id", org.apache.spark.sql.functions.lit("tonight")),
        PhoneCanonicalizer.withBundledPrefixes(), new PhonePseudonymizer(TestPhoneKeys.KEY),
        AreaResolver.create(AdminUnits.bundled(), Reference.aliases(null)), VN);
    List<Row> out = cleanedRows.collectAsList();
    byLine = new HashMap<>();
    out.forEach(r -> byLine.put(r.<Long>getAs("line_number"), r));
    assertThat(out).as("clean keeps every row").hasSize(22);
  }

  @Test
  void theNarrowedRowsKeepTheInputTextOnlyWhereItMayBeWritten() {
    List<Row> narrowed = CleanInstalls.unpacked(CleanInstalls.narrow(cleanedRows)).collectAsList();
    assertThat(narrowed).hasSize(22);
    long fileKey = io.uptake.testing.TestSpark.session().sql("SELECT xxhash64('file:/landing/a.jsonl')").first().getLong(0);
    java.util.Set<Long> written = new java.util.TreeSet<>();
    for (Row r : byLine.values()) {
      boolean quarantinable = r.getAs("reject_reason") != null || r.getAs("district_code") == null;
      if (quarantinable || r.getAs("phone_key") == null) {
        written.add(r.<Long>getAs("line_number"));
      }
    }
    assertThat(written).as("the fixture has clean rows and rows to write").hasSizeBetween(5, 20);
    java.util.Set<Long> kept = new java.util.TreeSet<>();
    for (Row n : narrowed) {
      assertThat(n.<Long>getAs("_file_key")).as("every row names its file by hash").isEqualTo(fileKey);
      assertThat(n.<String>getAs("run_id")).isEqualTo("tonight");
      Long line = n.getAs("line_number");
      if (line == null) {
        assertThat(n.<String>getAs("source_file")).isNull();
        assertThat(n.<String>getAs("phone")).isNull();
        continue;
      }
      kept.add(line);
      Row full = byLine.get(line);
      assertThat(n.<String>getAs("source_file")).isEqualTo("file:/landing/a.jsonl");
      assertThat(n.<String>getAs("reject_reason")).isEqualTo(full.<String>getAs("reject_reason"));
      boolean quarantinable = full.getAs("reject_reason") != null || full.getAs("district_code") == null;
      for (String c : new String[] {"phone", "province", "district", "event_time_text", "reject_value", "parse_error"}) {
        assertThat(n.<Object>getAs(c)).as("line %d, %s", line, c).isEqualTo(quarantinable ? full.getAs(c) : null);
      }
    }
    assertThat(kept).isEqualTo(written);
  }

  @Test
  void eventTimesInEveryAcceptedForm() {
    Instant expected = Instant.parse("2021-05-06T09:59:59Z");
    for (long line : new long[] {1, 2, 3, 4, 5}) {
      assertThat(time(line)).as("line %d", line).isEqualTo(expected);
    }
    assertThat(time(6)).isEqualTo(Instant.parse("2021-05-06T09:59:59.123Z"));
  }

  @Test
  void badEventTimesAreQuarantinedWithTheirValue() {
    assertThat(reason(7)).isEqualTo("invalid_event_time");
    assertThat(byLine.get(7L).<String>getAs("reject_value")).isEqualTo("yesterday");
    assertThat(reason(8)).isEqualTo("invalid_event_time");
    assertThat(reason(9)).isEqualTo("missing_event_time");
    assertThat(reason(15)).as("a date alone is not an instant").isEqualTo("invalid_event_time");
  }

  @Test
  void phonesAreCanonicalOrRejectedWithAReason() {
    assertThat(phone(1)).isEqualTo(pseudonym("+84912345678"));
    assertThat(phone(2)).isEqualTo(pseudonym("+84912345678"));
    assertThat(phone(3)).as("legacy 0166 is 036").isEqualTo(pseudonym("+84362345678"));
    assertThat(phone(4)).as("9-digit national starting with 84").isEqualTo(pseudonym("+84842345678"));
    assertThat(phone(5)).isNull();
    assertThat(reason(5)).as("no phone is an anonymous install, not an error").isNull();
    assertThat(reason(6)).isNull();
    assertThat(reason(11)).isEqualTo("not_vn_mobile");
    assertThat(reason(12)).isEqualTo("foreign_phone");
    assertThat(reason(13)).isEqualTo("invalid_phone");
    assertThat(byLine.get(13L).<String>getAs("reject_value")).isEqualTo("12345");
  }

  @Test
  void noColumnAddedByCleaningHoldsACanonicalNumber() {
    java.util.Set<String> bronzeColumns = java.util.Set.of(io.uptake.schema.BronzeInstalls.PARSED.fieldNames());
    assertThat(byLine.values()).allSatisfy(r -> {
      for (org.apache.spark.sql.types.StructField f : r.schema().fields()) {
        Object v = r.getAs(f.name());
        if (!bronzeColumns.contains(f.name()) && v != null) {
          assertThat(v.toString()).as(f.name()).doesNotContainPattern("\\+?84\\d{9}");
        }
      }
    });
  }

  @Test
  void areasResolveWithinTheRowsProvince() {
    assertThat(area(1)).isEqualTo("01/001");
    assertThat(area(2)).isEqualTo("01/001");
    assertThat(area(3)).isEqualTo("79/760");
    assertThat(area(4)).as("Ba Đình's code in Hồ Chí Minh City").isEqualTo("79/null");
    assertThat(area(6)).as("an unknown province is accepted, not resolved").isEqualTo("null/null");
    assertThat(reason(6)).isNull();
    assertThat(area(16)).as("plain Cao Lãnh is ambiguous").isEqualTo("87/null");
    assertThat(area(17)).isEqualTo("87/866");
  }

  @Test
  void requiredFieldsAndMalformedLines() {
    assertThat(reason(10)).isEqualTo("missing_province");
    assertThat(reason(14)).isEqualTo("malformed_record");
    assertThat(byLine.get(14L).<String>getAs("reject_value")).isEqualTo("{\"event_time\": \"2021-05-0");
  }

  @Test
  void theFirstReasonThatAppliesIsStored() {
    assertThat(reason(18)).as("bad time, blank province, bad phone").isEqualTo("invalid_event_time");
    assertThat(reason(19)).as("blank province, bad phone").isEqualTo("missing_province");
  }

  @Test
  void whitespaceOfAnyKindAroundValuesIsIgnored() {
    assertThat(time(20)).isEqualTo(Instant.parse("2021-05-06T10:00:00Z"));
    assertThat(area(20)).isEqualTo("01/001");
    assertThat(reason(20)).isNull();
  }

  @Test
  void impossibleClockTimesAndShortEpochsAreInvalid() {
    assertThat(reason(21)).as("second 60 must not roll over to the cut-off").isEqualTo("invalid_event_time");
    assertThat(reason(22)).as("epoch seconds are not epoch milliseconds").isEqualTo("invalid_event_time");
  }

  private Instant time(long line) {
    java.sql.Timestamp t = byLine.get(line).getAs("event_time");
    return t == null ? null : t.toInstant();
  }

  private String reason(long line) {
    return byLine.get(line).getAs("reject_reason");
  }

  /** The canonical number's pseudonym, computed with the JDK's HMAC: the number itself is never a column. */
  private static String pseudonym(String e164) {
    return TestPhoneKeys.hmac(TestPhoneKeys.KEY, e164);
  }

  private String phone(long line) {
    return byLine.get(line).getAs("phone_key");
  }

  private String area(long line) {
    Row r = byLine.get(line);
    return r.getAs("province_code") + "/" + r.getAs("district_code");
  }
}
