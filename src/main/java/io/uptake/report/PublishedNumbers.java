package io.uptake.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Number formats of the published tables. Percentages are computed exactly from the integers. */
public final class PublishedNumbers {
  private PublishedNumbers() {}

  /** phones / denominator × 100, rounded half-up to 2 decimals; null when the denominator is missing or 0. */
  public static BigDecimal percent(long phones, Long denominator) {
    if (denominator == null || denominator == 0) {
      return null;
    }
    return BigDecimal.valueOf(phones).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
  }

  /** Vietnamese grouping: 101378 → "101.378". */
  public static String vietnameseInteger(long n) {
    String digits = BigInteger.valueOf(Math.abs(n)).toString();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        b.append('.');
      }
      b.append(digits.charAt(i));
    }
    return (n < 0 ? "-" : "") + b;
  }

  /** 12.92 → "12,92%". */
  public static String vietnamesePercent(BigDecimal percent) {
    return percent.toPlainString().replace('.', ',') + "%";
  }
}
