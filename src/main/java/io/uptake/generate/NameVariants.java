package io.uptake.generate;

import io.uptake.generate.Country.District;
import io.uptake.generate.Country.Province;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Spellings of provinces and districts as people type them: codes with or without leading zeros,
 * official names, names without the administrative prefix or diacritics, NFD text, case changes,
 * abbreviated prefixes, old tone-mark placement, extra spaces and a few well-known aliases.
 */
final class NameVariants {

  /** Aliases a name resolver cannot derive by rule; the pipeline's alias list must carry them. */
  static final Map<String, List<String>> PROVINCE_ALIASES = Map.of(
      "79", List.of("TPHCM", "Sài Gòn"),
      "46", List.of("Huế"));
  /** District aliases keyed by province code + "/" + district code. */
  static final Map<String, List<String>> DISTRICT_ALIASES = Map.of("08/072", List.of("Nà Hang"));

  static final String[] UNKNOWN_PROVINCES = {"Atlantis", "Mars"};
  static final String[] UNKNOWN_DISTRICTS = {"Khu Vực 51", "Khu vuc 51", "Quận Không Tồn Tại"};

  /** Administrative prefixes: official spelling, without diacritics, and accepted abbreviations. */
  private enum Prefix {
    TINH("Tỉnh", "Tinh"),
    THANH_PHO("Thành phố", "Thanh pho", "TP", "TP.", "Tp."),
    QUAN("Quận", "Quan", "Q."),
    HUYEN("Huyện", "Huyen", "H."),
    THI_XA("Thị xã", "Thi xa", "TX.");

    final String official;
    final String plain;
    final String[] abbreviations;

    Prefix(String official, String plain, String... abbreviations) {
      this.official = official;
      this.plain = plain;
      this.abbreviations = abbreviations;
    }
  }

  private enum Kind {
    CODE, CODE_WITHOUT_ZEROS, OFFICIAL, BASE, ABBREVIATED, NO_DIACRITICS, NFD, LOWER, UPPER, OLD_TONE, EXTRA_SPACES, ALIAS
  }

  private static final Kind[] KINDS = Kind.values();
  // Per cent, in Kind order.
  private static final long[] PROVINCE_WEIGHTS = Rng.cumulative(15, 3, 20, 25, 5, 8, 4, 3, 3, 5, 3, 6);
  private static final long[] DISTRICT_WEIGHTS = Rng.cumulative(12, 3, 25, 20, 12, 8, 4, 3, 2, 4, 3, 4);

  /**
   * A unit's name split into its prefix and the rest ("Ba Đình"). {@code baseLooksPrefixed}: the rest
   * alone starts like a prefix once diacritics go (Quản Bạ, Quan Sơn, Tịnh Biên).
   */
  private record Parts(String code, String official, Prefix prefix, String base, boolean baseAllowed,
      boolean baseLooksPrefixed, List<String> aliases) {}

  private final Parts[] provinces;
  private final Parts[] districts;
  private final boolean[] ambiguousWithoutPrefix;

  NameVariants(Country units) {
    provinces = new Parts[units.provinces().size()];
    for (Province p : units.provinces()) {
      provinces[p.index()] = parts(p.code(), p.name(), true, PROVINCE_ALIASES.getOrDefault(p.code(), List.of()));
    }
    districts = new Parts[units.districts().size()];
    ambiguousWithoutPrefix = new boolean[districts.length];
    for (Province p : units.provinces()) {
      // Within a province, names that only their prefix tells apart (Thành phố / Huyện Cao Lãnh).
      Map<String, List<District>> byBase = new TreeMap<>();
      for (District d : p.districts()) {
        byBase.computeIfAbsent(fold(parts(d.code(), d.name(), true, List.of()).base()), k -> new ArrayList<>()).add(d);
      }
      Set<Integer> ambiguous = new HashSet<>();
      byBase.values().stream().filter(group -> group.size() > 1).flatMap(List::stream)
          .forEach(d -> ambiguous.add(d.index()));
      for (District d : p.districts()) {
        boolean isAmbiguous = ambiguous.contains(d.index());
        ambiguousWithoutPrefix[d.index()] = isAmbiguous;
        List<String> aliases = DISTRICT_ALIASES.getOrDefault(p.code() + "/" + d.code(), List.of());
        districts[d.index()] = parts(d.code(), d.name(), !isAmbiguous, aliases);
      }
    }
  }

  boolean isAmbiguousWithoutPrefix(District d) {
    return ambiguousWithoutPrefix[d.index()];
  }

  /**
   * A resolvable spelling. {@code conservative} (the census, where an unresolved row stops the run)
   * leaves out aliases and bare names that start like a prefix.
   */
  String province(Province p, SplittableRandom r, boolean conservative) {
    return variant(provinces[p.index()], PROVINCE_WEIGHTS, r, conservative);
  }

  String district(District d, SplittableRandom r, boolean conservative) {
    return variant(districts[d.index()], DISTRICT_WEIGHTS, r, conservative);
  }

  /** The name without its prefix, which matches two districts of the province: must not resolve. */
  String ambiguousDistrict(District d, SplittableRandom r) {
    String base = districts[d.index()].base();
    return r.nextBoolean() ? base : stripDiacritics(base);
  }

