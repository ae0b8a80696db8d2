package io.uptake.phone;

/**
 * libphonenumber's decisions for 9-digit national numbers of Vietnam, nearly every phone typed,
 * looked up by their first {@value #PREFIX_DIGITS} digits instead of asked per number (about ten
 * regular-expression matches each). Vietnam's numbering plan decides a 9-digit number's type by
 * its first three or four digits; the table is built from libphonenumber itself, once per JVM,
 * and a prefix whose samples disagree (a plan that looks further) is marked to be asked per
 * number. A test checks every prefix against libphonenumber over many suffixes.
 */
final class NineDigitPlan {
  private NineDigitPlan() {}

  static final int LENGTH = 9;
  static final int PREFIX_DIGITS = 4;
  // Suffixes tried per prefix when the table is built: both ends of the range and a spread between.
  private static final String[] SAMPLES = {"00000", "99999", "12345", "98760", "50505", "31415", "86420"};

  /** What a 9-digit number of one prefix is. */
  enum Verdict {
    MOBILE, NOT_MOBILE, INVALID;

    PhoneResult result(String national) {
      return switch (this) {
        case MOBILE -> PhoneResult.valid("+84" + national);
        case NOT_MOBILE -> PhoneResult.rejected(PhoneRejectReason.NOT_VN_MOBILE);
        case INVALID -> PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
      };
    }

    static Verdict of(PhoneResult r) {
      return r.isValid() ? MOBILE : r.reason() == PhoneRejectReason.NOT_VN_MOBILE ? NOT_MOBILE : INVALID;
    }
  }

  private static final class Table {
    // Index: the prefix's value (1000-9999; a national number never starts with 0). Null: ask.
    static final Verdict[] BY_PREFIX = build();
  }

  /** The verdict for a 9-digit national number of ASCII digits not starting with 0, or null to ask libphonenumber. */
  static Verdict verdict(String national) {
    int prefix = 0;
    for (int i = 0; i < PREFIX_DIGITS; i++) {
      prefix = prefix * 10 + (national.charAt(i) - '0');
    }
    return Table.BY_PREFIX[prefix];
  }

  private static Verdict[] build() {
    Verdict[] table = new Verdict[10_000];
    for (int prefix = 1000; prefix <= 9999; prefix++) {
      table[prefix] = sampled(Integer.toString(prefix));
    }
    return table;
  }

  /** The one verdict libphonenumber gives every sample of a prefix, or null when they differ. */
  static Verdict sampled(String prefix) {
    Verdict found = null;
    for (String suffix : SAMPLES) {
      Verdict v = Verdict.of(PhoneCanonicalizer.libphonenumber(prefix + suffix));
      if (found != null && v != found) {
        return null;
      }
      found = v;
    }
    return found;
  }
}
