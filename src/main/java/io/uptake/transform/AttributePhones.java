package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.CleanEvents;
import io.uptake.schema.SilverPhones;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counted events with a phone → one row per phone with its attribution.
 *
 * <p>The rule: a phone belongs to the province of its earliest event whose province resolves,
 * and within it to the district of its earliest event there whose district resolves (else it is
 * unassigned there); ties at one instant go to the lowest code; no resolved province at all leaves
 * the province null ({@code unknown_province}). Built from min() over structs, which order by their
 * fields in turn, so the tie rule is the struct order and no phone's events are held in memory.
 */
public final class AttributePhones {
  private AttributePhones() {}

  private static final String FIRST_IN_PROVINCE = "_first_in_province";
  private static final String FIRST_DISTRICT = "_first_district";
  private static final String LAST = "_last";
  private static final String COUNT = "_count";
  private static final String CHOSEN = "_chosen";

  public static Dataset<Row> attribute(Dataset<Row> countedEvents) {
    Column time = col(CleanEvents.EVENT_TIME);
    Column districtEvent = when(col(CleanEvents.DISTRICT_CODE).isNotNull(),
        struct(time.as("t"), col(CleanEvents.DISTRICT_CODE).as("code")));

    Dataset<Row> perPhoneAndProvince = countedEvents
        .groupBy(col(CleanEvents.PHONE), col(CleanEvents.PROVINCE_CODE))
        .agg(min(time).as(FIRST_IN_PROVINCE),
            min(districtEvent).as(FIRST_DISTRICT),
            max(time).as(LAST),
            count(lit(1)).as(COUNT));

    Column provinceChoice = when(col(CleanEvents.PROVINCE_CODE).isNotNull(),
        struct(col(FIRST_IN_PROVINCE).as("t"), col(CleanEvents.PROVINCE_CODE).as("code"), col(FIRST_DISTRICT).as("district")));

    return perPhoneAndProvince
        .groupBy(col(CleanEvents.PHONE))
        .agg(min(provinceChoice).as(CHOSEN),
            min(col(FIRST_IN_PROVINCE)).as(SilverPhones.FIRST_SEEN),
            max(col(LAST)).as(SilverPhones.LAST_SEEN),
            sum(col(COUNT)).as(SilverPhones.EVENTS))
        .select(
            col(CleanEvents.PHONE).as(SilverPhones.PHONE),
            col(CHOSEN).getField("code").as(SilverPhones.PROVINCE_CODE),
            col(CHOSEN).getField("district").getField("code").as(SilverPhones.DISTRICT_CODE),
            col(CHOSEN).getField("t").as(SilverPhones.ATTRIBUTED_AT),
            col(SilverPhones.FIRST_SEEN),
            col(SilverPhones.LAST_SEEN),
            col(SilverPhones.EVENTS));
  }
}
