package io.uptake.schema;

/** The kinds of row in the gold table. */
public enum RowType {
  DISTRICT("district"),
  UNASSIGNED("unassigned"),
  PROVINCE_TOTAL("province_total"),
  NATIONAL_TOTAL("national_total"),
  UNKNOWN_PROVINCE("unknown_province");

  private final String code;

  RowType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static RowType ofCode(String code) {
    for (RowType t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown row type '" + code + "'");
  }
}
