package io.uptake.schema;

/** Why an install row was rejected. Checked in this order; the first that applies is stored. */
public enum QuarantineReason {
  /** The line is not a JSON object, or a CSV row has the wrong number of fields. */
  MALFORMED_RECORD("malformed_record"),
  MISSING_EVENT_TIME("missing_event_time"),
  /** Not ISO-8601, a local date-time or epoch milliseconds, or not a real date. */
  INVALID_EVENT_TIME("invalid_event_time"),
  /** {@code province} is required. A province that does not resolve is not a rejection. */
  MISSING_PROVINCE("missing_province"),
  INVALID_PHONE("invalid_phone"),
  FOREIGN_PHONE("foreign_phone"),
  NOT_VN_MOBILE("not_vn_mobile"),
  /**
   * Accepted but without a resolvable district, in a night over the unresolved_district
   * expectation's limit when its action is quarantine (applied by {@code Expectations}, not here).
   */
  UNRESOLVED_DISTRICT("unresolved_district");

  private final String code;

  QuarantineReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
