package io.uptake.attribution;

import static io.uptake.testing.Fixtures.event;
import static io.uptake.testing.Fixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AttributePhonesTest {
  private static final StructType EXPECTED = new StructType()
      .add("phone_key", DataTypes.StringType)
      .add("province_code", DataTypes.StringType)
      .add("district_code", DataTypes.StringType);

  @Test
  void eachPhoneCountsOnceWhereItsEarliestResolvedEventsPut() {
    Dataset<Row> in = events(
        // The earliest event's province does not resolve: the next one decides.
        event("+84900000001", "2021-05-01T00:00:00Z", null, null),
        event("+84900000001", "2021-05-02T00:00:00Z", "01", null),
        event("+84900000001", "2021-05-03T00:00:00Z", "01", "002"),
        event("+84900000001", "2021-05-04T00:00:00Z", "79", "760"),
        // A later event elsewhere never moves a phone, even one with a district.
        event("+84900000002", "2021-05-01T00:00:00Z", "01", null),
        event("+84900000002", "2021-05-02T00:00:00Z", "79", "760"),
        // Same instant: lowest province code, then lowest district code.
        event("+84900000003", "2021-05-01T00:00:00Z", "79", "760"),
        event("+84900000003", "2021-05-01T00:00:00Z", "01", "005"),
        event("+84900000003", "2021-05-01T00:00:00Z", "01", "002"),
        // District events before the province's first resolved event do not count elsewhere.
        event("+84900000004", "2021-05-01T00:00:00Z", "08", "072"),
        event("+84900000004", "2021-05-01T00:00:00Z", "08", "071"),
        // No resolved province at all.
        event("+84900000005", "2021-05-01T00:00:00Z", null, null),
        event("+84900000005", "2021-05-02T00:00:00Z", null, null));

    Dataset<Row> actual = AttributePhones.attribute(in).select("phone_key", "province_code", "district_code");

    Dataset<Row> expected = TestSpark.session().createDataFrame(List.of(
        RowFactory.create("+84900000001", "01", "002"),
        RowFactory.create("+84900000002", "01", null),
        RowFactory.create("+84900000003", "01", "002"),
        RowFactory.create("+84900000004", "08", "071"),
        RowFactory.create("+84900000005", null, null)), EXPECTED);
    TestSpark.assertSameRows(expected, actual);
  }

  @Test
  void firstSeenSpansAllCountedEventsAndNoLatestEventIsKept() {
    Row r = AttributePhones.attribute(events(
            event("+84900000001", "2021-05-01T00:00:00Z", null, null),
            event("+84900000001", "2021-05-03T00:00:00Z", "01", "001"),
            event("+84900000001", "2021-05-05T00:00:00Z", "79", null)))
        .first();
    assertThat(r.<java.sql.Timestamp>getAs("first_seen").toInstant()).hasToString("2021-05-01T00:00:00Z");
    assertThat(r.<java.sql.Timestamp>getAs("attributed_at").toInstant()).hasToString("2021-05-03T00:00:00Z");
    assertThat(r.schema().fieldNames()).doesNotContain("last_seen");
    assertThat(AttributePhones.perPhoneAndProvince(events(event("+84900000001", "2021-05-01T00:00:00Z", "01", null)))
        .schema().fieldNames()).containsExactly("phone_key", "province_code", "first_event", "first_district_event");
  }

  /** Several rows of one (phone, province), as nights append them: the state is their minima, field by field. */
  @Test
  void severalRowsOfAPairCountAsTheirMinima() {
    Dataset<Row> a = AttributePhones.perPhoneAndProvince(events(
        event("+84900000001", "2021-05-03T10:00:00Z", "01", null),
        event("+84900000001", "2021-05-03T12:00:00Z", "01", "001")));
    Dataset<Row> b = AttributePhones.perPhoneAndProvince(events(
        event("+84900000001", "2021-05-03T08:00:00Z", "01", null),
        event("+84900000001", "2021-05-03T15:00:00Z", "01", "002")));
    Row r = AttributePhones.asOf(a.union(b), null).first();
    // Row b alone would give district 002; row a alone, first event 10:00.
    assertThat(r.<String>getAs("district_code")).isEqualTo("001");
    assertThat(r.<java.sql.Timestamp>getAs("attributed_at").toInstant()).hasToString("2021-05-03T08:00:00Z");
  }

  /** The state over all events, attributed as of a cut-off, equals attributing only the events up to it. */
  @Test
  void attributionAsOfACutoffFromTheWholeStateEqualsAttributingTheCountedEvents() {
    Dataset<Row> all = events(
        event("+84900000001", "2021-05-03T00:00:00Z", "79", "760"),
        event("+84900000001", "2021-05-01T00:00:00Z", "01", null),   // a late event: earlier, elsewhere
        event("+84900000001", "2021-05-02T00:00:00Z", "01", "002"),
        event("+84900000002", "2021-05-02T00:00:00Z", null, null),
        event("+84900000002", "2021-05-04T00:00:00Z", "08", "072"),
        event("+84900000003", "2021-05-05T00:00:00Z", "01", "001"));
    Dataset<Row> state = AttributePhones.perPhoneAndProvince(all);
    for (String cutoff : new String[] {"2021-04-30T00:00:00Z", "2021-05-01T00:00:00Z", "2021-05-02T00:00:00Z",
        "2021-05-03T12:00:00Z", "2021-05-04T00:00:00Z", "2021-05-06T00:00:00Z"}) {
      java.sql.Timestamp t = java.sql.Timestamp.from(java.time.Instant.parse(cutoff));
      Dataset<Row> expected = AttributePhones.attribute(all.where(org.apache.spark.sql.functions.col("event_time").leq(t)))
          .select("phone_key", "province_code", "district_code", "attributed_at", "first_seen");
      Dataset<Row> actual = AttributePhones.asOf(state, t)
          .select("phone_key", "province_code", "district_code", "attributed_at", "first_seen");
      TestSpark.assertSameRows(expected, actual);
      TestSpark.assertSameRows(expected, AttributePhones.asOfMinima(state, t)
          .select("phone_key", "province_code", "district_code", "attributed_at", "first_seen"));
    }
  }

  @Test
  void eventsAreDeduplicatedAndAttributedWithOneShuffle() {
    Dataset<Row> all = events(
        event("+84900000001", "2021-05-03T00:00:00Z", "79", "760"),
        event("+84900000001", "2021-05-01T00:00:00Z", "01", null),
        event("+84900000002", "2021-05-02T00:00:00Z", "08", "072"));
    Dataset<Row> phones = AttributePhones.asOfMinima(AttributePhones.perPhoneAndProvince(all),
        java.sql.Timestamp.from(java.time.Instant.parse("2021-05-06T00:00:00Z")));
    String plan = phones.queryExecution().executedPlan().toString();
    assertThat(plan.split("Exchange ", -1)).as(plan).hasSize(2);
    assertThat(phones.count()).isEqualTo(2);
  }

  @Test
  void stateOfNightsMergedInAnyOrderEqualsTheStateOfAllEvents() {
    Dataset<Row> night1 = events(
        event("+84900000001", "2021-05-03T00:00:00Z", "79", "760"),
        event("+84900000002", "2021-05-03T00:00:00Z", "01", null));
    Dataset<Row> night2 = events(
        event("+84900000001", "2021-05-01T00:00:00Z", "79", null),
        event("+84900000001", "2021-05-02T00:00:00Z", "79", "761"),
        event("+84900000002", "2021-05-04T00:00:00Z", "01", "001"));
    // Two nights' states combined: their union aggregated again with the same minima.
    Dataset<Row> merged = AttributePhones.perPhoneAndProvince(night1.unionByName(night2));
    Row p1 = AttributePhones.asOf(merged, null).where("phone_key = '+84900000001'").first();
    assertThat(p1.<String>getAs("district_code")).as("the late district event wins").isEqualTo("761");
  }

  /**
   * A night moves the cut-off for phones it never touched from their old rows and their state rows
   * between the two cut-offs: that must equal attributing all of their rows, whatever the rows.
   */
  @Test
  void oldRowsWithTheRowsBetweenTwoCutoffsAttributeAsAllRowsDo() {
    java.util.Random random = new java.util.Random(7);
    String[] provinces = {null, "01", "08", "79"};
    List<Dataset<Row>> nights = new java.util.ArrayList<>();
    for (int night = 0; night < 3; night++) {
      List<Object[]> rows = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String province = provinces[random.nextInt(provinces.length)];
        String district = province == null || random.nextInt(3) == 0 ? null : province + random.nextInt(2);
        // Whole hours over four days: ties within a phone are common.
        String at = java.time.Instant.parse("2021-05-01T00:00:00Z").plusSeconds(3600L * random.nextInt(96)).toString();
        rows.add(event(String.format("+849000%05d", random.nextInt(120)), at, province, district));
      }
      // Each night's minima apart: a pair has several state rows, as after appends.
      nights.add(AttributePhones.perPhoneAndProvince(events(rows.toArray(Object[][]::new))));
    }
    Dataset<Row> state = nights.get(0).unionByName(nights.get(1)).unionByName(nights.get(2)).cache();
    String[] cutoffs = {"2021-04-30T00:00:00Z", "2021-05-01T05:00:00Z", "2021-05-02T00:00:00Z", "2021-05-03T13:00:00Z",
        "2021-05-05T00:00:00Z"};
    for (int a = 0; a < cutoffs.length; a++) {
      for (int b = a + 1; b < cutoffs.length; b++) {
        java.sql.Timestamp from = java.sql.Timestamp.from(java.time.Instant.parse(cutoffs[a]));
        java.sql.Timestamp to = java.sql.Timestamp.from(java.time.Instant.parse(cutoffs[b]));
        Dataset<Row> before = AttributePhones.asOf(state, from);
        Dataset<Row> moved = AttributePhones.asOf(AttributePhones.asStateRows(before)
            .unionByName(state.where(AttributePhones.eventBetween(from, to))), to);
        assertThat(sorted(moved)).as("from %s to %s", from, to).isEqualTo(sorted(AttributePhones.asOf(state, to)));
      }
    }
    state.unpersist();
  }

  private static List<String> sorted(Dataset<Row> phones) {
    return phones.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
