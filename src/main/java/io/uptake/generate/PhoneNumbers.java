package io.uptake.generate;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Subscriber numbers and the many ways people type them. A subscriber is a 9-digit national
 * significant number (no trunk 0): a 2-digit mobile prefix and 7 more digits.
 */
final class PhoneNumbers {

  /**
   * Mobile prefixes in use in 2021 (the digits after the trunk 0) that libphonenumber's plan
   * assigns whole (089 is assigned only from 0896, so it is left out).
   */
  static final String[] MOBILE_PREFIXES = {
    "32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79",
    "81", "82", "83", "84", "85", "86", "88", "90", "91", "92", "93", "94", "96", "97", "98"
  };

  private static final long PER_PREFIX = 10_000_000L;
  private static final char NBSP = '\u00A0';

  /** Normal spellings; the weights are per cent. */
  private enum Style {
    TRUNK(35), E164(15), COUNTRY_CODE(8), INTERNATIONAL_00(4), NATIONAL_9(6), TRUNK_3_3_4(6), TRUNK_4_3_3(4),
    DOTS(4), DASHES(4), PARENTHESES(3), NBSP_GROUPS(3), E164_GROUPS(4), E164_TRUNK_IN_PARENTHESES(2),
    NATIONAL_9_GROUPS(2);

    final int weight;

    Style(int weight) {
      this.weight = weight;
    }
  }

  private static final Style[] STYLES = Style.values();
  private static final long[] STYLE_WEIGHTS;
  /** Subscribers on prefix 84 favour the two spellings a parser can confuse (84 + 84xxxxxxx). */
  private static final long[] PREFIX_84_STYLE_WEIGHTS;

  static {
    int[] weights = new int[STYLES.length];
    int[] weights84 = new int[STYLES.length];
    for (Style s : STYLES) {
      weights[s.ordinal()] = s.weight;
      weights84[s.ordinal()] = s.weight;
    }
    weights84[Style.NATIONAL_9.ordinal()] = 25;
    weights84[Style.COUNTRY_CODE.ordinal()] = 20;
    STYLE_WEIGHTS = Rng.cumulative(weights);
    PREFIX_84_STYLE_WEIGHTS = Rng.cumulative(weights84);
  }

  private static final String[] INVALID = {
    "12345", "09123", "abc", "0912 345 67890", "091234567890", "+84 91234", "n/a", "0912-345"
  };
  private static final String[] FOREIGN = {
    "+1 650 253 0000", "+44 20 7946 0958", "+86 138 0013 8000", "+65 6123 4567", "+33 1 42 68 53 00",
    "+1 (212) 555-0142", "+61 412 345 678"
  };
  /** Fixed-line area codes (after the trunk 0) and the subscriber digits that follow each. */
  private static final String[] LANDLINE_AREAS = {"24", "28", "236", "225", "292", "251"};

  private final long size = MOBILE_PREFIXES.length * PER_PREFIX;
  private final long multiplier;
  private final long offset;
  private final Map<String, String> legacyByNew;

  PhoneNumbers(long seed, Map<String, String> legacyByNew) {
    this.legacyByNew = legacyByNew;
    SplittableRandom r = Rng.stream(seed, 0x50484F4EL);
    long m;
    do {
      m = size / 3 + r.nextLong(size / 2);
    } while (gcd(m, size) != 1);
    this.multiplier = m;
    this.offset = r.nextLong(size);
  }

  /** Most subscribers the numbering can give before it repeats. */
  long capacity() {
    return size;
  }

  /** The national number of subscriber {@code index}; distinct for distinct indexes below capacity. */
  String subscriber(long index) {
    // An affine map modulo the size is a bijection when the multiplier is coprime with it; both
    // factors are below 3e8, so the product cannot overflow a long.
    long n = (multiplier * index + offset) % size;
    int prefix = (int) (n / PER_PREFIX);
    String rest = Long.toString(n % PER_PREFIX);
    return MOBILE_PREFIXES[prefix] + "0000000".substring(rest.length()) + rest;
  }

  /** The 10-digit legacy number without trunk 0 ("1662345678") or null when the prefix never changed. */
  String legacyOf(String national) {
    String legacyPrefix = legacyByNew.get(national.substring(0, 2));
    return legacyPrefix == null ? null : legacyPrefix + national.substring(2);
  }

  /** Share of the mobile prefixes that had an 11-digit predecessor. */
  double legacyEligibleShare() {
    int eligible = 0;
    for (String prefix : MOBILE_PREFIXES) {
      if (legacyByNew.containsKey(prefix)) {
        eligible++;
      }
    }
    return eligible / (double) MOBILE_PREFIXES.length;
  }

  static String format(String n, SplittableRandom r) {
    long[] weights = n.startsWith("84") ? PREFIX_84_STYLE_WEIGHTS : STYLE_WEIGHTS;
    String p3 = n.substring(0, 3);
    String m3 = n.substring(3, 6);
    String l3 = n.substring(6);
    return switch (STYLES[Rng.pick(r, weights)]) {
      case TRUNK -> "0" + n;
      case E164 -> "+84" + n;
      case COUNTRY_CODE -> "84" + n;
      case INTERNATIONAL_00 -> "0084" + n;
      case NATIONAL_9 -> n;
      case TRUNK_3_3_4 -> "0" + n.substring(0, 2) + " " + n.substring(2, 5) + " " + n.substring(5);
      case TRUNK_4_3_3 -> "0" + p3 + " " + m3 + " " + l3;
      case DOTS -> "0" + p3 + "." + m3 + "." + l3;
      case DASHES -> "0" + p3 + "-" + m3 + "-" + l3;
      case PARENTHESES -> "(0" + n.substring(0, 2) + ") " + n.substring(2, 5) + " " + n.substring(5);
      case NBSP_GROUPS -> "0" + p3 + NBSP + m3 + NBSP + l3;
      case E164_GROUPS -> "+84 " + p3 + " " + m3 + " " + l3;
      case E164_TRUNK_IN_PARENTHESES -> "+84 (0) " + p3 + " " + m3 + " " + l3;
      case NATIONAL_9_GROUPS -> p3 + " " + m3 + " " + l3;
    };
  }

  /** A legacy 10-digit national number ("1662345678") as typed before the 2018 conversion. */
  static String formatLegacy(String legacy, SplittableRandom r) {
    int roll = r.nextInt(100);
    String prefix = legacy.substring(0, 3);
    String rest = legacy.substring(3);
    if (roll < 35) {
      return "0" + prefix + " " + rest.substring(0, 3) + " " + rest.substring(3);
    } else if (roll < 60) {
      return "0" + legacy;
    } else if (roll < 75) {
      return "+84 " + prefix + " " + rest.substring(0, 3) + " " + rest.substring(3);
    } else if (roll < 90) {
      return "84" + legacy;
    }
    return legacy;
  }

  static String invalid(SplittableRandom r) {
    return Rng.oneOf(r, INVALID);
  }

  static String foreign(SplittableRandom r) {
    return Rng.oneOf(r, FOREIGN);
  }

  /** A valid Vietnamese fixed-line number: 0 + area code + subscriber, 11 digits in all. */
  static String landline(SplittableRandom r) {
    String area = Rng.oneOf(r, LANDLINE_AREAS);
    String subscriber = "3" + Rng.digits(r, 9 - area.length());
    int split = subscriber.length() - 4;
    String grouped = subscriber.substring(0, split) + " " + subscriber.substring(split);
    return r.nextInt(4) == 0 ? "+84 " + area + " " + grouped : "0" + area + " " + grouped;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
