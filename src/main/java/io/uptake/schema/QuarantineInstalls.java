package io.uptake.schema;

/**
 * {@code quarantine/installs}: rejected rows, with the reason, the offending raw value and the row
 * as read. Holds raw phone numbers: the data engineers' zone, like bronze.
 */
public final class QuarantineInstalls {
  private QuarantineInstalls() {}

  public static final String SOURCE_FILE = "source_file";
  public static final String LINE_NUMBER = "line_number";
  /** A {@code QuarantineReason} code. */
  public static final String REASON = "reason";
  /** The raw value that caused the rejection (the whole line for a malformed record). */
  public static final String VALUE = "value";
  public static final String RECORD = "record";
  public static final String PARSE_ERROR = "parse_error";
  public static final String INGEST_TIME = "ingest_time";
  public static final String RUN_ID = "run_id";
}
