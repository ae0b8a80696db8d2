package io.uptake.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The country the generator draws from: provinces and districts of the bundled GSO catalogue, and
 * the 2018 legacy prefix table (the pipeline's own view of them is {@code geo.AdminUnits}).
 */
final class Country {

  static final String ADMIN_UNITS_RESOURCE = "/reference/vn_admin_units_2021-02-01.csv";
  static final String LEGACY_PREFIXES_RESOURCE = "/reference/vn_mobile_prefix_conversion_2018.csv";

  record District(int index, String code, String name, String type, Province province) {}

  record Province(int index, String code, String name, String type, List<District> districts) {}

  private final List<Province> provinces;
  private final List<District> districts;

  private Country(List<Province> provinces, List<District> districts) {
    this.provinces = provinces;
    this.districts = districts;
  }

  List<Province> provinces() {
    return provinces;
  }

  /** All districts, grouped by province in catalogue order; {@code District.index} is the position here. */
  List<District> districts() {
    return districts;
  }

  static Country load() throws IOException {
    List<Map<String, String>> records =
        readResource(ADMIN_UNITS_RESOURCE, "level", "code", "name", "type", "parent_code");
    Map<String, List<Map<String, String>>> districtsByProvince = new TreeMap<>();
    List<Map<String, String>> provinceRecords = new ArrayList<>();
    for (Map<String, String> record : records) {
      switch (record.get("level")) {
        case "province" -> provinceRecords.add(record);
        case "district" ->
            districtsByProvince.computeIfAbsent(record.get("parent_code"), k -> new ArrayList<>()).add(record);
        default -> { } // wards are not needed here
      }
    }
    provinceRecords.sort((a, b) -> a.get("code").compareTo(b.get("code")));
    List<Province> provinces = new ArrayList<>();
    List<District> districts = new ArrayList<>();
    for (Map<String, String> p : provinceRecords) {
      List<District> own = new ArrayList<>();
      Province province = new Province(provinces.size(), p.get("code"), p.get("name"), p.get("type"),
          Collections.unmodifiableList(own));
      for (Map<String, String> d : districtsByProvince.getOrDefault(province.code(), List.of())) {
        District district = new District(districts.size(), d.get("code"), d.get("name"), d.get("type"), province);
        own.add(district);
        districts.add(district);
      }
      if (own.isEmpty()) {
        throw new IOException("Cannot generate landing set: province " + province.code() + " has no districts in "
            + ADMIN_UNITS_RESOURCE + "; check the reference file.");
      }
      provinces.add(province);
    }
    return new Country(List.copyOf(provinces), List.copyOf(districts));
  }

  /** New 3-digit prefix without the trunk 0 ("36") to the legacy 4-digit one without it ("166"). */
  static Map<String, String> legacyPrefixesByNew() throws IOException {
    Map<String, String> byNew = new TreeMap<>();
    for (Map<String, String> record : readResource(LEGACY_PREFIXES_RESOURCE, "carrier", "legacy_prefix", "new_prefix")) {
      byNew.put(record.get("new_prefix").substring(1), record.get("legacy_prefix").substring(1));
    }
    return byNew;
  }

  /**
   * Reads a small bundled CSV into one map per record, header to value. Plain JDK on purpose: the
   * reference files are simple (RFC 4180 quotes, no line breaks inside fields).
   */
  private static List<Map<String, String>> readResource(String resource, String... columns) throws IOException {
    InputStream in = LandingSetGenerator.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Cannot generate landing set: classpath resource " + resource
          + " is missing; the application jar must bundle conf/reference under reference/.");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String headerLine = reader.readLine();
      List<String> header = headerLine == null ? List.of() : CsvText.parseLine(headerLine.replace("\uFEFF", ""));
      for (String column : columns) {
        if (!header.contains(column)) {
          throw new IOException("Cannot generate landing set: " + resource + " has no column '" + column
              + "' (found " + header + ").");
        }
      }
      List<Map<String, String>> records = new ArrayList<>();
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        List<String> values = CsvText.parseLine(line);
        if (values.size() != header.size()) {
          throw new IOException("Cannot generate landing set: " + resource + " line " + lineNumber + " has "
              + values.size() + " fields, the header has " + header.size() + ".");
        }
        Map<String, String> record = new TreeMap<>();
        for (int i = 0; i < header.size(); i++) {
          record.put(header.get(i), values.get(i));
        }
        records.add(record);
      }
      return records;
    }
  }
}
