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
  /**
   * The value masked for display ({@code +84 xxx xxx x78}; in other text each run of 9 or more
   * digits keeps its first two and last two): what to show outside the data engineers' zone.
   * Null on rows quarantined before it existed, until a backfill rewrites quarantine.
   */
  public static final String VALUE_MASKED = "value_masked";
  public static final String RECORD = "record";
  public static final String PARSE_ERROR = "parse_error";
  public static final String INGEST_TIME = "ingest_time";
  public static final String RUN_ID = "run_id";
}
