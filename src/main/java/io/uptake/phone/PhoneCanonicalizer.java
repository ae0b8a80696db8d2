package io.uptake.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.Serializable;
import java.text.Normalizer;

/**
 * Turns a phone number as people type it into its canonical E.164 form ({@code +84} and 9 digits),
 * or says why it does not count. Spark-free; the Spark UDF is a thin adapter over it.
 *
 * <p>Deciding which digits are the national number is done here, because the input is ambiguous
 * in ways libphonenumber cannot know: {@code 84} followed by 9 digits is a country code, while a
 * 9-digit national number may itself start with 84; and 11-digit legacy numbers were retired in
 * 2018. libphonenumber then validates the national number and tells a mobile from a landline.
 */
public final class PhoneCanonicalizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String VN_COUNTRY_CODE = "84";

  private final LegacyPrefixes legacy;

  public PhoneCanonicalizer(LegacyPrefixes legacy) {
    this.legacy = legacy;
  }

  public static PhoneCanonicalizer withBundledPrefixes() {
    return new PhoneCanonicalizer(LegacyPrefixes.bundled());
  }

  public PhoneResult canonicalize(String raw) {
    if (raw == null) {
      return PhoneResult.absent();
    }
    // NFKC turns full-width digits and compatibility spaces into their plain forms; ASCII text,
    // nearly every value, is its own NFKC form.
    String text = isAscii(raw) ? raw : Normalizer.normalize(raw, Normalizer.Form.NFKC);
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isSeparator(c)) {
        kept.append(c);
      }
    }
    String compact = kept.toString();
    if (compact.isEmpty()) {
      return PhoneResult.absent();
    }
    boolean international = compact.charAt(0) == '+';
    String digits = international ? compact.substring(1) : compact;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
    }
    if (!international && digits.startsWith("00")) {
      international = true;
      digits = digits.substring(2);
    }
    if (international) {
      return digits.startsWith(VN_COUNTRY_CODE)
          ? classify(stripOneTrunkZero(digits.substring(2)))
          : classifyForeign("+" + digits);
    }
    if (digits.startsWith("0")) {
      return classify(digits.substring(1));
    }
    // 84 + 9 digits (or a trunk 0, or a 10-digit legacy number) is a country code; 9 digits alone
    // are national, even when they start with 84.
    if (digits.length() >= 11 && digits.length() <= 13 && digits.startsWith(VN_COUNTRY_CODE)) {
      return classify(stripOneTrunkZero(digits.substring(2)));
    }
    return classify(digits);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSeparator(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c)
        || c == '.' || c == '-' || c == '(' || c == ')';
  }

  // "+84 (0) 912 345 678": the trunk 0 some people keep after the country code.
  private static String stripOneTrunkZero(String national) {
    return national.startsWith("0") ? national.substring(1) : national;
  }

  private PhoneResult classify(String national) {
    String converted = legacy.convert(national);
    String candidate = converted != null ? converted : national;
    if (candidate.isEmpty() || candidate.length() > 12 || candidate.charAt(0) == '0') {
      return PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
    }
    NineDigitPlan.Verdict fast = candidate.length() == NineDigitPlan.LENGTH ? NineDigitPlan.verdict(candidate) : null;
    return fast != null ? fast.result(candidate) : libphonenumber(candidate);
  }

  /**
   * libphonenumber's decision for a national number of Vietnam: valid (a type other than UNKNOWN,
   * which is what {@code isValidNumberForRegion} tests for a number of the region's own country
   * code), and a mobile.
   */
  static PhoneResult libphonenumber(String candidate) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    PhoneNumber number = new PhoneNumber().setCountryCode(84).setNationalNumber(Long.parseLong(candidate));
    PhoneNumberType type = util.getNumberType(number);
    if (type == PhoneNumberType.UNKNOWN) {
      return PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
    }
    if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      return PhoneResult.rejected(PhoneRejectReason.NOT_VN_MOBILE);
    }
    return PhoneResult.valid(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
  }

  private static PhoneResult classifyForeign(String e164Candidate) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      PhoneNumber number = util.parse(e164Candidate, "ZZ");
      return util.isValidNumber(number)
          ? PhoneResult.rejected(PhoneRejectReason.FOREIGN_PHONE)
          : PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
    } catch (NumberParseException e) {
      return PhoneResult.rejected(PhoneRejectReason.INVALID_PHONE);
    }
  }
}
