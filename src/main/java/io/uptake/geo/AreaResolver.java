package io.uptake.geo;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves province and district values as people write them (codes, names, variants) to GSO codes.
 *
 * <p>Order: a value of digits is tried as a code first (leading zeros optional; three digits or
 * more is only ever a code); then the alias
 * list; then the official names. A district resolves only within its row's province. A prefix,
 * when given, is part of the match (TP Cao Lãnh vs Huyện Cao Lãnh); a prefix that fits no unit of
 * that name is ignored. No match, or more than one, means unresolved.
 */
public final class AreaResolver implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Pattern EDGE_SPACE = Pattern.compile("^[\\s\\p{Z}\\x{FEFF}]+|[\\s\\p{Z}\\x{FEFF}]+$");
  private final AdminUnits units;
  private final Map<String, List<AdminUnit>> provincesByKey = new HashMap<>();
  private final Map<String, Map<String, List<AdminUnit>>> districtsByKey = new HashMap<>();
  private final Map<String, String> provinceAliases = new HashMap<>();
  private final Map<String, Map<String, String>> districtAliases = new HashMap<>();

  private AreaResolver(AdminUnits units) {
    this.units = units;
  }

  public static AreaResolver create(AdminUnits units, Aliases aliases) {
    AreaResolver r = new AreaResolver(units);
    for (AdminUnit p : units.provinces()) {
      r.provincesByKey.computeIfAbsent(FoldedName.keyOf(p.baseName()), k -> new ArrayList<>()).add(p);
      Map<String, List<AdminUnit>> byKey = r.districtsByKey.computeIfAbsent(p.code(), k -> new HashMap<>());
      for (AdminUnit d : units.districtsOf(p.code())) {
        byKey.computeIfAbsent(FoldedName.keyOf(d.baseName()), k -> new ArrayList<>()).add(d);
      }
    }
    aliases.provinces().forEach((code, variants) -> {
      if (units.province(code).isEmpty()) {
        throw new IllegalArgumentException("Cannot load aliases: province code '" + code + "' is not in the reference");
      }
      for (String v : variants) {
        putAlias(r.provinceAliases, FoldedName.province(v).key(), code, v);
      }
    });
    aliases.districts().forEach((provinceCode, byDistrict) -> byDistrict.forEach((code, variants) -> {
      boolean inProvince = units.district(code).map(d -> d.parentCode().equals(provinceCode)).orElse(false);
      if (!inProvince) {
        throw new IllegalArgumentException("Cannot load aliases: district code '" + code
            + "' is not a district of province '" + provinceCode + "' in the reference");
      }
      Map<String, String> target = r.districtAliases.computeIfAbsent(provinceCode, k -> new HashMap<>());
      for (String v : variants) {
        putAlias(target, FoldedName.district(v).key(), code, v);
      }
    }));
    return r;
  }

  private static void putAlias(Map<String, String> target, String key, String code, String variant) {
    String previous = target.putIfAbsent(key, code);
    if (previous != null && !previous.equals(code)) {
      throw new IllegalArgumentException("Cannot load aliases: variant '" + variant + "' is given for both "
          + previous + " and " + code);
    }
  }

  public AdminUnits units() {
    return units;
  }

  public Optional<String> resolveProvince(String raw) {
    String trimmed = trimAll(raw);
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (isDigits(trimmed)) {
      Optional<String> byCode = units.province(padCode(trimmed, 2)).map(AdminUnit::code);
      if (byCode.isPresent()) {
        return byCode;
      }
    }
    return byName(FoldedName.province(trimmed), provinceAliases, provincesByKey);
  }

  public Optional<String> resolveDistrict(String provinceCode, String raw) {
    String trimmed = trimAll(raw);
    if (provinceCode == null || trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (isDigits(trimmed)) {
      Optional<String> byCode = units.district(padCode(trimmed, 3))
          .filter(d -> d.parentCode().equals(provinceCode))
          .map(AdminUnit::code);
      // Three digits or more is a code (Ba Đình's 001 is not Quận 1 of another province);
      // shorter values may still name a numbered district.
      if (byCode.isPresent() || trimmed.length() >= 3) {
        return byCode;
      }
    }
    return byName(FoldedName.district(trimmed), districtAliases.getOrDefault(provinceCode, Map.of()),
        districtsByKey.getOrDefault(provinceCode, Map.of()));
  }

  /**
   * Aliases, then official names. When the split-off prefix finds nothing, the value is tried
   * whole: "Quan Hóa" and "Quản Bạ" are names, not Quận + name.
   */
  private static Optional<String> byName(FoldedName name, Map<String, String> aliases, Map<String, List<AdminUnit>> byKey) {
    Optional<String> found = byName(name.key(), name.prefix(), aliases, byKey);
    if (found.isEmpty() && name.prefix() != null) {
      FoldedName whole = name.unsplit();
      found = byName(whole.key(), null, aliases, byKey);
    }
    return found;
  }

  private static Optional<String> byName(String key, String prefix, Map<String, String> aliases,
      Map<String, List<AdminUnit>> byKey) {
    String aliased = aliases.get(key);
    if (aliased != null) {
      return Optional.of(aliased);
    }
    return pick(byKey.getOrDefault(key, List.of()), prefix);
  }

  private static Optional<String> pick(List<AdminUnit> candidates, String prefix) {
    List<AdminUnit> chosen = candidates;
    if (prefix != null) {
      List<AdminUnit> fitting = candidates.stream().filter(u -> FoldedName.prefixFits(prefix, u.type())).toList();
      if (!fitting.isEmpty()) {
        chosen = fitting;
      }
    }
    return chosen.size() == 1 ? Optional.of(chosen.get(0).code()) : Optional.empty();
  }

  // NFKC first: full-width digits and compatibility spaces become plain ones.
  private static String trimAll(String raw) {
    return raw == null ? "" : EDGE_SPACE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFKC)).replaceAll("");
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static String padCode(String digits, int width) {
    String s = digits.replaceFirst("^0+(?=\\d)", "");
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }
}
