package io.uptake.schema;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructType;

/** {@code bronze/installs}: every input row as read, with where it came from. */
public final class BronzeInstalls {
  private BronzeInstalls() {}

  public static final String SOURCE_FILE = "source_file";
  public static final String LINE_NUMBER = "line_number";
  /** From a {@code date=YYYY-MM-DD/} folder in the path, else null. */
  public static final String LANDING_DATE = "landing_date";
  /** {@code jsonl} or {@code csv}. */
  public static final String FORMAT = "format";
  /**
   * The known fields, one column each, as text (numbers as written); null when the row lacks the
   * field or gives it as JSON null. Keys are matched trimmed and lower-cased.
   */
  public static final String EVENT_TIME = "event_time";
  public static final String PHONE = "phone";
  public static final String PROVINCE = "province";
  public static final String DISTRICT = "district";
  /** Every other field of the row, as text; null when there is none. */
  public static final String EXTRA_FIELDS = "extra_fields";
  /** The layout before the known fields had columns: every field in one map. Read only to migrate. */
  public static final String LEGACY_RECORD = "record";
  /** Why the row could not be split into fields (not JSON, wrong CSV field count), else null. */
  public static final String PARSE_ERROR = "parse_error";
  /** The line's text, kept only when it could not be parsed. */
  public static final String RAW_LINE = "raw_line";
  public static final String INGEST_TIME = "ingest_time";
  public static final String RUN_ID = "run_id";

  /** Input field names that the pipeline reads: each has its own column, named as the field. */
  public static final String F_EVENT_TIME = EVENT_TIME;
  public static final String F_PHONE = PHONE;
  public static final String F_PROVINCE = PROVINCE;
  public static final String F_DISTRICT = DISTRICT;
  /** The known fields in column order. */
  public static final java.util.List<String> KNOWN_FIELD_ORDER = java.util.List.of(F_EVENT_TIME, F_PHONE, F_PROVINCE, F_DISTRICT);
  public static final java.util.Set<String> KNOWN_FIELDS = java.util.Set.copyOf(KNOWN_FIELD_ORDER);

  /** What the file reader emits, before ingest time and run id are stamped on. */
  public static final StructType PARSED = new StructType()
      .add(SOURCE_FILE, StringType, false)
      .add(LINE_NUMBER, LongType, false)
      .add(LANDING_DATE, DateType, true)
      .add(FORMAT, StringType, false)
      .add(EVENT_TIME, StringType, true)
      .add(PHONE, StringType, true)
      .add(PROVINCE, StringType, true)
      .add(DISTRICT, StringType, true)
      .add(EXTRA_FIELDS, createMapType(StringType, StringType, true), true)
      .add(PARSE_ERROR, StringType, true)
      .add(RAW_LINE, StringType, true);
}
