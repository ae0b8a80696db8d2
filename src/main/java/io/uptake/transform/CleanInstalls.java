package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import io.uptake.geo.AreaResolver;
import io.uptake.phone.PhoneCanonicalizer;
import io.uptake.phone.PhoneResult;
import io.uptake.quality.QuarantineReason;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Bronze rows → clean events: parsed event time, canonical phone, resolved province and district
 * codes, and a quarantine reason for rows that cannot count. Keeps every bronze column.
 */
public final class CleanInstalls {
  private CleanInstalls() {}

  private static final String PROVINCE_RAW = "_province_raw";
  private static final String DISTRICT_RAW = "_district_raw";
  private static final String PHONE_RESULT = "_phone";
  private static final String AREA = "_area";

  private static final StructType PHONE_TYPE = new StructType()
      .add("e164", DataTypes.StringType, true)
      .add("reason", DataTypes.StringType, true);
  private static final StructType AREA_TYPE = new StructType()
      .add(CleanEvents.PROVINCE_CODE, DataTypes.StringType, true)
      .add(CleanEvents.DISTRICT_CODE, DataTypes.StringType, true);

  public static Dataset<Row> clean(Dataset<Row> bronze, PhoneCanonicalizer phones, AreaResolver areas, ZoneId zone) {
    Column record = col(BronzeInstalls.RECORD);
    Column eventRaw = record.getItem(BronzeInstalls.F_EVENT_TIME);
    Column phoneRaw = record.getItem(BronzeInstalls.F_PHONE);

    Dataset<Row> withFields = bronze
        .withColumn(PROVINCE_RAW, record.getItem(BronzeInstalls.F_PROVINCE))
        .withColumn(DISTRICT_RAW, record.getItem(BronzeInstalls.F_DISTRICT))
        .withColumn(CleanEvents.EVENT_TIME, EventTimes.parse(eventRaw, zone))
        .withColumn(PHONE_RESULT, phoneUdf(phones).apply(phoneRaw));

    Dataset<Row> resolved = resolveAreas(withFields, areas);

    Column phoneReason = col(PHONE_RESULT).getField("reason");
    Column malformed = col(BronzeInstalls.PARSE_ERROR).isNotNull();
    Column eventMissing = eventRaw.isNull().or(trim(eventRaw).equalTo(""));
    Column provinceMissing = col(PROVINCE_RAW).isNull().or(trim(col(PROVINCE_RAW)).equalTo(""));
    Column reason = when(malformed, lit(QuarantineReason.MALFORMED_RECORD.code()))
        .when(eventMissing, lit(QuarantineReason.MISSING_EVENT_TIME.code()))
        .when(col(CleanEvents.EVENT_TIME).isNull(), lit(QuarantineReason.INVALID_EVENT_TIME.code()))
        .when(provinceMissing, lit(QuarantineReason.MISSING_PROVINCE.code()))
        .when(phoneReason.isNotNull(), phoneReason);
    Column value = when(malformed, col(BronzeInstalls.RAW_LINE))
        .when(eventMissing.or(col(CleanEvents.EVENT_TIME).isNull()), eventRaw)
        .when(provinceMissing, col(PROVINCE_RAW))
        .when(phoneReason.isNotNull(), phoneRaw);

    return resolved
        .withColumn(CleanEvents.PHONE, col(PHONE_RESULT).getField("e164"))
        .withColumn(CleanEvents.REJECT_REASON, reason)
        .withColumn(CleanEvents.REJECT_VALUE, value)
        .drop(PHONE_RESULT, PROVINCE_RAW, DISTRICT_RAW);
  }

  /**
   * Resolves each distinct (province, district) pair once, then joins the codes back: names repeat
   * across millions of rows but take only thousands of spellings.
   */
  static Dataset<Row> resolveAreas(Dataset<Row> withRawNames, AreaResolver areas) {
    Dataset<Row> distinctAreas = withRawNames.select(col(PROVINCE_RAW), col(DISTRICT_RAW)).distinct()
        .withColumn(AREA, areaUdf(areas).apply(col(PROVINCE_RAW), col(DISTRICT_RAW)))
        .select(col(PROVINCE_RAW).as("_p"), col(DISTRICT_RAW).as("_d"),
            col(AREA).getField(CleanEvents.PROVINCE_CODE).as(CleanEvents.PROVINCE_CODE),
            col(AREA).getField(CleanEvents.DISTRICT_CODE).as(CleanEvents.DISTRICT_CODE));
    Column sameSpelling = col(PROVINCE_RAW).eqNullSafe(col("_p")).and(col(DISTRICT_RAW).eqNullSafe(col("_d")));
    return withRawNames.join(distinctAreas, sameSpelling, "left").drop("_p", "_d");
  }

  static UserDefinedFunction phoneUdf(PhoneCanonicalizer phones) {
    UDF1<String, Row> canonicalize = raw -> {
      PhoneResult r = phones.canonicalize(raw);
      return RowFactory.create(r.e164(), r.reason() == null ? null : r.reason().code());
    };
    return udf(canonicalize, PHONE_TYPE).withName("canonical_phone");
  }

  static UserDefinedFunction areaUdf(AreaResolver areas) {
    UDF2<String, String, Row> resolve = (province, district) -> {
      String p = areas.resolveProvince(province).orElse(null);
      String d = p == null ? null : areas.resolveDistrict(p, district).orElse(null);
      return RowFactory.create(p, d);
    };
    return udf(resolve, AREA_TYPE).withName("resolve_area");
  }
}