  private static String variant(Parts u, long[] weights, SplittableRandom r, boolean conservative) {
    Kind kind = KINDS[Rng.pick(r, weights)];
    boolean baseAllowed = u.baseAllowed() && !(conservative && u.baseLooksPrefixed());
    String officialOrBase = baseAllowed && r.nextBoolean() ? u.base() : u.official();
    return switch (kind) {
      case CODE -> u.code();
      case CODE_WITHOUT_ZEROS -> withoutLeadingZeros(u.code());
      case OFFICIAL -> u.official();
      case BASE -> baseAllowed ? u.base() : u.official();
      case ABBREVIATED -> abbreviated(u, r);
      case NO_DIACRITICS -> stripDiacritics(officialOrBase);
      case NFD -> Normalizer.normalize(officialOrBase, Normalizer.Form.NFD);
      case LOWER -> officialOrBase.toLowerCase(Locale.ROOT);
      case UPPER -> officialOrBase.toUpperCase(Locale.ROOT);
      case OLD_TONE -> toggleToneMarks(officialOrBase);
      case EXTRA_SPACES -> "  " + officialOrBase.replace(" ", "  ") + " ";
      case ALIAS -> !conservative && !u.aliases().isEmpty()
          ? u.aliases().get(r.nextInt(u.aliases().size()))
          : officialOrBase;
    };
  }

  private static String abbreviated(Parts u, SplittableRandom r) {
    String[] abbreviations = u.prefix().abbreviations;
    if (abbreviations.length == 0) {
      return u.official();
    }
    String abbreviation = Rng.oneOf(r, abbreviations);
    boolean numbered = u.base().chars().allMatch(Character::isDigit);
    // "Q.1" is how numbered urban districts are usually written; names keep the space ("Q. Ba Đình").
    String separator = numbered && abbreviation.endsWith(".") && r.nextBoolean() ? "" : " ";
    return abbreviation + separator + u.base();
  }

  private static Parts parts(String code, String official, boolean baseAllowed, List<String> aliases) {
    for (Prefix prefix : Prefix.values()) {
      if (official.length() > prefix.official.length()
          && official.regionMatches(true, 0, prefix.official, 0, prefix.official.length())
          && official.charAt(prefix.official.length()) == ' ') {
        String base = official.substring(prefix.official.length() + 1);
        // A bare number ("1" for Quận 1) would be read as a code.
        boolean numbered = base.chars().allMatch(Character::isDigit);
        return new Parts(code, official, prefix, base, baseAllowed && !numbered, startsLikePrefix(base), aliases);
      }
    }
    throw new IllegalStateException("Cannot generate landing set: unit " + code + " '" + official
        + "' has no known administrative prefix.");
  }

  private static boolean startsLikePrefix(String base) {
    String folded = fold(base);
    for (Prefix prefix : Prefix.values()) {
      for (String spelling : prefixSpellings(prefix)) {
        String p = fold(spelling);
        if (folded.startsWith(p) && (p.endsWith(".") || folded.length() == p.length()
            || folded.charAt(p.length()) == ' ' || folded.charAt(p.length()) == '.')) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> prefixSpellings(Prefix prefix) {
    List<String> spellings = new ArrayList<>(List.of(prefix.official, prefix.plain));
    for (String abbreviation : prefix.abbreviations) {
      spellings.add(abbreviation);
      spellings.add(abbreviation.replace(".", ""));
    }
    return spellings;
  }

  static String withoutLeadingZeros(String code) {
    String stripped = code.replaceFirst("^0+", "");
    return stripped.isEmpty() ? code : stripped;
  }

  static String stripDiacritics(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      sb.append(c == 'đ' ? 'd' : c == 'Đ' ? 'D' : c);
    }
    return sb.toString();
  }

  private static String fold(String s) {
    return stripDiacritics(s).toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
  }

  private static final String TONED_A = "àáảãạ";
  private static final String TONED_E = "èéẻẽẹ";
  private static final String TONED_O = "òóỏõọ";
  private static final String TONED_U = "ùúủũụ";
  private static final String TONED_Y = "ỳýỷỹỵ";

  /**
   * Moves the tone mark of a final "oa", "oe" or "uy" to the other vowel: Hóa becomes Hoá and Hoà
   * becomes Hòa (old and new orthography). Syllables with a final consonant (Hoàng) do not change.
   */
  static String toggleToneMarks(String s) {
    String nfc = Normalizer.normalize(s, Normalizer.Form.NFC);
    StringBuilder sb = new StringBuilder(nfc);
    for (int i = 0; i + 1 < sb.length(); i++) {
      boolean syllableEnds = i + 2 >= sb.length() || !Character.isLetter(sb.charAt(i + 2));
      if (!syllableEnds) {
        continue;
      }
      char first = sb.charAt(i);
      char second = sb.charAt(i + 1);
      boolean afterQ = i > 0 && Character.toLowerCase(sb.charAt(i - 1)) == 'q';
      if (first == 'o' && TONED_A.indexOf(second) >= 0) {
        swap(sb, i, TONED_O.charAt(TONED_A.indexOf(second)), 'a');
      } else if (first == 'o' && TONED_E.indexOf(second) >= 0) {
        swap(sb, i, TONED_O.charAt(TONED_E.indexOf(second)), 'e');
      } else if (TONED_O.indexOf(first) >= 0 && second == 'a') {
        swap(sb, i, 'o', TONED_A.charAt(TONED_O.indexOf(first)));
      } else if (TONED_O.indexOf(first) >= 0 && second == 'e') {
        swap(sb, i, 'o', TONED_E.charAt(TONED_O.indexOf(first)));
      } else if (!afterQ && first == 'u' && TONED_Y.indexOf(second) >= 0) {
        swap(sb, i, TONED_U.charAt(TONED_Y.indexOf(second)), 'y');
      } else if (!afterQ && TONED_U.indexOf(first) >= 0 && second == 'y') {
        swap(sb, i, 'u', TONED_Y.charAt(TONED_U.indexOf(first)));
      }
    }
    return sb.toString();
  }

  private static void swap(StringBuilder sb, int i, char first, char second) {
    sb.setCharAt(i, first);
    sb.setCharAt(i + 1, second);
  }
}
