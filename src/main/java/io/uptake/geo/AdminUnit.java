package io.uptake.geo;

import java.io.Serializable;

/** One province or district of the reference, with its GSO code (a string: leading zeros matter). */
public record AdminUnit(String code, String name, UnitType type, String parentCode) implements Serializable {

  public boolean isProvince() {
    return parentCode == null;
  }

  /** The official name without its type prefix: "Quận Ba Đình" → "Ba Đình". */
  public String baseName() {
    String prefix = type.officialPrefix();
    return name.regionMatches(true, 0, prefix, 0, prefix.length()) ? name.substring(prefix.length()).strip() : name;
  }
}
