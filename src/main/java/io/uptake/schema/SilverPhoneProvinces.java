package io.uptake.schema;

/**
 * {@code silver/phone_provinces}: per phone and province (null: no province resolved), the first
 * event there and the first event there whose district resolved. Append-only: a night adds a row
 * for a (phone, province) that is new or whose minimum it lowers, and the state is the minimum over
 * a pair's rows, so nights add up in any order, any number of times, with the same result; and the
 * attribution as of any cut-off follows from it exactly. No latest event: nothing counted needs it,
 * and keeping it would rewrite every active phone's row every night (and track their activity).
 */
public final class SilverPhoneProvinces {
  private SilverPhoneProvinces() {}

  /** The phone's pseudonym, as {@link SilverPhones#PHONE_KEY}. */
  public static final String PHONE_KEY = SilverPhones.PHONE_KEY;
  public static final String PROVINCE_CODE = "province_code";
  public static final String FIRST_EVENT = "first_event";
  /** struct(t timestamp, code string): the earliest event in this province whose district resolved. */
  public static final String FIRST_DISTRICT_EVENT = "first_district_event";
  /** A column of earlier versions, dropped (see above). */
  public static final String DROPPED_LAST_EVENT = "last_event";
  /** Field names of {@link #FIRST_DISTRICT_EVENT}. */
  public static final String TIME = "t";
  public static final String CODE = "code";
}
