package io.uptake.generate;

import io.uptake.generate.Country.District;
import io.uptake.generate.InstallRow.Column;
import io.uptake.generate.InstallRow.Corruption;
import io.uptake.generate.InstallRow.Format;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The install-log rows of one subscriber: 1 to 4 events, plus the anonymous and bad rows that
 * ride along with them so that their shares of all rows hold. Everything a subscriber produces
 * comes from its own random stream, so any range of days can be regenerated on its own.
 */
final class InstallEvents {

  /** Where the rows go. */
  interface Sink {
    void accept(int day, Format format, InstallRow row) throws IOException;
  }

  // Shares of all rows: 93% subscriber events, 5% anonymous, 2% bad. Drawn once per event.
  static final double ANONYMOUS_PER_EVENT = 0.05 / 0.93;
  static final double BAD_PER_EVENT = 0.02 / 0.93;
  /** Share of events written with the subscriber's pre-2018 11-digit number. */
  static final double LEGACY_SHARE = 0.03;

  private static final long[] EVENTS_PER_SUBSCRIBER = Rng.cumulative(0, 55, 33, 9, 3); // mean 1.60
  private static final Format[] FORMATS = Format.values();
  private static final long[] FORMAT_WEIGHTS = Rng.cumulative(30, 20, 30, 20);
  private static final String[] APP_VERSIONS = {"1.0.3", "1.1.0", "1.1.2", "1.2.0", "2.0.1"};
  private static final String[] REFERRERS = {"zalo", "facebook", "sms", "qr_poster", "news"};

  private enum Bad { INVALID_PHONE, LANDLINE, FOREIGN_PHONE, BAD_EVENT_TIME, BROKEN_LINE, BLANK_PROVINCE }

  private static final Bad[] BADS = Bad.values();
  // Per cent of bad rows, in Bad order: 0.4 / 0.3 / 0.3 / 0.3 / 0.4 / 0.3 % of all rows.
  private static final long[] BAD_WEIGHTS = Rng.cumulative(20, 15, 15, 15, 20, 15);
  private static final String[] BAD_EVENT_TIMES = {"yesterday", "", "2021-13-45 25:00:00"};

  private final long seed;
  private final LandingTimes times;
  private final CensusTables census;
  private final NameVariants names;
  private final PhoneNumbers phones;
  private final double legacyPerEligibleEvent;

  InstallEvents(long seed, LandingTimes times, CensusTables census, NameVariants names, PhoneNumbers phones) {
    this.seed = seed;
    this.times = times;
    this.census = census;
    this.names = names;
    this.phones = phones;
    this.legacyPerEligibleEvent = LEGACY_SHARE / phones.legacyEligibleShare();
  }

  void emit(long subscriber, Sink sink) throws IOException {
    SplittableRandom r = Rng.stream(seed, 0x53554253L, subscriber);
    String national = phones.subscriber(subscriber);
    String legacy = phones.legacyOf(national);
    String device = uuid(r);
    String platform = r.nextInt(100) < 72 ? "android" : "ios";
    int days = times.days();

    int count = Rng.pick(r, EVENTS_PER_SUBSCRIBER);
    long[] instants = new long[count];
    int[] folders = new int[count];
    for (int j = 0; j < count; j++) {
      folders[j] = r.nextInt(days);
      instants[j] = times.instantOn(folders[j], r);
      if (Rng.perMille(r, 20)) {
        // A late event: it happened 1 to 3 days before the folder it was delivered in.
        instants[j] -= (1 + r.nextInt(3)) * LandingTimes.DAY_MILLIS;
      }
    }
    sortByInstant(instants, folders);

    District where = census.sampleDistrict(r);
    for (int j = 0; j < count; j++) {
      if (j > 0) {
        boolean sameInstant = r.nextInt(100) < 8;
        if (sameInstant) {
          instants[j] = instants[j - 1];
          folders[j] = folders[j - 1];
        }
        int roll = r.nextInt(100);
        // Same-instant repeats move more often, to exercise the "lowest code first" tie-break.
        int stay = sameInstant ? 40 : 78;
        int otherDistrict = sameInstant ? 70 : 90;
        if (roll >= otherDistrict) {
          where = otherProvince(where, r);
        } else if (roll >= stay) {
          where = otherDistrictOfProvince(where, r);
        }
      }
      Format format = pickFormat(r);
      String eventDevice = r.nextInt(10) == 0 ? uuid(r) : device;
      InstallRow row = row(r, format, instants[j], where, eventDevice, platform);
      String phone = legacy != null && r.nextDouble() < legacyPerEligibleEvent
          ? PhoneNumbers.formatLegacy(legacy, r)
          : PhoneNumbers.format(national, r);
      row.set(Column.PHONE, phone);
      sink.accept(folders[j], format, row);

      if (r.nextDouble() < ANONYMOUS_PER_EVENT) {
        int day = r.nextInt(days);
        Format anonymousFormat = pickFormat(r);
        sink.accept(day, anonymousFormat, anonymous(r, anonymousFormat, day));
      }
      if (r.nextDouble() < BAD_PER_EVENT) {
        int day = r.nextInt(days);
        Format badFormat = pickFormat(r);
        sink.accept(day, badFormat, bad(r, badFormat, day, national));
      }
    }
  }

