package io.uptake.phone;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masked forms of raw values for display: enough to recognise a feed's fault, never enough to
 * identify a person. A phone field's value keeps only its first two and last two digits, and its
 * layout ({@code 0912 345 678} → {@code 09xx xxx x78}; {@code 09123a45678} → {@code 09xxxaxxx78}: a
 * typo does not make it any less someone's number). In other text (a broken line, a bad time),
 * every run of nine or more digits is masked the same way. Nine is the shortest Vietnamese mobile
 * without its prefix; shorter runs (codes, a date's eight digits, a time) are left alone. Digits
 * are any script's; white space (no-break spaces included), punctuation and JSON's escapes (backslash, u, four hex digits)
 * escapes between digits are part of the run.
 */
public final class PhoneMask {
  private PhoneMask() {}

  private static final Pattern ESCAPE = Pattern.compile("\\\\u[0-9a-fA-F]{4}");
  private static final String SEPARATOR = "(?:[\\p{Z}\\s\\p{P}&&[^\"'{}\\[\\]:;]]|\\\\u[0-9a-fA-F]{4})";
  private static final Pattern DIGIT_RUN = Pattern.compile("\\p{Nd}(?:" + SEPARATOR + "*\\p{Nd}){8,}");

  /** The masked form of a phone field's raw value (null stays null). */
  public static String maskPhone(String raw) {
    return raw == null ? null : maskRun(raw);
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
    // The hex digits of a JSON escape (backslash, u, four hex digits) are not the number's: escapes are kept whole, uncounted.
    int digits = (int) ESCAPE.matcher(run).replaceAll("").chars().filter(Character::isDigit).count();
    Matcher escape = ESCAPE.matcher(run);
    StringBuilder b = new StringBuilder(run.length());
    int seen = 0;
    for (int i = 0; i < run.length(); ) {
      if (run.charAt(i) == '\\' && escape.region(i, run.length()).lookingAt()) {
        b.append(escape.group());
        i = escape.end();
        continue;
      }
      char c = run.charAt(i++);
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
