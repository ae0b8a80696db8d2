package io.uptake.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneMaskTest {
  private static final PhoneMask MASK = new PhoneMask(PhoneCanonicalizer.withBundledPrefixes());

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "0912 345 678|+84 91x xxx x78",
      "+84 (0) 912-345-678|+84 91x xxx x78",
      "84912345678|+84 91x xxx x78",
      "0166 234 5678|+84 36x xxx x78",          // legacy 11 digits: shown as its successor
      "+1 650 253 0000|+1 6xx xxx xx00",         // foreign: first two digits and last two kept
      "09123a45678|09xxxaxxx78",                 // a typo does not make it any less someone's number
      "024 3825 3456|02x xxxx xx56",             // a landline
      "091234567|09xxxxx67",                     // one digit short: still masked
      "12345|12x45",
      "yesterday|yesterday"})
  void valuesAreMaskedForDisplay(String raw, String masked) {
    assertThat(MASK.mask(raw)).isEqualTo(masked);
  }

  @Test
  void aRawLineKeepsItsShapeAndLosesItsNumbers() {
    assertThat(PhoneMask.maskText("2021-05-06 and 12345678")).as("dates and short runs stay").isEqualTo("2021-05-06 and 12345678");
    assertThat(PhoneMask.maskText("{\"event_time\": \"2021-05-06T09:00:00Z\", \"phone\": \"0912.345.678\", \"province\": \"08\""))
        .isEqualTo("{\"event_time\": \"2021-05-06T09:00:00Z\", \"phone\": \"09xx.xxx.x78\", \"province\": \"08\"");
    assertThat(MASK.mask(null)).isNull();
  }

  /** Whatever the layout, no masked value shows more than four digits of a number. */
  @Test
  void noMaskedValueShowsMoreThanFourDigitsOfANumber() {
    Random r = new Random(20210506L);
    String[] separators = {"", " ", ".", "-", "(", ")", "/", "  "};
    for (int i = 0; i < 5000; i++) {
      StringBuilder raw = new StringBuilder(r.nextBoolean() ? "+84" : "0");
      int digits = 9 + r.nextInt(5);
      for (int d = 0; d < digits; d++) {
        raw.append(separators[r.nextInt(separators.length)]).append((char) ('0' + r.nextInt(10)));
      }
      String shown = MASK.mask(raw.toString()).replaceAll("^\\+84 ", "");
      assertThat(shown.chars().filter(Character::isDigit).count()).as("%s → %s", raw, shown).isLessThanOrEqualTo(4);
    }
  }
}
