package io.uptake.quality;

import static org.apache.spark.sql.functions.*;

import io.uptake.phone.PhoneMask;
import io.uptake.phone.PhoneRejectReason;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.schema.QuarantineInstalls;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** Clean events → the rejected ones, as {@code quarantine/installs} rows. */
public final class Quarantine {
  private Quarantine() {}

  /** With each raw value's masked display form ({@link QuarantineInstalls#VALUE_MASKED}). */
  public static Dataset<Row> rows(Dataset<Row> cleanEvents) {
    // A phone reason's value is a phone field: masked whole; any other value is text (a line, a time).
    java.util.Set<String> phoneReasons = java.util.Arrays.stream(PhoneRejectReason.values()).map(PhoneRejectReason::code)
        .collect(java.util.stream.Collectors.toSet());
    UserDefinedFunction mask = udf((UDF2<String, String, String>) (value, reason) ->
        phoneReasons.contains(reason) ? PhoneMask.maskPhone(value) : PhoneMask.maskText(value), DataTypes.StringType)
        .withName("mask_value");
    return cleanEvents.where(col(CleanEvents.REJECT_REASON).isNotNull())
        .select(
            col(BronzeInstalls.SOURCE_FILE).as(QuarantineInstalls.SOURCE_FILE),
            col(BronzeInstalls.LINE_NUMBER).as(QuarantineInstalls.LINE_NUMBER),
            col(CleanEvents.REJECT_REASON).as(QuarantineInstalls.REASON),
            col(CleanEvents.REJECT_VALUE).as(QuarantineInstalls.VALUE),
            mask.apply(col(CleanEvents.REJECT_VALUE), col(CleanEvents.REJECT_REASON)).as(QuarantineInstalls.VALUE_MASKED),
            inputRecord().as(QuarantineInstalls.RECORD),
            col(BronzeInstalls.PARSE_ERROR).as(QuarantineInstalls.PARSE_ERROR),
            col(BronzeInstalls.INGEST_TIME).as(QuarantineInstalls.INGEST_TIME),
            col(BronzeInstalls.RUN_ID).as(QuarantineInstalls.RUN_ID));
  }

  /**
   * The fields of a clean event's input row as one map (absent and JSON-null fields left out), as
   * quarantine stores them; null for a row that could not be split into fields.
   */
  static Column inputRecord() {
    Column known = map(lit(BronzeInstalls.F_EVENT_TIME), col(CleanEvents.EVENT_TIME_TEXT),
        lit(BronzeInstalls.F_PHONE), col(BronzeInstalls.PHONE),
        lit(BronzeInstalls.F_PROVINCE), col(BronzeInstalls.PROVINCE),
        lit(BronzeInstalls.F_DISTRICT), col(BronzeInstalls.DISTRICT));
    Column present = map_filter(known, (k, v) -> v.isNotNull());
    Column extra = coalesce(col(BronzeInstalls.EXTRA_FIELDS), map().cast("map<string,string>"));
    return when(col(BronzeInstalls.PARSE_ERROR).isNull(), map_concat(present, extra));
  }
}
