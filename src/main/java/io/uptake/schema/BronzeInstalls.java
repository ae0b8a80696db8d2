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
  /** All fields of the row, keys trimmed and lower-cased, values as text (numbers as written). */
  public static final String RECORD = "record";
  /** Why the row could not be split into fields (not JSON, wrong CSV field count), else null. */
  public static final String PARSE_ERROR = "parse_error";
  /** The line's text, kept only when it could not be parsed. */
  public static final String RAW_LINE = "raw_line";
  public static final String INGEST_TIME = "ingest_time";
  public static final String RUN_ID = "run_id";

  /** Field names inside {@link #RECORD} that the pipeline reads. */
  public static final String F_EVENT_TIME = "event_time";
  public static final String F_PHONE = "phone";
  public static final String F_PROVINCE = "province";
  public static final String F_DISTRICT = "district";
  public static final java.util.Set<String> KNOWN_FIELDS = java.util.Set.of(F_EVENT_TIME, F_PHONE, F_PROVINCE, F_DISTRICT);

  /** What the file reader emits, before ingest time and run id are stamped on. */
  public static final StructType PARSED = new StructType()
      .add(SOURCE_FILE, StringType, false)
      .add(LINE_NUMBER, LongType, false)
      .add(LANDING_DATE, DateType, true)
      .add(FORMAT, StringType, false)
      .add(RECORD, createMapType(StringType, StringType, true), true)
      .add(PARSE_ERROR, StringType, true)
      .add(RAW_LINE, StringType, true);
}
