package io.uptake.generate;

import io.uptake.generate.InstallRow.Format;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Event instants over the landing days and the forms they are written in (the pipeline reads them
 * back with {@code transform.EventTimes}).
 */
final class LandingTimes {

  static final long DAY_MILLIS = 86_400_000L;
  static final LocalTime CUTOFF_TIME = LocalTime.of(17, 0);

  /** Installs by hour of day, local time: quiet at night, busy by day and in the evening. */
  private static final long[] HOURS = Rng.cumulative(
      1, 1, 1, 1, 1, 2, 4, 6, 8, 8, 8, 8, 7, 7, 8, 8, 8, 8, 9, 9, 8, 6, 4, 2);

  private enum Form { OFFSET, ZULU, LOCAL_SPACE, LOCAL_T, EPOCH_NUMBER, EPOCH_STRING }

  private static final Form[] FORMS = Form.values();
  // Per cent, in Form order; CSV has no JSON numbers.
  private static final long[] JSON_FORMS = Rng.cumulative(28, 14, 22, 10, 16, 10);
  private static final long[] CSV_FORMS = Rng.cumulative(30, 15, 28, 12, 0, 15);

  private final LocalDate endDate;
  private final int days;
  private final ZoneId zone;

  LandingTimes(LocalDate endDate, int days, ZoneId zone) {
    this.endDate = endDate;
    this.days = days;
    this.zone = zone;
  }

  LocalDate date(int dayIndex) {
    return endDate.minusDays(days - 1L - dayIndex);
  }

  int days() {
    return days;
  }

  /**
   * An instant on the folder's day. On the last day 0.5% fall exactly on the 17:00 cut-off and 3%
   * after it; the rest are before. One in ten instants carries milliseconds.
   */
  long instantOn(int dayIndex, SplittableRandom r) {
    int millis = r.nextInt(10) == 0 ? 1 + r.nextInt(999) : 0;
    int secondOfDay;
    int cutoff = CUTOFF_TIME.toSecondOfDay();
    if (dayIndex == days - 1) {
      int roll = r.nextInt(1000);
      if (roll < 5) {
        secondOfDay = cutoff;
        millis = 0;
      } else if (roll < 35) {
        secondOfDay = cutoff + 1 + r.nextInt(86_399 - cutoff);
      } else {
        secondOfDay = Rng.pick(r, HOURS, 17) * 3600 + r.nextInt(3600);
      }
    } else {
      secondOfDay = Rng.pick(r, HOURS) * 3600 + r.nextInt(3600);
    }
    LocalDateTime local = LocalDateTime.of(date(dayIndex), LocalTime.ofSecondOfDay(secondOfDay));
    return local.atZone(zone).toInstant().toEpochMilli() + millis;
  }

  /** The instant in one of the accepted forms: a String, or a Long for a JSON number. */
  Object render(long epochMillis, Format format, SplittableRandom r) {
    Form form = FORMS[Rng.pick(r, format.json ? JSON_FORMS : CSV_FORMS)];
    Instant instant = Instant.ofEpochMilli(epochMillis);
    return switch (form) {
      case OFFSET -> {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        yield iso(LocalDateTime.ofInstant(instant, offset), 'T') + offset.getId();
      }
      case ZULU -> iso(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), 'T') + "Z";
      case LOCAL_SPACE -> iso(LocalDateTime.ofInstant(instant, zone), ' ');
      case LOCAL_T -> iso(LocalDateTime.ofInstant(instant, zone), 'T');
      case EPOCH_NUMBER -> epochMillis;
      case EPOCH_STRING -> Long.toString(epochMillis);
    };
  }

  private static String iso(LocalDateTime t, char separator) {
    StringBuilder sb = new StringBuilder(23);
    sb.append(t.getYear()).append('-');
    pad2(sb, t.getMonthValue()).append('-');
    pad2(sb, t.getDayOfMonth()).append(separator);
    pad2(sb, t.getHour()).append(':');
    pad2(sb, t.getMinute()).append(':');
    pad2(sb, t.getSecond());
    int millis = t.getNano() / 1_000_000;
    if (millis != 0) {
      sb.append('.');
      if (millis < 100) {
        sb.append('0');
      }
      pad2(sb, millis);
    }
    return sb.toString();
  }

  private static StringBuilder pad2(StringBuilder sb, int value) {
    if (value < 10) {
      sb.append('0');
    }
    return sb.append(value);
  }
}
