package io.uptake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The number formats of the published tables: exact half-up percentages and Vietnamese grouping. */
class PublishedNumbersTest {

  @ParameterizedTest(name = "[{index}] {0} / {1} → {2}%")
  @CsvSource(delimiter = '|', textBlock = """
      1075   | 10000   | 10.75
      1      | 8       | 12.50
      12925  | 100000  | 12.93
      12924  | 100000  | 12.92
      1      | 800     | 0.13
      1      | 3       | 33.33
      2      | 3       | 66.67
      5      | 1000000 | 0.00
      0      | 128863  | 0.00
      128863 | 128863  | 100.00
      3      | 2       | 150.00
      """)
  void percentIsRoundedHalfUpToTwoDecimals(long phones, long denominator, String expected) {
    BigDecimal percent = PublishedNumbers.percent(phones, denominator);

    // equals, not compareTo: the scale is part of the contract ("12.50", not "12.5").
    assertThat(percent).isEqualTo(new BigDecimal(expected));
    assertThat(percent.toPlainString()).isEqualTo(expected);
  }

  @Test
  void percentIsNullWithoutADenominator() {
    assertThat(PublishedNumbers.percent(10, null)).isNull();
    assertThat(PublishedNumbers.percent(10, 0L)).isNull();
    assertThat(PublishedNumbers.percent(0, 0L)).isNull();
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      101378     | 101.378
      0          | 0
      7          | 7
      999        | 999
      1000       | 1.000
      128863     | 128.863
      1234567    | 1.234.567
      8993082    | 8.993.082
      96208984   | 96.208.984
      -1234      | -1.234
      """)
  void vietnameseIntegerGroupsThousandsWithDots(long n, String expected) {
    assertThat(PublishedNumbers.vietnameseInteger(n)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      12.92   | 12,92%
      10.75   | 10,75%
      12.50   | 12,50%
      0.00    | 0,00%
      0.05    | 0,05%
      100.00  | 100,00%
      """)
  void vietnamesePercentUsesADecimalComma(String percent, String expected) {
    assertThat(PublishedNumbers.vietnamesePercent(new BigDecimal(percent))).isEqualTo(expected);
  }

  @Test
  void vietnamesePercentOfAComputedShare() {
    assertThat(PublishedNumbers.vietnamesePercent(PublishedNumbers.percent(1292, 10000L))).isEqualTo("12,92%");
  }
}
