package io.uptake.geo;

import java.util.List;

/**
 * The type of an administrative unit, as the prefix of its official name, with the abbreviations
 * people write (folded: no diacritics, lower case).
 */
public enum UnitType {
  PROVINCE("Tỉnh", List.of("tinh", "t")),
  CENTRAL_CITY("Thành phố Trung ương", List.of("thanh pho", "tp")),
  URBAN_DISTRICT("Quận", List.of("quan", "q")),
  RURAL_DISTRICT("Huyện", List.of("huyen", "h")),
  TOWN("Thị xã", List.of("thi xa", "tx")),
  CITY("Thành phố", List.of("thanh pho", "tp"));

  private final String official;
  private final List<String> foldedPrefixes;

  UnitType(String official, List<String> foldedPrefixes) {
    this.official = official;
    this.foldedPrefixes = foldedPrefixes;
  }

  /** The prefix that starts the official name; for central cities it is just "Thành phố". */
  String officialPrefix() {
    return this == CENTRAL_CITY ? "Thành phố" : official;
  }

  List<String> foldedPrefixes() {
    return foldedPrefixes;
  }

  public static UnitType fromOfficial(String type) {
    for (UnitType t : values()) {
      if (t.official.equalsIgnoreCase(type.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown unit type '" + type + "'");
  }
}
