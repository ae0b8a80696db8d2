package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import java.time.ZoneId;
import org.apache.spark.sql.Column;

/**
 * Parses event times with Spark built-ins: ISO-8601 with an offset or Z; a local date-time
 * (space or T) read in the configured zone; or epoch milliseconds. Anything else is null.
 */
public final class EventTimes {
  private EventTimes() {}

  // Hours 00-23, minutes and seconds 00-59: make_timestamp would roll 16:59:60 over to 17:00:00.
  // Fractions of any length, kept to microseconds (Spark's precision) by truncation, not rounding.
  // Offsets Z, ±hh, ±hhmm, ±hh:mm within ±18:00 (beyond, make_timestamp throws instead of null),
  // optionally after a space; T and Z in either case.
  static final String ISO = "^(\\d{4})-(\\d{2})-(\\d{2})[Tt ]([01]\\d|2[0-3]):([0-5]\\d)"
      + "(?::([0-5]\\d)(?:[.,](\\d{1,9}))?)?"
      + " ?([Zz]|[+-](?:(?:0\\d|1[0-7])(?::?[0-5]\\d)?|18(?::?00)?))?$";
  // 13 digits: epoch milliseconds from 2001-09-09 to 2286. Fewer digits are more likely epoch
  // seconds or a date (20210506), which would otherwise land in 1970 and decide an attribution.
  static final String EPOCH_MILLIS = "^\\d{13}$";

  /** The instant a raw event time names, or null when it is not one of the accepted forms. */
  public static Column parse(Column raw, ZoneId zone) {
    Column s = Text.trimAll(raw);
    Column wholeSeconds = regexp_extract(s, ISO, 6);
    Column fraction = substring(regexp_extract(s, ISO, 7), 1, 6);
    Column seconds = concat(when(wholeSeconds.equalTo(""), lit("0")).otherwise(wholeSeconds), lit("."), fraction, lit("0"));
    Column offset = upper(regexp_extract(s, ISO, 8));
    // make_timestamp is null for impossible dates (Feb 30, month 13) with ANSI mode off, as the job sets it.
    Column isoInstant = call_function("make_timestamp",
        regexp_extract(s, ISO, 1).cast("int"),
        regexp_extract(s, ISO, 2).cast("int"),
        regexp_extract(s, ISO, 3).cast("int"),
        regexp_extract(s, ISO, 4).cast("int"),
        regexp_extract(s, ISO, 5).cast("int"),
        seconds.cast("decimal(8,6)"),
        when(offset.equalTo(""), lit(zone.getId())).otherwise(offset));
    return when(s.rlike(EPOCH_MILLIS), call_function("timestamp_millis", s.cast("long")))
        .when(s.rlike(ISO), isoInstant);
  }
}
