package io.uptake.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Vietnam's provinces and districts as listed by the GSO on 2021-02-01 (wards are not needed).
 * Small by nature (63 + 705 units), so it lives in memory on the driver and in closures.
 */
public final class AdminUnits implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String BUNDLED_RESOURCE = "/reference/vn_admin_units_2021-02-01.csv";

  private final Map<String, AdminUnit> provinces;
  private final Map<String, AdminUnit> districts;
  private final Map<String, List<AdminUnit>> districtsByProvince;

  private AdminUnits(List<AdminUnit> units) {
    Map<String, AdminUnit> p = new LinkedHashMap<>();
    Map<String, AdminUnit> d = new LinkedHashMap<>();
    Map<String, List<AdminUnit>> byProvince = new LinkedHashMap<>();
    for (AdminUnit u : units) {
      if (u.isProvince()) {
        p.put(u.code(), u);
        byProvince.putIfAbsent(u.code(), new ArrayList<>());
      }
    }
    for (AdminUnit u : units) {
      if (!u.isProvince()) {
        if (!p.containsKey(u.parentCode())) {
          throw new IllegalArgumentException("district " + u.code() + " names unknown province " + u.parentCode());
        }
        d.put(u.code(), u);
        byProvince.get(u.parentCode()).add(u);
      }
    }
    byProvince.replaceAll((k, v) -> List.copyOf(v));
    this.provinces = Collections.unmodifiableMap(p);
    this.districts = Collections.unmodifiableMap(d);
    this.districtsByProvince = Collections.unmodifiableMap(byProvince);
  }

  public static AdminUnits bundled() {
    try (InputStream in = AdminUnits.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Cannot load administrative units: resource " + BUNDLED_RESOURCE + " is missing from the jar");
      }
      return parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AdminUnits fromFile(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read administrative units: " + file, e);
    }
  }

  /** Columns level,code,name,type,parent_code; ward rows are skipped. */
  static AdminUnits parse(Reader reader, String source) throws IOException {
    List<AdminUnit> units = new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (CSVParser parser = CSVParser.parse(reader, format)) {
      for (CSVRecord rec : parser) {
        try {
          String level = rec.get("level");
          if (level.equals("ward")) {
            continue;
          }
          String parent = rec.get("parent_code").isBlank() ? null : rec.get("parent_code");
          String name = Normalizer.normalize(rec.get("name"), Normalizer.Form.NFC);
          units.add(new AdminUnit(rec.get("code"), name, UnitType.fromOfficial(rec.get("type")),
              level.equals("province") ? null : parent));
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw new IllegalArgumentException("Cannot read administrative units: " + source + " line "
              + parser.getCurrentLineNumber() + ": " + e.getMessage(), e);
        }
      }
    }
    return new AdminUnits(units);
  }

  public List<AdminUnit> provinces() {
    return List.copyOf(provinces.values());
  }

  public List<AdminUnit> districtsOf(String provinceCode) {
    return districtsByProvince.getOrDefault(provinceCode, List.of());
  }

  public List<AdminUnit> districts() {
    return List.copyOf(districts.values());
  }

  public Optional<AdminUnit> province(String code) {
    return Optional.ofNullable(provinces.get(code));
  }

  public Optional<AdminUnit> district(String code) {
    return Optional.ofNullable(districts.get(code));
  }
}
