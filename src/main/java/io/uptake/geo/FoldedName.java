package io.uptake.geo;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place name as people write it, folded for matching: without diacritics (so NFC vs NFD and
 * Hoá vs Hóa no longer matter), lower case, punctuation and spacing ignored, and its type
 * prefix (Huyện, H., Q.1, TP., ...) split off. {@code prefix} is the folded prefix or null.
 *
 * <p>Dropping all diacritics is safe for the 2021 reference: no two provinces, and no two districts
 * of one province, share a folded name except the six Thành phố/Huyện/Thị xã pairs that the prefix
 * tells apart (a test holds the reference to that).
 */
record FoldedName(String prefix, String key, String folded) {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern PUNCTUATION = Pattern.compile("[-‐‑‒–—_,'’‘`/]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern PROVINCE_PREFIX = Pattern.compile("^(thanh pho|tinh|tp|t(?=\\s*\\.))(?:\\s*\\.\\s*|\\s+)(.+)$");
  private static final Pattern DISTRICT_PREFIX =
      Pattern.compile("^(thanh pho|thi xa|huyen|quan|tp|tx|h|q)(?:\\s*\\.\\s*|\\s+|(?<=q|quan)(?=\\d))(.+)$");

  static FoldedName province(String raw) {
    return split(fold(raw), PROVINCE_PREFIX);
  }

  static FoldedName district(String raw) {
    return split(fold(raw), DISTRICT_PREFIX);
  }

  /** The key of an official base name ("Ba Đình", "1", "Phan Rang-Tháp Chàm"). */
  static String keyOf(String baseName) {
    return key(fold(baseName));
  }

  static String fold(String raw) {
    String s = Normalizer.normalize(raw, Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("");
    s = s.replace('đ', 'd').replace('Đ', 'd').toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }

  private static FoldedName split(String folded, Pattern prefixes) {
    Matcher m = prefixes.matcher(folded);
    if (m.matches()) {
      return new FoldedName(m.group(1), key(m.group(2)), folded);
    }
    return new FoldedName(null, key(folded), folded);
  }

  // Spaces and dots do not tell names apart ("Ia H' Drai", "Ia H'Drai"); "01" is "1" (Quận 01).
  private static String key(String folded) {
    String k = folded.replace(" ", "").replace(".", "");
    if (!k.isEmpty() && k.chars().allMatch(Character::isDigit)) {
      String stripped = k.replaceFirst("^0+", "");
      return stripped.isEmpty() ? "0" : stripped;
    }
    return k;
  }

  /** The whole value as a name, for when what looked like a prefix starts the name itself. */
  FoldedName unsplit() {
    return new FoldedName(null, key(folded), folded);
  }

  /** Whether a folded prefix names this unit type. */
  static boolean prefixFits(String prefix, UnitType type) {
    return type.foldedPrefixes().contains(prefix);
  }
}
