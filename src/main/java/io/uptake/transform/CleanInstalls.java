package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import io.uptake.geo.AreaResolver;
import io.uptake.phone.PhoneCanonicalizer;
import io.uptake.phone.PhonePseudonymizer;
import io.uptake.phone.PhoneResult;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.schema.QuarantineReason;
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
 * Bronze rows → clean events: parsed event time, the pseudonym of the canonical phone, resolved
 * province and district codes, and a quarantine reason for rows that cannot count. Keeps every
 * bronze column, bronze's {@code event_time} text as {@code event_time_text}.
 */
public final class CleanInstalls {
  private CleanInstalls() {}

  private static final String PROVINCE_RAW = "_province_raw";
  private static final String DISTRICT_RAW = "_district_raw";
  private static final String PHONE_RESULT = "_phone";
  private static final String AREA = "_area";
  private static final String SPELLED_PROVINCE = "_spelled_province";
  private static final String SPELLED_DISTRICT = "_spelled_district";

  private static final StructType PHONE_TYPE = new StructType()
      .add("key", DataTypes.StringType, true)
      .add("reason", DataTypes.StringType, true);
  private static final StructType AREA_TYPE = new StructType()
      .add(CleanEvents.PROVINCE_CODE, DataTypes.StringType, true)
      .add(CleanEvents.DISTRICT_CODE, DataTypes.StringType, true);

  public static Dataset<Row> clean(Dataset<Row> bronze, PhoneCanonicalizer phones, PhonePseudonymizer pseudonyms,
      AreaResolver areas, ZoneId zone) {
    Column eventRaw = col(CleanEvents.EVENT_TIME_TEXT);
    Column phoneRaw = col(BronzeInstalls.PHONE);

    // Bronze's event_time is the text; the clean event's is the instant it names.
    Dataset<Row> withNames = bronze
        .withColumnRenamed(BronzeInstalls.EVENT_TIME, CleanEvents.EVENT_TIME_TEXT)
        .withColumn(PROVINCE_RAW, col(BronzeInstalls.PROVINCE))
        .withColumn(DISTRICT_RAW, col(BronzeInstalls.DISTRICT));
    Dataset<Row> resolved = resolveAreas(withNames, areas)
        .withColumn(CleanEvents.EVENT_TIME, EventTimes.parse(eventRaw, zone))
        .withColumn(PHONE_RESULT, phoneUdf(phones, pseudonyms).apply(phoneRaw));

    Column phoneReason = col(PHONE_RESULT).getField("reason");
    Column malformed = col(BronzeInstalls.PARSE_ERROR).isNotNull();
    Column eventMissing = EventTimes.isBlank(eventRaw);
    Column provinceMissing = EventTimes.isBlank(col(PROVINCE_RAW));
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
        .withColumn(CleanEvents.PHONE_KEY, col(PHONE_RESULT).getField("key"))
        .withColumn(CleanEvents.REJECT_REASON, reason)
        .withColumn(CleanEvents.REJECT_VALUE, value)
        .drop(PHONE_RESULT, PROVINCE_RAW, DISTRICT_RAW);
  }

  private static final String INPUT = "_input";
  private static final String[] INPUT_COLUMNS = {BronzeInstalls.SOURCE_FILE, BronzeInstalls.LINE_NUMBER, BronzeInstalls.INGEST_TIME,
      CleanEvents.EVENT_TIME_TEXT, BronzeInstalls.PHONE, BronzeInstalls.PROVINCE, BronzeInstalls.DISTRICT,
      BronzeInstalls.EXTRA_FIELDS, CleanEvents.REJECT_VALUE, BronzeInstalls.PARSE_ERROR};

