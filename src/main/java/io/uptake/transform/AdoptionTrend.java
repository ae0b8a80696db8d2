package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.GoldAdoption;
import io.uptake.schema.GoldAdoptionDaily;
import java.time.ZoneId;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Gold snapshots → the daily trend per area: phones, new phones that day, the share of the target
 * denominator, progress toward the target, and the date the last 7 days' pace would reach it.
 */
public final class AdoptionTrend {
  private AdoptionTrend() {}

  private static final String DAY_NUMBER = "__day";

  /** An area's days in order, by the day number of {@code snapshot_date}. */
  public static WindowSpec byAreaAndDay() {
    return Window.partitionBy(col(GoldAdoption.ROW_TYPE), col(GoldAdoption.PROVINCE_CODE), col(GoldAdoption.DISTRICT_CODE))
        .orderBy(datediff(col(GoldAdoptionDaily.SNAPSHOT_DATE), lit("1970-01-01")));
  }

  /** The days the pace is taken over: the day and the 7 before it. */
  public static WindowSpec paceWindow() {
    return byAreaAndDay().rangeBetween(-7, 0);
  }

  public static Dataset<Row> build(Dataset<Row> gold, String targetDenominator, double targetShare, ZoneId zone) {
    Column[] area = {col(GoldAdoption.ROW_TYPE), col(GoldAdoption.PROVINCE_CODE), col(GoldAdoption.DISTRICT_CODE)};
    Column base = Arrays.asList(gold.columns()).contains(targetDenominator)
        ? col(targetDenominator).cast(DataTypes.LongType) : lit(null).cast(DataTypes.LongType);

    Dataset<Row> daily = gold
        .withColumn(GoldAdoptionDaily.SNAPSHOT_DATE, to_date(from_utc_timestamp(col(GoldAdoption.AS_OF), zone.getId())))
        .withColumn("__latest_of_day", row_number().over(Window.partitionBy(col(GoldAdoption.ROW_TYPE), col(GoldAdoption.PROVINCE_CODE), col(GoldAdoption.DISTRICT_CODE),
                col(GoldAdoptionDaily.SNAPSHOT_DATE))
            .orderBy(col(GoldAdoption.AS_OF).desc())))
        .where(col("__latest_of_day").equalTo(1))
        .withColumn(DAY_NUMBER, datediff(col(GoldAdoptionDaily.SNAPSHOT_DATE), lit("1970-01-01")))
        .withColumn(GoldAdoptionDaily.TARGET_BASE, base);

    WindowSpec byDay = byAreaAndDay();
    WindowSpec lastWeek = paceWindow();
    Column phones = col(GoldAdoption.PHONES);
    Column targetPhones = ceil(col(GoldAdoptionDaily.TARGET_BASE).multiply(lit(targetShare))).cast(DataTypes.LongType);
    Column weekAgoPhones = first(phones).over(lastWeek);
    Column weekSpan = col(DAY_NUMBER).minus(first(col(DAY_NUMBER)).over(lastWeek));
    Column pace = when(weekSpan.gt(0), phones.minus(weekAgoPhones).cast(DataTypes.DoubleType).divide(weekSpan));
    Column remaining = col(GoldAdoptionDaily.TARGET_PHONES).minus(phones);

    return daily
        .withColumn(GoldAdoptionDaily.NEW_PHONES, phones.minus(lag(phones, 1).over(byDay)))
        .withColumn(GoldAdoptionDaily.TARGET_DENOMINATOR, lit(targetDenominator))
        .withColumn(GoldAdoptionDaily.TARGET_SHARE, lit(targetShare))
        .withColumn(GoldAdoptionDaily.TARGET_PHONES, when(col(GoldAdoptionDaily.TARGET_BASE).gt(0), targetPhones))
        .withColumn(GoldAdoptionDaily.PROGRESS, when(col(GoldAdoptionDaily.TARGET_PHONES).gt(0),
            phones.cast(DataTypes.DoubleType).divide(col(GoldAdoptionDaily.TARGET_PHONES))))
        .withColumn(GoldAdoptionDaily.PACE_7D, pace)
        .withColumn(GoldAdoptionDaily.REACHED, col(GoldAdoptionDaily.TARGET_PHONES).isNotNull().and(remaining.leq(0)))
        .withColumn(GoldAdoptionDaily.PROJECTED_DATE, when(remaining.gt(0).and(col(GoldAdoptionDaily.PACE_7D).gt(0)),
            date_add(col(GoldAdoptionDaily.SNAPSHOT_DATE), ceil(remaining.divide(col(GoldAdoptionDaily.PACE_7D))).cast(DataTypes.IntegerType))))
        .select(col(GoldAdoptionDaily.SNAPSHOT_DATE), col(GoldAdoption.AS_OF), col(GoldAdoption.PROVINCE_CODE),
            col(GoldAdoption.PROVINCE_NAME), col(GoldAdoption.DISTRICT_CODE), col(GoldAdoption.DISTRICT_NAME),
            col(GoldAdoption.ROW_TYPE), phones, col(GoldAdoptionDaily.NEW_PHONES),
            col(GoldAdoptionDaily.TARGET_DENOMINATOR), col(GoldAdoptionDaily.TARGET_BASE), col(GoldAdoptionDaily.TARGET_SHARE),
            col(GoldAdoptionDaily.TARGET_PHONES), col(GoldAdoptionDaily.PROGRESS), col(GoldAdoptionDaily.PACE_7D),
            col(GoldAdoptionDaily.REACHED), col(GoldAdoptionDaily.PROJECTED_DATE));
  }
}
