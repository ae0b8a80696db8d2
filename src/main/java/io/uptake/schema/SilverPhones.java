package io.uptake.schema;

/**
 * {@code silver/phones}: one row per phone (by its pseudonym) with its attribution as of the latest cut-off.
 * That cut-off is stored in the note of the commit that wrote it ({@link #AS_OF_NOTE}), atomically
 * with the rows, so a night updates only the phones that changed rather than every row's date.
 */
public final class SilverPhones {
  private SilverPhones() {}

  /**
   * The phone's pseudonym: HMAC-SHA256 of its canonical E.164 number under the warehouse's phone
   * key, 64 hex digits. Still personal data (whoever holds the key can test a number), but no number.
   */
  public static final String PHONE_KEY = "phone_key";
  /** Null when no event's province resolved (the phone counts in {@code unknown_province}). */
  public static final String PROVINCE_CODE = "province_code";
  /** Null when the phone is unassigned within its province. */
  public static final String DISTRICT_CODE = "district_code";
  /** The time of the event that decided the province. */
  public static final String ATTRIBUTED_AT = "attributed_at";
  /** The first counted event. */
  public static final String FIRST_SEEN = "first_seen";
  /** Prefix of the commit note ({@code userMetadata}) holding the cut-off, e.g. {@code as_of=2021-05-06T10:00:00Z}. */
  public static final String AS_OF_NOTE = "as_of=";
  /** Columns of earlier versions, dropped: see {@link SilverPhoneProvinces}. */
  public static final String DROPPED_LAST_SEEN = "last_seen";
  /** Table property set (with the note) when a new cut-off changed no phone: a commit to carry the note. */
  public static final String AS_OF_PROPERTY = "uptake.as_of";
}
