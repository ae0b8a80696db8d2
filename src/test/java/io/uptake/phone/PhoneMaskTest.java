package io.uptake.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneMaskTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "0912 345 678|09xx xxx x78",
      "+84 (0) 912-345-678|+84 (x) xxx-xxx-x78",
      "0166 234 5678|01xx xxx xx78",
      "+1 650 253 0000|+1 6xx xxx xx00",
      "09123a45678|09xxxaxxx78",                 // a typo does not make it any less someone's number
      "12345|12x45",
      "yesterday|yesterday"})
  void aPhoneFieldKeepsItsFirstTwoAndLastTwoDigits(String raw, String masked) {
    assertThat(PhoneMask.maskPhone(raw)).isEqualTo(masked);
    assertThat(PhoneMask.maskPhone(null)).isNull();
  }

  @Test
  void aRawLineKeepsItsShapeAndLosesItsNumbers() {
    assertThat(PhoneMask.maskText("{\"event_time\": \"2021-05-06T09:00:00Z\", \"phone\": \"0912.345.678\", \"province\": \"08\""))
        .isEqualTo("{\"event_time\": \"2021-05-06T09:00:00Z\", \"phone\": \"09xx.xxx.x78\", \"province\": \"08\"");
    assertThat(PhoneMask.maskText("2021-05-06 and 12345678")).as("dates and short runs stay").isEqualTo("2021-05-06 and 12345678");
    assertThat(PhoneMask.maskText("{\"phone\":\"0912\\u00a0345\\u00a0678\"}")).as("JSON escapes between the digits")
        .isEqualTo("{\"phone\":\"09xx\\u00a0xxx\\u00a0x78\"}");
    assertThat(PhoneMask.maskText("08,0912\u00A0345\u00A0678,072")).isEqualTo("08,xxxx\u00A0xxx\u00A0xxx,x72");
    assertThat(PhoneMask.maskText("\uFF10\uFF19\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18"))
        .as("full-width digits").isEqualTo("\uFF10\uFF19xxxxxx\uFF17\uFF18");
  }

  /** Whatever the layout, no masked value or line shows more than four digits of a number. */
  @Test
  void noMaskedValueShowsMoreThanFourDigitsOfANumber() {
    Random r = new Random(20210506L);
    String[] separators = {"", " ", ".", "-", "(", ")", "/", "  ", "\u00A0", "\t", ",", "_", "\\u00a0", "\u202F"};
    for (int i = 0; i < 5000; i++) {
      StringBuilder raw = new StringBuilder(r.nextBoolean() ? "+84" : "0");
      int digits = 8 + r.nextInt(6);
      for (int d = 0; d < digits; d++) {
        raw.append(separators[r.nextInt(separators.length)]).append((char) ('0' + r.nextInt(10)));
      }
      String number = raw.toString();
      for (String shown : new String[] {PhoneMask.maskPhone(number),
          PhoneMask.maskText("{\"event_time\":\"2021-05-06\",\"phone\":\"" + number + "\",\"province\":\"08\"}")}) {
        String digitsShown = shown.replaceAll("\\\\u[0-9a-fA-F]{4}", "").replace("2021-05-06", "").replace("\"08\"", "")
            .replaceAll("\\D", "");
        assertThat(digitsShown.length()).as("%s → %s", number, shown).isLessThanOrEqualTo(4);
      }
    }
  }
}
