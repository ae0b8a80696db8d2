package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import java.time.ZoneId;
import org.apache.spark.sql.Column;

/** The event-time rule as regular expressions and Spark built-ins: a test oracle for {@link EventTimeParser}. */
final class RegexEventTimes {
  private RegexEventTimes() {}

  private static final String EDGE_SPACE = "^[\\s\\p{Z}\\x{FEFF}]+|[\\s\\p{Z}\\x{FEFF}]+$";
  static final String ISO = "^(\\d{4})-(\\d{2})-(\\d{2})[Tt ]([01]\\d|2[0-3]):([0-5]\\d)"
      + "(?::([0-5]\\d)(?:[.,](\\d{1,9}))?)?"
      + " ?([Zz]|[+-](?:(?:0\\d|1[0-7])(?::?[0-5]\\d)?|18(?::?00)?))?$";
  static final String EPOCH_MILLIS = "^\\d{13}$";

  static Column parse(Column raw, ZoneId zone) {
    Column s = regexp_replace(raw, EDGE_SPACE, "");
    Column wholeSeconds = regexp_extract(s, ISO, 6);
    Column fraction = substring(regexp_extract(s, ISO, 7), 1, 6);
    Column seconds = concat(when(wholeSeconds.equalTo(""), lit("0")).otherwise(wholeSeconds), lit("."), fraction, lit("0"));
    Column offset = upper(regexp_extract(s, ISO, 8));
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
