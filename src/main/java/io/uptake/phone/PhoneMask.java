package io.uptake.phone;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masked forms of raw values for display: enough to recognise a feed's fault, never enough to
 * identify a person. A phone field's value shows its first two and last two national digits in
 * E.164 layout when it is a valid Vietnamese mobile ({@code +84 91x xxx x78}), and otherwise keeps
 * only its first two and last two digits whatever lies between them ({@code 09123a45678} →
 * {@code 09xxxaxxx78}). In any other text (a broken line), every run of nine or more digits
 * (spaces, dots, dashes, slashes and parentheses between them allowed) keeps only its first two and
 * last two digits. Nine digits is the shortest Vietnamese mobile without its prefix; shorter runs
 * (codes, a date's eight digits, a time) are left alone.
 */
public final class PhoneMask implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ .\\-/()]*\\d){8,}");

  private final PhoneCanonicalizer phones;

  public PhoneMask(PhoneCanonicalizer phones) {
    this.phones = phones;
  }

  /** The masked form of a phone field's raw value (null stays null). */
  public String mask(String raw) {
    if (raw == null) {
      return null;
    }
    PhoneResult r = phones.canonicalize(raw);
    if (r.isValid()) {
      String n = r.e164().substring(3);
      return "+84 " + n.substring(0, 2) + "x xxx x" + n.substring(7);
    }
    // Letters or stray signs among the digits (a typo) do not make it any less someone's number.
    return maskRun(raw);
  }

  /** Text with every phone-like digit run masked down to its first two and last two digits. */
  public static String maskText(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DIGIT_RUN.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(maskRun(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Keeps the first two and last two digits, and everything that is not a digit. */
  private static String maskRun(String run) {
    int digits = (int) run.chars().filter(Character::isDigit).count();
    StringBuilder b = new StringBuilder(run.length());
    int seen = 0;
    for (char c : run.toCharArray()) {
      if (Character.isDigit(c)) {
        seen++;
        b.append(seen <= 2 || seen > digits - 2 ? c : 'x');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
