package io.uptake.schema;

/**
 * Columns the clean step adds to bronze rows: the parsed event time, phone pseudonym, resolved
 * codes and, for rejected rows, the quarantine reason. Not stored: an intermediate.
 */
public final class CleanEvents {
  private CleanEvents() {}

  public static final String EVENT_TIME = "event_time";
  /** Bronze's {@code event_time}, the text as read, renamed while the clean event's is the instant. */
  public static final String EVENT_TIME_TEXT = "event_time_text";
  /** The pseudonym of the canonical phone (null: no phone); the number itself is never a column. */
  public static final String PHONE_KEY = SilverPhones.PHONE_KEY;
  public static final String PROVINCE_CODE = "province_code";
  public static final String DISTRICT_CODE = "district_code";
  /** A {@code QuarantineReason} code, null for accepted rows. */
  public static final String REJECT_REASON = "reject_reason";
  /**
   * Spark's {@code xxhash64} of {@code source_file}: what the run's cached rows carry on every row
   * (8 bytes), the path itself only on the rows that may be written out.
   */
  public static final String FILE_KEY = "_file_key";
  /** The raw value that caused the rejection (personal data: quarantine only). */
  public static final String REJECT_VALUE = "reject_value";
}
