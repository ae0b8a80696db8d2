package io.uptake.transform;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The accepted event-time forms, parsed by hand: a per-row regular expression cost about ten
 * matches a row, and this runs on every input row. Spark-free; {@link EventTimes} is the column
 * adapter. Accepted, after trimming edge white space of any kind ({@link #isEdgeSpace}):
 * <ul>
 *   <li>{@code yyyy-MM-dd[Tt ]HH:mm[:ss[(.|,)f{1,9}]][ ][offset]}: hours 00-23, minutes and seconds 00-59
 *       (a leap second is not rolled over), fractions truncated to microseconds; offset {@code Z},
 *       {@code ±hh}, {@code ±hhmm}, {@code ±hh:mm} within ±18:00, {@code T} and {@code Z} in
 *       either case; without an offset the local time is read in the configured zone;</li>
 *   <li>13 ASCII digits: epoch milliseconds (2001-09-09 to 2286; fewer digits are more likely
 *       epoch seconds or a date, which would land in 1970 and decide an attribution).</li>
 * </ul>
 * Impossible dates (February 30, month 13) are not times. Anything else: not a time.
 */
public final class EventTimeParser implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Returned for a value that is not one of the accepted forms. */
  public static final long NOT_A_TIME = Long.MIN_VALUE;

  private final ZoneId zone;

  public EventTimeParser(ZoneId zone) {
    this.zone = zone;
  }

  /** Microseconds since the epoch of the instant {@code raw} names, or {@link #NOT_A_TIME}. */
  public long parseMicros(String raw) {
    if (raw == null) {
      return NOT_A_TIME;
    }
    int start = 0;
    int end = raw.length();
    while (start < end && isEdgeSpace(raw.charAt(start))) {
      start++;
    }
    while (end > start && isEdgeSpace(raw.charAt(end - 1))) {
      end--;
    }
    int n = end - start;
    if (n == 13 && allDigits(raw, start, end)) {
      return Math.multiplyExact(Long.parseLong(raw, start, end, 10), 1000L);
    }
    return iso(raw, start, end);
  }

  /** White space as the cleaning rules trim it: Java's {@code \s}, Unicode separators, and U+FEFF. */
  public static boolean isEdgeSpace(char c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == '\uFEFF') {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** Null, empty, or only edge white space. */
  public static boolean isBlank(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isEdgeSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private long iso(String s, int start, int end) {
    // yyyy-MM-ddTHH:mm is 16 characters.
    if (end - start < 16) {
      return NOT_A_TIME;
    }
    int i = start;
    int year = digits(s, i, 4);
    int month = digits(s, i + 5, 2);
    int day = digits(s, i + 8, 2);
    char t = s.charAt(i + 10);
    int hour = digits(s, i + 11, 2);
    int minute = digits(s, i + 14, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-'
        || (t != 'T' && t != 't' && t != ' ') || s.charAt(i + 13) != ':' || hour > 23 || minute > 59) {
      return NOT_A_TIME;
    }
    i += 16;
    int second = 0;
    int micros = 0;
    if (i < end && s.charAt(i) == ':') {
      second = i + 3 <= end ? digits(s, i + 1, 2) : -1;
      if (second < 0 || second > 59) {
        return NOT_A_TIME;
      }
      i += 3;
      if (i < end && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        int f = i + 1;
        int digitsEnd = f;
        while (digitsEnd < end && isDigit(s.charAt(digitsEnd))) {
          digitsEnd++;
        }
        int count = digitsEnd - f;
        if (count < 1 || count > 9) {
          return NOT_A_TIME;
        }
        for (int k = 0; k < 6; k++) {
          micros = micros * 10 + (k < count ? s.charAt(f + k) - '0' : 0);
        }
        i = digitsEnd;
      }
    }
    if (i < end && s.charAt(i) == ' ') {
      i++;
      if (i == end) {
        return NOT_A_TIME; // a space must introduce an offset
      }
    }
    ZoneId at = zone;
    if (i < end) {
      ZoneOffset offset = offset(s, i, end);
      if (offset == null) {
        return NOT_A_TIME;
      }
      at = offset;
    }
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
      long epochSecond = local.atZone(at).toEpochSecond();
      return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), micros);
    } catch (DateTimeException | ArithmeticException e) {
      return NOT_A_TIME;
    }
  }

  /** {@code Z}, {@code ±hh}, {@code ±hhmm} or {@code ±hh:mm} within ±18:00, to the end of the value. */
  private static ZoneOffset offset(String s, int i, int end) {
    char c = s.charAt(i);
    if (c == 'Z' || c == 'z') {
      return i + 1 == end ? ZoneOffset.UTC : null;
    }
    if (c != '+' && c != '-') {
      return null;
    }
    int len = end - i - 1;
    int hours = len >= 2 ? digits(s, i + 1, 2) : -1;
    int minutes;
    if (len == 2) {
      minutes = 0;
    } else if (len == 4) {
      minutes = digits(s, i + 3, 2);
    } else if (len == 5 && s.charAt(i + 3) == ':') {
      minutes = digits(s, i + 4, 2);
    } else {
      return null;
    }
    if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || (hours == 18 && minutes != 0)) {
      return null;
    }
    int total = hours * 3600 + minutes * 60;
    return ZoneOffset.ofTotalSeconds(c == '-' ? -total : total);
  }

  /** The non-negative number of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