  /**
   * Clean events narrowed to what the run uses after cleaning, to be cached: the input text (raw
   * fields, line) only on rows that quarantine may take (rejected, or without a district for the
   * {@code unresolved_district} expectation), so the rows the run keeps between its passes carry
   * little more than the pseudonym, the time and the codes. The pseudonym is its 32 bytes here
   * ({@link AttributePhones#withHexKeys} turns it back into text): half the size of its digits.
   *
   * <p>The cache is not compressed ({@link io.uptake.delta.StorageSettings}), so every byte of a
   * row counts: the file is a 64-bit hash on every row ({@link CleanEvents#FILE_KEY}), its path
   * only on rows that may be written, and the input columns travel in one struct, null on a clean
   * row (a null column costs a row 4 bytes there, a null struct of ten columns 4 bytes in all).
   * {@link #unpacked} gives the columns back.
   */
  public static Dataset<Row> narrow(Dataset<Row> cleaned) {
    Column mayBeQuarantined = col(CleanEvents.REJECT_REASON).isNotNull().or(col(CleanEvents.DISTRICT_CODE).isNull());
    // A row is written out (with its line) only to quarantine or to the anonymous installs.
    Column mayBeWritten = mayBeQuarantined.or(col(CleanEvents.PHONE_KEY).isNull());
    java.util.List<Column> columns = new java.util.ArrayList<>();
    columns.add(unhex(col(CleanEvents.PHONE_KEY)).as(CleanEvents.PHONE_KEY));
    columns.add(xxhash64(col(BronzeInstalls.SOURCE_FILE)).as(CleanEvents.FILE_KEY));
    for (String c : new String[] {BronzeInstalls.RUN_ID, CleanEvents.EVENT_TIME,
        CleanEvents.PROVINCE_CODE, CleanEvents.DISTRICT_CODE, CleanEvents.REJECT_REASON}) {
      columns.add(col(c));
    }
    java.util.List<Column> input = new java.util.ArrayList<>();
    input.add(col(BronzeInstalls.SOURCE_FILE));
    input.add(col(BronzeInstalls.LINE_NUMBER));
    for (int i = 2; i < INPUT_COLUMNS.length; i++) {
      input.add(when(mayBeQuarantined, col(INPUT_COLUMNS[i])).as(INPUT_COLUMNS[i]));
    }
    columns.add(when(mayBeWritten, struct(input.toArray(Column[]::new))).as(INPUT));
    return cleaned.select(columns.toArray(Column[]::new));
  }

  /**
   * {@link #narrow}'s rows with the input columns back in their own columns, null on a clean row:
   * {@code source_file} too, so a count per file groups by {@link CleanEvents#FILE_KEY} instead.
   */
  public static Dataset<Row> unpacked(Dataset<Row> narrowed) {
    java.util.List<Column> columns = new java.util.ArrayList<>();
    for (String c : narrowed.columns()) {
      if (!c.equals(INPUT)) {
        columns.add(col(c));
      }
    }
    for (String c : INPUT_COLUMNS) {
      columns.add(col(INPUT).getField(c).as(c));
    }
    return narrowed.select(columns.toArray(Column[]::new));
  }

  /**
   * Resolves province and district codes. Names repeat across millions of rows but take only
   * thousands of spellings: each distinct (province, district) spelling is resolved once, and the
   * answers are broadcast to the rows, joined on the raw text (null matching null), so no row
   * crosses into Java strings for it and no row moves.
   */
  static Dataset<Row> resolveAreas(Dataset<Row> withRawNames, AreaResolver areas) {
    Dataset<Row> spellings = withRawNames
        .select(col(PROVINCE_RAW).as(SPELLED_PROVINCE), col(DISTRICT_RAW).as(SPELLED_DISTRICT))
        .distinct()
        .withColumn(AREA, areaUdf(areas).apply(col(SPELLED_PROVINCE), col(SPELLED_DISTRICT)));
    Column sameSpelling = col(PROVINCE_RAW).eqNullSafe(col(SPELLED_PROVINCE))
        .and(col(DISTRICT_RAW).eqNullSafe(col(SPELLED_DISTRICT)));
    return withRawNames
        .join(broadcast(spellings), sameSpelling, "left")
        .withColumn(CleanEvents.PROVINCE_CODE, col(AREA).getField(CleanEvents.PROVINCE_CODE))
        .withColumn(CleanEvents.DISTRICT_CODE, col(AREA).getField(CleanEvents.DISTRICT_CODE))
        .drop(AREA, SPELLED_PROVINCE, SPELLED_DISTRICT);
  }

  /**
   * Canonicalizes and pseudonymizes in one step, so the canonical number never becomes a column
   * (nor a value in a shuffle, a cache or a Delta file's statistics). Spark 3.5 has no keyed hash
   * among its functions; built from sha2 the key would be a literal in every query plan.
   */
  static UserDefinedFunction phoneUdf(PhoneCanonicalizer phones, PhonePseudonymizer pseudonyms) {
    UDF1<String, Row> canonicalize = raw -> {
      PhoneResult r = phones.canonicalize(raw);
      return RowFactory.create(pseudonyms.pseudonym(r.e164()), r.reason() == null ? null : r.reason().code());
    };
    return udf(canonicalize, PHONE_TYPE).withName("phone_pseudonym");
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
