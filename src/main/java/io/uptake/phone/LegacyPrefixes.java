package io.uptake.phone;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 2018 conversion of 11-digit mobile numbers to 10 digits (Decision 798/QĐ-BTTTT): only the
 * prefix changes, the last 7 digits stay. Keys and values are national digits without the trunk 0.
 */
public final class LegacyPrefixes implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String BUNDLED_RESOURCE = "/reference/vn_mobile_prefix_conversion_2018.csv";

  private final Map<String, String> legacyToNew;

  private LegacyPrefixes(Map<String, String> legacyToNew) {
    this.legacyToNew = Collections.unmodifiableMap(new TreeMap<>(legacyToNew));
  }

  public static LegacyPrefixes bundled() {
    try (InputStream in = LegacyPrefixes.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Cannot load legacy mobile prefixes: resource " + BUNDLED_RESOURCE + " is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LegacyPrefixes fromFile(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read legacy mobile prefixes: " + file, e);
    }
  }

  /** Columns carrier,legacy_prefix,new_prefix with trunk zeros (0166 → 036). */
  static LegacyPrefixes parse(String csv, String source) {
    Map<String, String> map = new TreeMap<>();
    List<String> lines = csv.lines().toList();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length != 3 || !f[1].matches("0\\d{3}") || !f[2].matches("0\\d{2}")) {
        throw new IllegalArgumentException("Cannot read legacy mobile prefixes: " + source + " line " + (i + 1)
            + " is '" + line + "', expected carrier,0NNN,0NN");
      }
      map.put(f[1].substring(1), f[2].substring(1));
    }
    return new LegacyPrefixes(map);
  }

  /** The 9-digit national number for a 10-digit legacy one, or null when its prefix is not legacy. */
  String convert(String legacyNational) {
    if (legacyNational.length() != 10) {
      return null;
    }
    String replacement = legacyToNew.get(legacyNational.substring(0, 3));
    return replacement == null ? null : replacement + legacyNational.substring(3);
  }
}
