package io.uptake.attribution;

import static io.uptake.testing.Fixtures.event;
import static io.uptake.testing.Fixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.delta.DroppedColumns;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.schema.SilverPhones;
import io.uptake.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental update of {@code silver/phones} must always equal attributing the whole state
 * from scratch: whatever the night touched, whichever way the cut-off moved.
 */
class SilverPhonesUpdateTest {
  private static final Instant CUT_1 = Instant.parse("2021-05-05T10:00:00Z");
  private static final Instant CUT_2 = Instant.parse("2021-05-06T10:00:00Z");
  private static final Instant CUT_3 = Instant.parse("2021-05-07T10:00:00Z");
  private static final String[] COLUMNS = {SilverPhones.PHONE_KEY, SilverPhones.PROVINCE_CODE, SilverPhones.DISTRICT_CODE,
      SilverPhones.ATTRIBUTED_AT, SilverPhones.FIRST_SEEN};

  @TempDir
  Path dir;

  private final SparkSession spark = TestSpark.session();

  /** Few changed rows take one replaceWhere; many, an append and a MERGE (a limit of 0 forces it). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"20000", "0"})
  void nightsUpdateOnlyWhatChangedAndEndEqualToAFullAttribution(String replaceLimit) {
    spark.conf().set(SilverPhonesUpdate.REPLACE_LIMIT, replaceLimit);
    try {
      nightsUpdateOnlyWhatChanged(new Warehouse(dir.resolve("wh-" + replaceLimit).toString()),
          replaceLimit.equals("0") ? List.of("WRITE", "MERGE") : List.of("WRITE"));
    } finally {
      spark.conf().unset(SilverPhonesUpdate.REPLACE_LIMIT);
    }
  }

  private void nightsUpdateOnlyWhatChanged(Warehouse warehouse, List<String> night2Commits) {
    Dataset<Row> night1 = events(
        event("+84900000001", "2021-05-05T08:00:00Z", "79", "760"),
        event("+84900000002", "2021-05-05T08:00:00Z", "01", null),
        event("+84900000003", "2021-05-05T08:00:00Z", "08", "072"),
        // Ingested on night 1 but after its cut-off: it counts from cut-off 2 on, though night 2
        // never touches it.
        event("+84900000004", "2021-05-05T12:00:00Z", "08", "071"));
    warehouse.overwrite(AttributePhones.perPhoneAndProvince(night1), Table.SILVER_PHONE_PROVINCES);
    PhoneChanges.Tally first = attributeAll(warehouse, CUT_1);
    assertEqualsFullAttribution(warehouse, CUT_1);
    assertThat(first).isEqualTo(new PhoneChanges.Tally(3, 0, 0));
    assertThat(SilverPhonesUpdate.previousCutoff(spark, warehouse)).as("looks through the deletion-vector setting")
        .contains(CUT_1);

    Dataset<Row> night2 = events(
        // A late event: earlier, in another province. Phone 1 moves to 01.
        event("+84900000001", "2021-05-04T08:00:00Z", "01", "001"),
        // Phone 2's district arrives: it moves from unassigned to 002.
        event("+84900000002", "2021-05-06T08:00:00Z", "01", "002"),
        // A new phone.
        event("+84900000005", "2021-05-06T08:00:00Z", "79", "760"));
    String[] pair = {"phone_key", "province_code", "first_event", "first_district_event"};
    java.util.List<String> before = rows(state(warehouse), pair);
    long beforeNight2 = warehouse.version(spark, Table.SILVER_PHONES);
    PhoneChanges.Tally second;
    try (SilverPhonesUpdate.Night night = SilverPhonesUpdate.night(spark, warehouse, AttributePhones.perPhoneAndProvince(night2), CUT_2)) {
      second = night.updatePhones();
      assertThat(night.appendNewMinima()).isEqualTo(3);
    }
    assertThat(operationsSince(warehouse, beforeNight2)).as("phones 1 and 2 rewritten, 4 and 5 added")
        .isEqualTo(night2Commits);
    java.util.List<String> appended = new java.util.ArrayList<>(rows(state(warehouse), pair));
    before.forEach(appended::remove);
    assertThat(appended).as("a new pair for phone 1, phone 2's lowered district (same first event), phone 5")
        .containsExactly("[+84900000001,01,2021-05-04 08:00:00.0,[2021-05-04 08:00:00.0,001]]",
            "[+84900000002,01,2021-05-05 08:00:00.0,[2021-05-06 08:00:00.0,002]]",
            "[+84900000005,79,2021-05-06 08:00:00.0,[2021-05-06 08:00:00.0,760]]");
    assertEqualsFullAttribution(warehouse, CUT_2);
    assertEqualsAttributingTheEvents(warehouse, CUT_2, night1.unionByName(night2));
    assertThat(second).as("phones 4 and 5 added, 1 and 2 re-attributed").isEqualTo(new PhoneChanges.Tally(2, 2, 0));
    assertThat(state(warehouse).count()).as("appended: phone 2 has two rows in 01 now").isEqualTo(7);

    // A pair first seen after the cut-off changes nothing counted: no commit. The cut-off moving
    // past it recomputes the phone though no night touches it (it is outside the night, so read
    // again), and finds it as it was: the note moves on, no row is rewritten.
    long phonesVersion = warehouse.version(spark, Table.SILVER_PHONES);
    Dataset<Row> afterCut = events(event("+84900000003", "2021-05-06T12:00:00Z", "79", "760"));
    try (SilverPhonesUpdate.Night night = SilverPhonesUpdate.night(spark, warehouse, AttributePhones.perPhoneAndProvince(afterCut), CUT_2)) {
      assertThat(night.updatePhones()).isEqualTo(new PhoneChanges.Tally(0, 0, 0));
      assertThat(night.appendNewMinima()).isEqualTo(1);
    }
    assertThat(warehouse.version(spark, Table.SILVER_PHONES)).as("no commit").isEqualTo(phonesVersion);
    assertEqualsFullAttribution(warehouse, CUT_2);
    assertThat(update(warehouse, nothing(), CUT_3)).isEqualTo(new PhoneChanges.Tally(0, 0, 0));
    assertThat(operationsSince(warehouse, phonesVersion)).as("no MERGE: phone 3 is as it was").containsExactly("SET TBLPROPERTIES");
    assertEqualsFullAttribution(warehouse, CUT_3);
    // Back to cut-off 2 with a night touching phone 2 (a later pair, in another province): phone 2
    // is recomputed from the night's read, phone 3 (its pair between the cut-offs) from a second one.
    Dataset<Row> phone2Late = events(event("+84900000002", "2021-05-06T09:30:00Z", "79", "760"));
    assertThat(update(warehouse, AttributePhones.perPhoneAndProvince(phone2Late), CUT_2))
        .as("both as they were: each phone's earliest province wins").isEqualTo(new PhoneChanges.Tally(0, 0, 0));
    assertEqualsFullAttribution(warehouse, CUT_2);

    // Events after what is known (and the same night again) add nothing: no row, no commit.
    long version = warehouse.version(spark, Table.SILVER_PHONE_PROVINCES);
    Dataset<Row> laterEvents = events(
        event("+84900000003", "2021-05-06T09:00:00Z", "08", "071"),
        event("+84900000002", "2021-05-06T09:00:00Z", "01", "001"));
    Dataset<Row> later = AttributePhones.perPhoneAndProvince(laterEvents);
    for (Dataset<Row> again : List.of(later, AttributePhones.perPhoneAndProvince(night2))) {
      try (SilverPhonesUpdate.Night night = SilverPhonesUpdate.night(spark, warehouse, again, CUT_2)) {
        assertThat(night.appendNewMinima()).isZero();
      }
    }
    assertThat(warehouse.version(spark, Table.SILVER_PHONE_PROVINCES)).isEqualTo(version);

    // Phone 3's district event again at the same instant, with a lower code: the tie rule lowers it.
    Dataset<Row> tie = events(event("+84900000003", "2021-05-05T08:00:00Z", "08", "071"));
    try (SilverPhonesUpdate.Night night = SilverPhonesUpdate.night(spark, warehouse, AttributePhones.perPhoneAndProvince(tie), CUT_2)) {
      night.updatePhones();
      assertThat(night.appendNewMinima()).isEqualTo(1);
    }
    assertEqualsAttributingTheEvents(warehouse, CUT_2, night1.unionByName(night2).unionByName(afterCut)
        .unionByName(phone2Late).unionByName(laterEvents).unionByName(tie));
    assertThat(warehouse.read(spark, Table.SILVER_PHONES).where("phone_key = '+84900000003'").first()
        .<String>getAs(SilverPhones.DISTRICT_CODE)).isEqualTo("071");

    // Back to the earlier cut-off with nothing new (a rerun of an old date): phones drop out again.
    PhoneChanges.Tally back = update(warehouse, nothing(), CUT_1);
    assertEqualsFullAttribution(warehouse, CUT_1);
    assertThat(back).as("phones 4 and 5 no longer counted; 1 keeps its late event, 2 loses its district")
        .isEqualTo(new PhoneChanges.Tally(0, 1, 2));
  }

  @Test
  void aWriteWithoutItsCutoffNoteMakesTheNextUpdateRecomputeEveryPhone() {
    Warehouse warehouse = new Warehouse(dir.resolve("wh2").toString());
    warehouse.overwrite(AttributePhones.perPhoneAndProvince(events(
        event("+84900000001", "2021-05-05T08:00:00Z", "79", "760"),
        event("+84900000002", "2021-05-05T08:00:00Z", "01", null))), Table.SILVER_PHONE_PROVINCES);
    attributeAll(warehouse, CUT_1);
    // Someone deletes a row by hand: the table no longer says what it is as of.
    spark.sql("DELETE FROM delta.`" + warehouse.path(Table.SILVER_PHONES) + "` WHERE phone_key = '+84900000001'");
    assertThat(SilverPhonesUpdate.previousCutoff(spark, warehouse)).isEmpty();

    PhoneChanges.Tally tally = update(warehouse, nothing(), CUT_2);
    assertEqualsFullAttribution(warehouse, CUT_2);
    assertThat(tally.added()).as("the deleted phone is back").isEqualTo(1);
  }

  /** Silver written by an earlier version kept every phone's latest event: a run drops it, once. */
  @Test
  void theLatestEventColumnsOfEarlierVersionsAreDroppedOnceKeepingRowsAndNote() {
    Warehouse warehouse = new Warehouse(dir.resolve("wh3").toString());
    warehouse.overwrite(AttributePhones.perPhoneAndProvince(events(
            event("+84900000001", "2021-05-05T08:00:00Z", "79", "760"),
            event("+84900000002", "2021-05-05T08:00:00Z", "01", null)))
        .withColumn("last_event", org.apache.spark.sql.functions.col("first_event")), Table.SILVER_PHONE_PROVINCES);
    SilverPhonesUpdate.replaceAll(spark, warehouse, AttributePhones.asOf(state(warehouse).drop("last_event"), Timestamp.from(CUT_1)), CUT_1);
    warehouse.overwrite(warehouse.read(spark, Table.SILVER_PHONES)
        .withColumn("last_seen", org.apache.spark.sql.functions.col("first_seen")), Table.SILVER_PHONES,
        SilverPhones.AS_OF_NOTE + CUT_1);
    java.util.List<String> phones = rows(warehouse.read(spark, Table.SILVER_PHONES));
    long pairs = state(warehouse).count();

    DroppedColumns.drop(spark, warehouse, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(warehouse.columns(spark, Table.SILVER_PHONE_PROVINCES)).doesNotContain("last_event").contains("first_event");
    assertThat(warehouse.columns(spark, Table.SILVER_PHONES)).doesNotContain("last_seen").contains("first_seen");
    assertThat(rows(warehouse.read(spark, Table.SILVER_PHONES))).isEqualTo(phones);
    assertThat(state(warehouse).count()).isEqualTo(pairs);
    assertThat(SilverPhonesUpdate.previousCutoff(spark, warehouse)).as("the as-of note kept").contains(CUT_1);
    long version = warehouse.version(spark, Table.SILVER_PHONES);
    long stateVersion = warehouse.version(spark, Table.SILVER_PHONE_PROVINCES);
    DroppedColumns.drop(spark, warehouse, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(warehouse.version(spark, Table.SILVER_PHONES)).isEqualTo(version);
    assertThat(warehouse.version(spark, Table.SILVER_PHONE_PROVINCES)).isEqualTo(stateVersion);
  }

  private static java.util.List<String> rows(Dataset<Row> phones) {
    return rows(phones, COLUMNS);
  }

  private static java.util.List<String> rows(Dataset<Row> table, String... columns) {
    return table.selectExpr(columns).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** A night: silver/phones brought to the cut-off, then the new minima appended, as a run does. */
  private PhoneChanges.Tally update(Warehouse warehouse, Dataset<Row> night, Instant cutoff) {
    try (SilverPhonesUpdate.Night n = SilverPhonesUpdate.night(spark, warehouse, night, cutoff)) {
      PhoneChanges.Tally tally = n.updatePhones();
      n.appendNewMinima();
      return tally;
    }
  }

  /** A night with no rows: only the cut-off moves. */
  private Dataset<Row> nothing() {
    return AttributePhones.perPhoneAndProvince(events(event("+84900000001", "2021-05-05T08:00:00Z", "79", "760")).limit(0));
  }

  private PhoneChanges.Tally attributeAll(Warehouse warehouse, Instant cutoff) {
    return SilverPhonesUpdate.replaceAll(spark, warehouse, AttributePhones.asOf(state(warehouse), Timestamp.from(cutoff)), cutoff);
  }

  private List<String> operationsSince(Warehouse warehouse, long version) {
    return io.delta.tables.DeltaTable.forPath(spark, warehouse.path(Table.SILVER_PHONES)).history()
        .where("version > " + version).orderBy("version").select("operation")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  private Dataset<Row> state(Warehouse warehouse) {
    return warehouse.read(spark, Table.SILVER_PHONE_PROVINCES);
  }

  /** silver/phones against attributing the raw events up to the cut-off in one go, not the state the nights built. */
  private void assertEqualsAttributingTheEvents(Warehouse warehouse, Instant cutoff, Dataset<Row> events) {
    assertThat(rows(warehouse.read(spark, Table.SILVER_PHONES)))
        .isEqualTo(rows(AttributePhones.attribute(events.where(org.apache.spark.sql.functions.col("event_time")
            .leq(org.apache.spark.sql.functions.lit(Timestamp.from(cutoff)))))));
  }

  private void assertEqualsFullAttribution(Warehouse warehouse, Instant cutoff) {
    // A handful of phones: sorted text on the driver is an exact comparison, and quick.
    assertThat(rows(warehouse.read(spark, Table.SILVER_PHONES)))
        .isEqualTo(rows(AttributePhones.asOf(state(warehouse), Timestamp.from(cutoff))));
    assertThat(SilverPhonesUpdate.previousCutoff(spark, warehouse)).contains(cutoff);
  }
}
