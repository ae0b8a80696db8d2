package io.uptake.attribution;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.CleanEvents;
import io.uptake.schema.SilverPhoneProvinces;
import io.uptake.schema.SilverPhones;
import java.sql.Timestamp;
import java.util.HexFormat;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Events with a phone → one row per phone with its attribution, in two steps so nights add up.
 *
 * <p>The rule: a phone belongs to the province of its earliest counted event whose province
 * resolves, and within it to the district of its earliest event there whose district resolves (else
 * it is unassigned there); ties at one instant go to the lowest code; no resolved province leaves
 * the province null ({@code unknown_province}). Built from min() over structs, which order by their
 * fields in turn, so the tie rule is the struct order and no phone's events are held in memory.
 *
 * <p>{@link #perPhoneAndProvince} keeps only minima, so the state of many nights combines
 * exactly (the minima over their rows); {@link #asOf} then attributes as of any cut-off, because the earliest event of a kind is
 * at or before the cut-off exactly when some event of that kind is.
 */
public final class AttributePhones {
  private AttributePhones() {}

  private static final String CHOSEN = "__chosen";
  private static final String DISTRICT = "district";

  /**
   * Events (phone, event time, province and district codes) → {@code silver/phone_provinces} rows,
   * one per (phone, province), partitioned by phone: the one shuffle of deduplication, after which
   * {@link #asOfMinima} attributes each phone without moving a row again.
   */
  public static Dataset<Row> perPhoneAndProvince(Dataset<Row> events) {
    Column time = col(CleanEvents.EVENT_TIME);
    Column districtEvent = when(col(CleanEvents.DISTRICT_CODE).isNotNull(),
        struct(time.as(SilverPhoneProvinces.TIME), col(CleanEvents.DISTRICT_CODE).as(SilverPhoneProvinces.CODE)));
    return events.repartition(col(CleanEvents.PHONE_KEY))
        .groupBy(col(CleanEvents.PHONE_KEY).as(SilverPhoneProvinces.PHONE_KEY),
            col(CleanEvents.PROVINCE_CODE).as(SilverPhoneProvinces.PROVINCE_CODE))
        .agg(min(time).as(SilverPhoneProvinces.FIRST_EVENT),
            min(districtEvent).as(SilverPhoneProvinces.FIRST_DISTRICT_EVENT));
  }

  /**
   * {@code silver/phone_provinces} → {@code silver/phones} as of a cut-off (null: every event
   * counts). A (phone, province) may have several rows (a night appends the ones it lowers): their
   * minima are its state. Both aggregations group by the phone first, so they share one shuffle.
   */
  public static Dataset<Row> asOf(Dataset<Row> phoneProvinces, Timestamp cutoff) {
    // Rows first after the cut-off count for nothing (a row's district event is never before its
    // first event), so they go before the shuffle: a backfill's early snapshots move few rows.
    Dataset<Row> counted = cutoff == null ? phoneProvinces
        : phoneProvinces.where(col(SilverPhoneProvinces.FIRST_EVENT).leq(lit(cutoff)));
    return attributeMinima(minima(counted), cutoff);
  }

  /**
   * Rows keyed by the pseudonym's bytes ({@link CleanInstalls#narrow}) with the key as the tables
   * store it, 64 lower-case hex digits. Applied after the shuffle: 32 bytes move, not 64 characters.
   */
  public static Dataset<Row> withHexKeys(Dataset<Row> rows) {
    return rows.withColumn(SilverPhones.PHONE_KEY, HEX_KEY.apply(col(SilverPhones.PHONE_KEY)));
  }

  // lower(hex(key)) lower-cases 64 characters one at a time through Character.toLowerCase, a
  // twentieth of a rebuild's silver writes; the digits are written lower-case at once here.
  private static final UserDefinedFunction HEX_KEY = udf(
      (UDF1<byte[], String>) key -> key == null ? null : HexFormat.of().formatHex(key), DataTypes.StringType)
      .withName("hex_key");

  /**
   * {@link #asOf} for rows that are already one per (phone, province) and partitioned by phone, as
   * {@link #perPhoneAndProvince} makes them: no shuffle.
   */
  public static Dataset<Row> asOfMinima(Dataset<Row> perPhoneAndProvince, Timestamp cutoff) {
    Dataset<Row> counted = cutoff == null ? perPhoneAndProvince
        : perPhoneAndProvince.where(col(SilverPhoneProvinces.FIRST_EVENT).leq(lit(cutoff)));
    return attributeMinima(counted, cutoff);
  }

  /** One row per (phone, province): the minima over its rows. */
  public static Dataset<Row> minima(Dataset<Row> phoneProvinces) {
    return phoneProvinces.repartition(col(SilverPhoneProvinces.PHONE_KEY))
        .groupBy(col(SilverPhoneProvinces.PHONE_KEY), col(SilverPhoneProvinces.PROVINCE_CODE))
        .agg(min(col(SilverPhoneProvinces.FIRST_EVENT)).as(SilverPhoneProvinces.FIRST_EVENT),
            min(col(SilverPhoneProvinces.FIRST_DISTRICT_EVENT)).as(SilverPhoneProvinces.FIRST_DISTRICT_EVENT));
  }

  private static Dataset<Row> attributeMinima(Dataset<Row> phoneProvinces, Timestamp cutoff) {
    Column first = col(SilverPhoneProvinces.FIRST_EVENT);
    Column districtEvent = col(SilverPhoneProvinces.FIRST_DISTRICT_EVENT);
    Column counted = cutoff == null ? lit(true) : first.leq(lit(cutoff));
    Column countedDistrict = cutoff == null
        ? districtEvent
        : when(districtEvent.getField(SilverPhoneProvinces.TIME).leq(lit(cutoff)), districtEvent);
    Column provinceChoice = when(col(SilverPhoneProvinces.PROVINCE_CODE).isNotNull(),
        struct(first.as("t"), col(SilverPhoneProvinces.PROVINCE_CODE).as("code"), countedDistrict.as(DISTRICT)));

    return phoneProvinces.where(counted)
        .groupBy(col(SilverPhoneProvinces.PHONE_KEY))
        .agg(min(provinceChoice).as(CHOSEN),
            min(first).as(SilverPhones.FIRST_SEEN))
        .select(
            col(SilverPhoneProvinces.PHONE_KEY).as(SilverPhones.PHONE_KEY),
            col(CHOSEN).getField("code").as(SilverPhones.PROVINCE_CODE),
            col(CHOSEN).getField(DISTRICT).getField(SilverPhoneProvinces.CODE).as(SilverPhones.DISTRICT_CODE),
            col(CHOSEN).getField("t").as(SilverPhones.ATTRIBUTED_AT),
            col(SilverPhones.FIRST_SEEN));
  }

  /**
   * True for a {@code silver/phone_provinces} row whose first event, or first district event, lies
   * between two cut-offs: the phones with such a row are those whose attribution can differ between
   * them. {@link #asOf} compares nothing else with the cut-off, so for every other phone it gives the
   * same row at both.
   */
  public static Column eventBetween(Timestamp a, Timestamp b) {
    if (a.equals(b)) {
      return lit(false);
    }
    Timestamp from = a.before(b) ? a : b;
    Timestamp to = a.before(b) ? b : a;
    Column first = col(SilverPhoneProvinces.FIRST_EVENT);
    Column district = col(SilverPhoneProvinces.FIRST_DISTRICT_EVENT).getField(SilverPhoneProvinces.TIME);
    return first.gt(lit(from)).and(first.leq(lit(to))).or(district.gt(lit(from)).and(district.leq(lit(to))));
  }

  /**
   * {@code silver/phones} rows as of a cut-off → state rows that stand for every state row of their
   * phones up to it: with the phones' state rows that have an event between that cut-off and a later
   * one ({@link #eventBetween}), {@link #asOf} the later cut-off gives what it gives over all their
   * rows. Two rows a phone: its province, first event and district (the district event's time put
   * at the first event's: at or before the earlier cut-off, so before any later district event),
   * and its first-seen time in no province.
   *
   * <p>Why that holds: the earliest counted (time, province) can only be the old one or a row first
   * seen between the cut-offs (a province counted already is no earlier than the old winner); the
   * old winner's district, if it had none, can only come from a row whose district event is between
   * them, the earliest of which is the province's earliest; and first-seen is the least of the old
   * one and the new rows'. A phone counted at neither has no old row: all its counted rows are new.
   */
  public static Dataset<Row> asStateRows(Dataset<Row> phones) {
    Column province = col(SilverPhones.PROVINCE_CODE);
    Column district = when(col(SilverPhones.DISTRICT_CODE).isNotNull(), struct(
        col(SilverPhones.ATTRIBUTED_AT).as(SilverPhoneProvinces.TIME), col(SilverPhones.DISTRICT_CODE).as(SilverPhoneProvinces.CODE)));
    Column noDistrict = when(lit(false), struct(lit(null).cast("timestamp").as(SilverPhoneProvinces.TIME),
        lit(null).cast("string").as(SilverPhoneProvinces.CODE)));
    Dataset<Row> attributed = phones.where(province.isNotNull()).select(
        col(SilverPhones.PHONE_KEY).as(SilverPhoneProvinces.PHONE_KEY), province.as(SilverPhoneProvinces.PROVINCE_CODE),
        col(SilverPhones.ATTRIBUTED_AT).as(SilverPhoneProvinces.FIRST_EVENT), district.as(SilverPhoneProvinces.FIRST_DISTRICT_EVENT));
    Dataset<Row> seen = phones.select(
        col(SilverPhones.PHONE_KEY).as(SilverPhoneProvinces.PHONE_KEY), lit(null).cast("string").as(SilverPhoneProvinces.PROVINCE_CODE),
        col(SilverPhones.FIRST_SEEN).as(SilverPhoneProvinces.FIRST_EVENT), noDistrict.as(SilverPhoneProvinces.FIRST_DISTRICT_EVENT));
    return attributed.unionByName(seen);
  }

  /** Counted events → {@code silver/phones}, in one go. */
  public static Dataset<Row> attribute(Dataset<Row> countedEvents) {
    return attributeMinima(perPhoneAndProvince(countedEvents), null);
  }
}
