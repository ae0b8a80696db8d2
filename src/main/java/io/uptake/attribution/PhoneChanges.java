package io.uptake.attribution;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.UsingColumns;
import io.uptake.schema.SilverPhones;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The old and new {@code silver/phones} rows of the same phones, side by side: what a MERGE
 * applies, and what the run log counts (phones added, re-attributed, no longer counted).
 */
public final class PhoneChanges {
  private PhoneChanges() {}

  /** True when the phone has a new row (it counts as of the new cut-off). */
  public static final String COUNTED = "__counted";
  /** True when the phone had an old row. */
  public static final String WAS_COUNTED = "__was_counted";
  public static final String OLD_PROVINCE_CODE = "__old_province_code";
  public static final String OLD_DISTRICT_CODE = "__old_district_code";
  public static final String OLD_ATTRIBUTED_AT = "__old_attributed_at";
  public static final String OLD_FIRST_SEEN = "__old_first_seen";

  /** What changed, in counts. */
  public record Tally(long added, long reattributed, long removed) {}

  /** The tally, and how many old rows differ from their new one (re-attributed, re-timed or gone). */
  public record Counts(Tally tally, long rewritten) {}

  /**
   * @param oldRows {@code silver/phones} rows before the update (of the phones considered, or all)
   * @param newRows rows as of the new cut-off, of the same phones
   * @return one row per phone in either: the new row's columns (null when it no longer counts) and the old codes
   */
  public static Dataset<Row> of(Dataset<Row> oldRows, Dataset<Row> newRows) {
    Dataset<Row> old = oldRows.select(col(SilverPhones.PHONE_KEY),
        lit(true).as(WAS_COUNTED),
        col(SilverPhones.PROVINCE_CODE).as(OLD_PROVINCE_CODE),
        col(SilverPhones.DISTRICT_CODE).as(OLD_DISTRICT_CODE),
        col(SilverPhones.ATTRIBUTED_AT).as(OLD_ATTRIBUTED_AT),
        col(SilverPhones.FIRST_SEEN).as(OLD_FIRST_SEEN));
    Dataset<Row> fresh = newRows.withColumn(COUNTED, lit(true));
    return fresh.join(old, UsingColumns.of(SilverPhones.PHONE_KEY), "full_outer")
        .withColumn(COUNTED, coalesce(col(COUNTED), lit(false)))
        .withColumn(WAS_COUNTED, coalesce(col(WAS_COUNTED), lit(false)));
  }

  public static Tally tally(Dataset<Row> changes) {
    return counts(changes).tally();
  }

  /** An old row that its new row does not leave as it is: the only rows a MERGE must touch. */
  public static Column rewritten() {
    return col(WAS_COUNTED).and(not(col(COUNTED)
        .and(col(SilverPhones.PROVINCE_CODE).eqNullSafe(col(OLD_PROVINCE_CODE)))
        .and(col(SilverPhones.DISTRICT_CODE).eqNullSafe(col(OLD_DISTRICT_CODE)))
        .and(col(SilverPhones.ATTRIBUTED_AT).eqNullSafe(col(OLD_ATTRIBUTED_AT)))
        .and(col(SilverPhones.FIRST_SEEN).eqNullSafe(col(OLD_FIRST_SEEN)))));
  }

  /** The tally and the rewritten rows, in one pass. */
  public static Counts counts(Dataset<Row> changes) {
    Column counted = col(COUNTED);
    Column was = col(WAS_COUNTED);
    Column moved = not(col(SilverPhones.PROVINCE_CODE).eqNullSafe(col(OLD_PROVINCE_CODE))
        .and(col(SilverPhones.DISTRICT_CODE).eqNullSafe(col(OLD_DISTRICT_CODE))));
    Row r = changes.agg(
            count(when(counted.and(not(was)), 1)),
            count(when(counted.and(was).and(moved), 1)),
            count(when(was.and(not(counted)), 1)),
            count(when(rewritten(), 1)))
        .first();
    return new Counts(new Tally(r.getLong(0), r.getLong(1), r.getLong(2)), r.getLong(3));
  }
}
