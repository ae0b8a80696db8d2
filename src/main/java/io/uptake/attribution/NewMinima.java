package io.uptake.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.schema.SilverPhoneProvinces;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Adds a night's per-(phone, province) state to {@code silver/phone_provinces}, which is
 * append-only: the state of a pair is the minimum over its rows. A night appends a row only for a
 * pair that is new or whose first event (or first district event) it lowers, holding the new
 * minima; a night of events that come after what is known appends nothing.
 *
 * <p>Why not a MERGE: every night touches phones spread over every file of the table, and Delta's
 * MERGE reads the whole table three times (find the files, rewrite them, mark the old rows) even to
 * change a few rows. Here the minima come from the rows {@link SilverPhonesUpdate.Night} reads anyway,
 * and the table is written once. A rerun after the append finds the appended rows and appends nothing again; a
 * late event is a lowered minimum, so the attribution follows as if data had come in order.
 *
 * <p>The night's new minima are appended after {@code silver/phones} is updated from the state
 * with them: a run that dies before the append leaves the state as it was, so its rerun finds
 * the same new minima and recomputes the same phones; one that dies after it has nothing left to
 * do here.
 */
public final class NewMinima {
  private NewMinima() {}

  private static final String STATE = "state.";
  private static final String NIGHT = "night.";

  /**
   * The night's new minima: a row for each pair that is new to the table or whose minimum the night
   * lowers. Staged, so they survive the commits to {@code silver/phones} made before {@link #append}.
   *
   * @param night one row per (phone, province)
   * @param pairs the number of rows of {@code night}
   * @param known every row of {@code silver/phone_provinces} of the night's phones (more do no harm)
   */
  static Warehouse.Staged newMinima(SparkSession spark, Warehouse warehouse, Dataset<Row> night, long pairs,
      Dataset<Row> known) {
    if (pairs == 0) {
      return new Warehouse.Staged(night, spark, null); // a rerun with nothing new: nothing to compare
    }
    Dataset<Row> minima = AttributePhones.minima(known.select(SilverPhoneProvinces.PHONE_KEY,
        SilverPhoneProvinces.PROVINCE_CODE, SilverPhoneProvinces.FIRST_EVENT, SilverPhoneProvinces.FIRST_DISTRICT_EVENT));
    Column first = expr("least(" + NIGHT + SilverPhoneProvinces.FIRST_EVENT + ", " + STATE + SilverPhoneProvinces.FIRST_EVENT + ")");
    // least() skips nulls, and orders structs field by field: (time, code), the tie rule.
    Column district = expr("least(" + NIGHT + SilverPhoneProvinces.FIRST_DISTRICT_EVENT + ", "
        + STATE + SilverPhoneProvinces.FIRST_DISTRICT_EVENT + ")");
    Dataset<Row> lowered = night.as("night").join(minima.as("state"), sameRow(), "left_outer")
        .where(col(STATE + SilverPhoneProvinces.PHONE_KEY).isNull()
            .or(not(first.eqNullSafe(col(STATE + SilverPhoneProvinces.FIRST_EVENT))))
            .or(not(district.eqNullSafe(col(STATE + SilverPhoneProvinces.FIRST_DISTRICT_EVENT)))))
        .select(col(NIGHT + SilverPhoneProvinces.PHONE_KEY).as(SilverPhoneProvinces.PHONE_KEY),
            col(NIGHT + SilverPhoneProvinces.PROVINCE_CODE).as(SilverPhoneProvinces.PROVINCE_CODE),
            first.as(SilverPhoneProvinces.FIRST_EVENT), district.as(SilverPhoneProvinces.FIRST_DISTRICT_EVENT));
    return warehouse.stage(spark, lowered, "phone_provinces_added");
  }

  /** Appends {@link #newMinima}; none, no commit (an empty append would still make one). */
  static long append(SparkSession spark, Warehouse warehouse, Dataset<Row> newMinima) {
    long added = newMinima.count();
    if (added > 0) {
      warehouse.append(newMinima, Table.SILVER_PHONE_PROVINCES);
    }
    return added;
  }

  // The province is null for phones with no resolved province: null-safe, so those match too.
  private static Column sameRow() {
    return col(STATE + SilverPhoneProvinces.PHONE_KEY).equalTo(col(NIGHT + SilverPhoneProvinces.PHONE_KEY))
        .and(col(STATE + SilverPhoneProvinces.PROVINCE_CODE).eqNullSafe(col(NIGHT + SilverPhoneProvinces.PROVINCE_CODE)));
  }
}
