package io.uptake.ingest;

/** One validated count: an area (district null on a province-level row), a denominator, its value and origin. */
public record CensusEntry(String provinceCode, String districtCode, String denominator, long value,
    String sourceFile, long lineNumber) {

  String location() {
    return sourceFile + " line " + lineNumber;
  }
}
