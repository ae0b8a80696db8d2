package io.uptake.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Phone values as people type them, and what each one canonicalizes to. */
class PhoneCanonicalizerTest {

  private static final PhoneCanonicalizer CANONICALIZER = PhoneCanonicalizer.withBundledPrefixes();
  private static final String NBSP = "\u00A0";
  private static final String CONVERSION_TABLE = "/reference/vn_mobile_prefix_conversion_2018.csv";

  @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # the four ways to write the country or trunk prefix
      +84912345678          | +84912345678
      84912345678           | +84912345678
      0084912345678         | +84912345678
      0912345678            | +84912345678
      # the 9-digit national number without its trunk 0
      912345678             | +84912345678
      # separators
      0912 345 678          | +84912345678
      +84 912 345 678       | +84912345678
      84 912 345 678        | +84912345678
      0084 912 345 678      | +84912345678
      0912.345.678          | +84912345678
      0912-345-678          | +84912345678
      +84-912-345-678       | +84912345678
      (091) 234 5678        | +84912345678
      (+84) 912 345 678     | +84912345678
      +84 (0) 912 345 678   | +84912345678
      +84 (0)912.345.678    | +84912345678
      +840912345678         | +84912345678
      ' 0912 345 678 '      | +84912345678
      # 84 + 9 digits is a country code; a 9-digit national number may itself start with 84
      842345678             | +84842345678
      0842345678            | +84842345678
      84842345678           | +84842345678
      +84842345678          | +84842345678
      0084842345678         | +84842345678
      849123456             | +84849123456
      84849123456           | +84849123456
      # current prefixes of each carrier
      0862345678            | +84862345678
      0362345678            | +84362345678
      0702345678            | +84702345678
      0772345678            | +84772345678
      0832345678            | +84832345678
      0562345678            | +84562345678
      0592345678            | +84592345678
      # legacy 11-digit numbers, however they are prefixed
      0166 234 5678         | +84362345678
      01662345678           | +84362345678
      +84 166 234 5678      | +84362345678
      +84 (0) 166 234 5678  | +84362345678
      84 166 234 5678       | +84362345678
      0084 166 234 5678     | +84362345678
      166 234 5678          | +84362345678
      0124.234.5678         | +84842345678
      84 124 234 5678       | +84842345678
      """)
  void canonicalizesValidMobileNumbers(String raw, String e164) {
    PhoneResult result = CANONICALIZER.canonicalize(raw);

    assertThat(result.isValid()).isTrue();
    assertThat(result.isAbsent()).isFalse();
    assertThat(result.e164()).isEqualTo(e164);
    assertThat(result.reason()).isNull();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("spacesAndFullWidthDigits")
  void canonicalizesUnicodeSpacesAndDigits(String raw) {
    assertThat(CANONICALIZER.canonicalize(raw).e164()).isEqualTo("+84912345678");
  }

  static Stream<String> spacesAndFullWidthDigits() {
    return Stream.of(
        "0912" + NBSP + "345" + NBSP + "678",
        "+84" + NBSP + "912" + NBSP + "345" + NBSP + "678",
        "0912\u202F345\u202F678", // narrow no-break space
        "0912\u2009345\u2009678", // thin space
        "0912\t345\t678",
        NBSP + "0912345678" + NBSP,
        "０９１２３４５６７８", // full-width digits
        "＋８４ ９１２ ３４５ ６７８");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("legacyNumbersOfEveryConvertedPrefix")
  void convertsEveryLegacyPrefixOfThe2018Table(String raw, String e164) {
    assertThat(CANONICALIZER.canonicalize(raw).e164()).as(raw).isEqualTo(e164);
  }

  /** Four spellings of one legacy number per row of the conversion table (0166 234 5678 → +84 36 234 5678). */
  static Stream<Arguments> legacyNumbersOfEveryConvertedPrefix() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    List<String[]> rows = conversionTable();
    assertThat(rows).hasSize(21);
    for (String[] row : rows) {
      String legacy = row[1].substring(1); // "166"
      String current = row[2].substring(1); // "36"
      String e164 = "+84" + current + "2345678";
      cases.add(Arguments.of("0" + legacy + " 234 5678", e164));
      cases.add(Arguments.of("+84 " + legacy + " 234 5678", e164));
      cases.add(Arguments.of("84 " + legacy + " 234 5678", e164));
      cases.add(Arguments.of(legacy + " 234 5678", e164));
    }
    return cases.stream();
  }

  private static List<String[]> conversionTable() throws IOException {
    try (InputStream in = PhoneCanonicalizerTest.class.getResourceAsStream(CONVERSION_TABLE)) {
      assertThat(in).as(CONVERSION_TABLE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .skip(1)
          .filter(line -> !line.isBlank())
          .map(line -> line.strip().split(","))
          .toList();
    }
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # landlines of Hà Nội and Hồ Chí Minh City, however prefixed
      024 3825 3456         | NOT_VN_MOBILE
      028 3829 1234         | NOT_VN_MOBILE
      +84 24 3825 3456      | NOT_VN_MOBILE
      84 28 3829 1234       | NOT_VN_MOBILE
      (028) 3829-1234       | NOT_VN_MOBILE
      # valid numbers of other countries
      +1 650 253 0000       | FOREIGN_PHONE
      +44 20 7946 0958      | FOREIGN_PHONE
      001 650 253 0000      | FOREIGN_PHONE
      0044 20 7946 0958     | FOREIGN_PHONE
      # not a phone number
      12345                 | INVALID_PHONE
      abc                   | INVALID_PHONE
      0912abc678            | INVALID_PHONE
      0912 345 67           | INVALID_PHONE
      0912345678901         | INVALID_PHONE
      +84                   | INVALID_PHONE
      +                     | INVALID_PHONE
      ++84912345678         | INVALID_PHONE
      0                     | INVALID_PHONE
      00                    | INVALID_PHONE
      0000000000            | INVALID_PHONE
      +1 234                | INVALID_PHONE
      # 11-digit numbers with a prefix that was never converted
      0111 234 5678         | INVALID_PHONE
      """)
  void rejectsWithReason(String raw, PhoneRejectReason reason) {
    PhoneResult result = CANONICALIZER.canonicalize(raw);

    assertThat(result.reason()).isEqualTo(reason);
    assertThat(result.isValid()).isFalse();
    assertThat(result.isAbsent()).isFalse();
    assertThat(result.e164()).isNull();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullSource
  @ValueSource(strings = {"", "   ", "\u00A0", "\t", " \u00A0 "})
  void treatsMissingOrBlankAsAbsent(String raw) {
    PhoneResult result = CANONICALIZER.canonicalize(raw);

    assertThat(result.isAbsent()).isTrue();
    assertThat(result.isValid()).isFalse();
    assertThat(result.e164()).isNull();
    assertThat(result.reason()).isNull();
  }

  @Test
  void rejectionReasonsHaveQuarantineCodes() {
    assertThat(PhoneRejectReason.INVALID_PHONE.code()).isEqualTo("invalid_phone");
    assertThat(PhoneRejectReason.FOREIGN_PHONE.code()).isEqualTo("foreign_phone");
    assertThat(PhoneRejectReason.NOT_VN_MOBILE.code()).isEqualTo("not_vn_mobile");
  }

  @Test
  void toStringOfValidResultNeverShowsTheNumber() {
    PhoneResult result = CANONICALIZER.canonicalize("0912 345 678");

    assertThat(result.isValid()).isTrue();
    assertThat(result.toString())
        .doesNotContain("912345678")
        .doesNotContain("+84")
        .doesNotContainPattern("\\d{3}");
  }
}
