package io.uptake.phone;

/** Why a non-blank phone value does not count. The code is what quarantine stores. */
public enum PhoneRejectReason {
  /** Not a phone number at all: letters, wrong length, a number no plan assigns. */
  INVALID_PHONE("invalid_phone"),
  /** A valid number of another country. */
  FOREIGN_PHONE("foreign_phone"),
  /** A valid Vietnamese number that is not a mobile (landline, toll-free, ...). */
  NOT_VN_MOBILE("not_vn_mobile");

  private final String code;

  PhoneRejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
