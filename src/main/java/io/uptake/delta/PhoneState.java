package io.uptake.delta;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.uptake.schema.SilverPhoneProvinces;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Merges a night's per-(phone, province) state into {@code silver/phone_provinces}. Every column
 * is a min or a max, so merging the same night twice (a rerun after a crash) changes nothing, and
 * a late event simply lowers a minimum: the attribution then follows as if data had come in order.
 */
public final class PhoneState {
  private PhoneState() {}

  /** @param night one row per (phone, province): MERGE rejects several source rows for one target row */
  public static void merge(SparkSession spark, Warehouse warehouse, Dataset<Row> night) {
    String s = "state.";
    String n = "night.";
    DeltaTable.forPath(spark, warehouse.path(Table.SILVER_PHONE_PROVINCES)).as("state")
        .merge(night.as("night"),
            col(s + SilverPhoneProvinces.PHONE_KEY).equalTo(col(n + SilverPhoneProvinces.PHONE_KEY))
                .and(col(s + SilverPhoneProvinces.PROVINCE_CODE).eqNullSafe(col(n + SilverPhoneProvinces.PROVINCE_CODE))))
        .whenMatched().updateExpr(Map.of(
            SilverPhoneProvinces.FIRST_EVENT, least(SilverPhoneProvinces.FIRST_EVENT),
            SilverPhoneProvinces.FIRST_DISTRICT_EVENT, least(SilverPhoneProvinces.FIRST_DISTRICT_EVENT),
            SilverPhoneProvinces.LAST_EVENT, "greatest(state." + SilverPhoneProvinces.LAST_EVENT + ", night."
                + SilverPhoneProvinces.LAST_EVENT + ")"))
        .whenNotMatched().insertAll()
        .execute();
  }

  // least() skips nulls, and orders structs field by field: (time, code), the tie rule.
  private static String least(String column) {
    return "least(state." + column + ", night." + column + ")";
  }
}
