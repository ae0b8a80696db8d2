package io.uptake.schema;

/**
 * {@code gold/adoption_by_district}: the contract analysts and dashboards build on. One snapshot
 * per {@link #AS_OF}; per province one row per district, one {@code unassigned} and one
 * {@code province_total}; plus {@code national_total} and {@code unknown_province}.
 */
public final class GoldAdoption {
  private GoldAdoption() {}

  public static final String AS_OF = "as_of";
  public static final String PROVINCE_CODE = "province_code";
  public static final String PROVINCE_NAME = "province_name";
  public static final String DISTRICT_CODE = "district_code";
  public static final String DISTRICT_NAME = "district_name";
  public static final String ROW_TYPE = "row_type";
  public static final String PHONES = "phones";
  public static final String INSTALLS_WITHOUT_PHONE = "installs_without_phone";

  public static final String SHARE_PREFIX = "phones_per_";

  /** The columns every snapshot has, before its denominators and shares. */
  public static final java.util.List<String> FIXED_COLUMNS = java.util.List.of(AS_OF, PROVINCE_CODE, PROVINCE_NAME,
      DISTRICT_CODE, DISTRICT_NAME, ROW_TYPE, PHONES, INSTALLS_WITHOUT_PHONE);

  /** The share column of a denominator: phones / denominator, a fraction. */
  public static String shareOf(String denominator) {
    return SHARE_PREFIX + denominator;
  }

  /** Whether a census column cannot be a denominator because gold uses the name already. */
  public static boolean isReserved(String name) {
    return FIXED_COLUMNS.contains(name) || name.startsWith(SHARE_PREFIX);
  }
}
