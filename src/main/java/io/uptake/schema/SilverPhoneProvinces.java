package io.uptake.schema;

/**
 * {@code silver/phone_provinces}: per phone and province (null: no province resolved), the first
 * event there, the first event there whose district resolved, and the latest event. Every column is
 * a min or a max, so nights merge into it in any order, any number of times, with the same result;
 * and the attribution as of any cut-off follows from it exactly.
 */
public final class SilverPhoneProvinces {
  private SilverPhoneProvinces() {}

  /** The phone's pseudonym, as {@link SilverPhones#PHONE_KEY}. */
  public static final String PHONE_KEY = SilverPhones.PHONE_KEY;
  public static final String PROVINCE_CODE = "province_code";
  public static final String FIRST_EVENT = "first_event";
  /** struct(t timestamp, code string): the earliest event in this province whose district resolved. */
  public static final String FIRST_DISTRICT_EVENT = "first_district_event";
  public static final String LAST_EVENT = "last_event";
  /** Field names of {@link #FIRST_DISTRICT_EVENT}. */
  public static final String T = "t";
  public static final String CODE = "code";
}
