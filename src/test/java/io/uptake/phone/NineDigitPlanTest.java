package io.uptake.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonicalizer's table of 9-digit prefixes decides as libphonenumber does: over every prefix of
 * the numbering plan, with many suffixes each, and through the legacy table. The oracle is the
 * canonicalizer's decision as first written: {@code isValidNumberForRegion}, then {@code getNumberType}.
 */
class NineDigitPlanTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final PhoneCanonicalizer CANONICALIZER = PhoneCanonicalizer.withBundledPrefixes();

  private static PhoneResult oracle(String national) {
    PhoneNumber number = new PhoneNumber().setCountryCode(84).setNationalNumber(Long.parseLong(national));
    if (!UTIL.isValidNumberForRegion(number, "VN")) {
      return PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
    }
    PhoneNumberType type = UTIL.getNumberType(number);
    if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      return PhoneResult.rejected(PhoneRejectReason.NOT_VN_MOBILE);
    }
    return PhoneResult.valid(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
  }

  @Test
  void everyPrefixDecidesAsLibphonenumberForEverySuffixTried() {
    Random random = new Random(2018);
    int asked = 0;
    for (int prefix = 1000; prefix <= 9999; prefix++) {
      if (NineDigitPlan.verdict(prefix + "00000") == null) {
        asked++;
      }
      for (int k = 0; k < 40; k++) {
        String suffix = k == 0 ? "00000" : k == 1 ? "99999" : String.format("%05d", random.nextInt(100_000));
        String national = prefix + suffix;
        assertThat(CANONICALIZER.canonicalize("0" + national)).as(national).isEqualTo(oracle(national));
      }
    }
    // The table is worth having only if it decides nearly every prefix itself.
    assertThat(asked).as("prefixes left to libphonenumber").isLessThan(100);
  }

  @Test
  void theCommonFormsOfAMobileTakeTheTable() {
    assertThat(NineDigitPlan.verdict("912345678")).isEqualTo(NineDigitPlan.Verdict.MOBILE);
    assertThat(NineDigitPlan.verdict("362345678")).isEqualTo(NineDigitPlan.Verdict.MOBILE);
    assertThat(NineDigitPlan.verdict("123456789")).isEqualTo(NineDigitPlan.Verdict.INVALID);
  }

  @Test
  void numbersOfOtherLengthsAndLegacyNumbersDecideAsLibphonenumber() {
    Random random = new Random(798);
    for (int i = 0; i < 20_000; i++) {
      int length = 8 + random.nextInt(4); // 8 to 11 digits
      StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
      while (digits.length() < length) {
        digits.append(random.nextInt(10));
      }
      String national = digits.toString();
      String converted = length == 10 ? legacy(national) : null;
      PhoneResult expected = oracle(converted != null ? converted : national);
      assertThat(CANONICALIZER.canonicalize("0" + national)).as(national).isEqualTo(expected);
    }
  }

  // The 2018 table, written out here: 11-digit numbers (without the trunk 0, 10 digits) → 9 digits.
  private static String legacy(String national) {
    String[][] table = {{"162", "32"}, {"163", "33"}, {"164", "34"}, {"165", "35"}, {"166", "36"}, {"167", "37"},
        {"168", "38"}, {"169", "39"}, {"120", "70"}, {"121", "79"}, {"122", "77"}, {"126", "76"}, {"128", "78"},
        {"123", "83"}, {"124", "84"}, {"125", "85"}, {"127", "81"}, {"129", "82"}, {"186", "56"}, {"188", "58"},
        {"199", "59"}};
    for (String[] row : table) {
      if (national.startsWith(row[0])) {
        return row[1] + national.substring(3);
      }
    }
    return null;
  }
}