  /** An install without a phone number: kept and counted apart, not an error. */
  private InstallRow anonymous(SplittableRandom r, Format format, int day) {
    InstallRow row = row(r, format, times.instantOn(day, r), census.sampleDistrict(r), uuid(r),
        r.nextInt(100) < 72 ? "android" : "ios");
    row.set(Column.PHONE, missing(r, format));
    return row;
  }

  /** A row the pipeline must quarantine; where a phone is needed it is the subscriber's own. */
  private InstallRow bad(SplittableRandom r, Format format, int day, String national) {
    InstallRow row = row(r, format, times.instantOn(day, r), census.sampleDistrict(r), uuid(r),
        r.nextBoolean() ? "android" : "ios");
    row.set(Column.PHONE, PhoneNumbers.format(national, r));
    switch (BADS[Rng.pick(r, BAD_WEIGHTS)]) {
      case INVALID_PHONE -> row.set(Column.PHONE, PhoneNumbers.invalid(r));
      case LANDLINE -> row.set(Column.PHONE, PhoneNumbers.landline(r));
      case FOREIGN_PHONE -> row.set(Column.PHONE, PhoneNumbers.foreign(r));
      case BAD_EVENT_TIME -> row.set(Column.EVENT_TIME,
          format.json && r.nextInt(4) == 0 ? InstallRow.ABSENT : Rng.oneOf(r, BAD_EVENT_TIMES));
      case BROKEN_LINE -> {
        row.corruption = Corruption.BROKEN;
        row.corruptionRoll = r.nextInt(1 << 20);
      }
      case BLANK_PROVINCE -> row.set(Column.PROVINCE, missing(r, format));
    }
    return row;
  }

  /** A row with everything but the phone; province and district carry their own messiness. */
  private InstallRow row(SplittableRandom r, Format format, long instant, District district, String device,
      String platform) {
    InstallRow row = new InstallRow();
    row.set(Column.EVENT_TIME, times.render(instant, format, r));
    row.set(Column.PROVINCE, Rng.perMille(r, 5)
        ? Rng.oneOf(r, NameVariants.UNKNOWN_PROVINCES)
        : names.province(district.province(), r, false));
    int roll = r.nextInt(1000);
    Object districtValue;
    if (roll < 30) {
      districtValue = missing(r, format);
    } else if (roll < 40) {
      districtValue = Rng.oneOf(r, NameVariants.UNKNOWN_DISTRICTS);
    } else if (names.isAmbiguousWithoutPrefix(district) && r.nextInt(10) < 3) {
      districtValue = names.ambiguousDistrict(district, r);
    } else {
      districtValue = names.district(district, r, false);
    }
    row.set(Column.DISTRICT, districtValue);
    row.set(Column.DEVICE_ID, device);
    row.set(Column.PLATFORM, platform);
    row.set(Column.APP_VERSION, Rng.oneOf(r, APP_VERSIONS));
    if (format.json && Rng.perMille(r, 40)) {
      if (r.nextBoolean()) {
        row.extraKey = "referrer";
        row.extraValue = Rng.oneOf(r, REFERRERS);
      } else {
        row.extraKey = "ab_bucket";
        row.extraValue = (long) r.nextInt(10);
      }
    }
    return row;
  }

  /** A value that is not there: key left out or null (JSON only), empty, or blank. */
  private static Object missing(SplittableRandom r, Format format) {
    int roll = r.nextInt(format.json ? 4 : 2);
    return switch (roll) {
      case 0 -> "";
      case 1 -> "  ";
      case 2 -> InstallRow.ABSENT;
      default -> null;
    };
  }

  private District otherDistrictOfProvince(District current, SplittableRandom r) {
    for (int attempt = 0; attempt < 8; attempt++) {
      District next = census.sampleDistrictIn(current.province(), r);
      if (next != current) {
        return next;
      }
    }
    return current.province().districts().get(0) != current
        ? current.province().districts().get(0)
        : current.province().districts().get(1);
  }

  private District otherProvince(District current, SplittableRandom r) {
    for (int attempt = 0; attempt < 8; attempt++) {
      District next = census.sampleDistrict(r);
      if (next.province() != current.province()) {
        return next;
      }
    }
    return current;
  }

  private static Format pickFormat(SplittableRandom r) {
    return FORMATS[Rng.pick(r, FORMAT_WEIGHTS)];
  }

  private static String uuid(SplittableRandom r) {
    String h = Rng.hex(r, 32);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
        + h.substring(16, 20) + "-" + h.substring(20);
  }

  private static void sortByInstant(long[] instants, int[] folders) {
    for (int i = 1; i < instants.length; i++) {
      for (int j = i; j > 0 && instants[j] < instants[j - 1]; j--) {
        long t = instants[j];
        instants[j] = instants[j - 1];
        instants[j - 1] = t;
        int f = folders[j];
        folders[j] = folders[j - 1];
        folders[j - 1] = f;
      }
    }
  }
}
