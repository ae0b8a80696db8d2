package io.uptake.delta;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.uptake.schema.SilverPhoneProvinces;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Merges a night's per-(phone, province) state into {@code silver/phone_provinces}. Every column
 * is a min or a max, so merging the same night twice (a rerun after a crash) changes nothing, and
 * a late event simply lowers a minimum: the attribution then follows as if data had come in order.
 *
 * <p>Two commits, not one MERGE with an insert clause: Delta runs such a MERGE as a right outer
 * join of the table with the night, which cannot broadcast the night, so all of the table (6M rows
 * in the benchmark) was shuffled every night. Here the night's rows already in the table are found
 * by a broadcast semi-join on the key columns alone, updated by a MERGE with matched clauses only
 * (an inner join, the night broadcast), and the rest appended. A crash between the two commits is
 * harmless: the rerun finds the updated rows matched, and merging them again changes nothing.
 */
public final class PhoneState {
  private PhoneState() {}

  private static final String S = "state.";
  private static final String N = "night.";

  /**
   * @param night one row per (phone, province): MERGE rejects several source rows for one target row;
   *     read several times, so best persisted
   */
  public static void merge(SparkSession spark, Warehouse warehouse, Dataset<Row> night) {
    long n = night.count();
    String path = warehouse.path(Table.SILVER_PHONE_PROVINCES);
    Dataset<Row> keys = night.select(SilverPhoneProvinces.PHONE_KEY, SilverPhoneProvinces.PROVINCE_CODE);
    // Staged, not cached: the MERGE's commit would drop a cached copy before the append reads it.
    Dataset<Row> existing = warehouse.read(spark, Table.SILVER_PHONE_PROVINCES)
        .select(SilverPhoneProvinces.PHONE_KEY, SilverPhoneProvinces.PROVINCE_CODE).as("state")
        .join(PhoneRegistry.broadcastIfSmall(keys, n).as("night"), sameRow(), "left_semi");
    try (Warehouse.Staged staged = warehouse.stage(spark, existing, "phone_provinces_known")) {
      Dataset<Row> known = staged.rows();
      Dataset<Row> matched = night.as("night").join(PhoneRegistry.broadcastIfSmall(known, n).as("state"), sameRow(), "left_semi");
      Dataset<Row> fresh = night.as("night").join(PhoneRegistry.broadcastIfSmall(known, n).as("state"), sameRow(), "left_anti");
      DeltaTable.forPath(spark, path).as("state")
          .merge(PhoneRegistry.broadcastIfSmall(matched, n).as("night"), sameRow())
          .whenMatched().updateExpr(Map.of(
              SilverPhoneProvinces.FIRST_EVENT, least(SilverPhoneProvinces.FIRST_EVENT),
              SilverPhoneProvinces.FIRST_DISTRICT_EVENT, least(SilverPhoneProvinces.FIRST_DISTRICT_EVENT),
              SilverPhoneProvinces.LAST_EVENT, "greatest(state." + SilverPhoneProvinces.LAST_EVENT + ", night."
                  + SilverPhoneProvinces.LAST_EVENT + ")"))
          .execute();
      fresh.write().format("delta").mode("append").save(path);
    }
  }

  // The province is null for phones with no resolved province: null-safe, so those match too.
  private static Column sameRow() {
    return col(S + SilverPhoneProvinces.PHONE_KEY).equalTo(col(N + SilverPhoneProvinces.PHONE_KEY))
        .and(col(S + SilverPhoneProvinces.PROVINCE_CODE).eqNullSafe(col(N + SilverPhoneProvinces.PROVINCE_CODE)));
  }

  // least() skips nulls, and orders structs field by field: (time, code), the tie rule.
  private static String least(String column) {
    return "least(state." + column + ", night." + column + ")";
  }
}
