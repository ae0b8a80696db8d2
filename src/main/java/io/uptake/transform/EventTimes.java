package io.uptake.transform;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.udf;

import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Event times as columns: the forms {@link EventTimeParser} accepts, as a timestamp; anything else
 * is null. The parser returns epoch microseconds and {@code timestamp_micros} makes the timestamp,
 * so no {@code java.sql.Timestamp} (and its calendar rebasing) sits between them.
 */
public final class EventTimes {
  private EventTimes() {}

  /** The instant a raw event time names, or null when it is not one of the accepted forms. */
  public static Column parse(Column raw, ZoneId zone) {
    EventTimeParser parser = new EventTimeParser(zone);
    UDF1<String, Long> micros = s -> {
      long m = parser.parseMicros(s);
      return m == EventTimeParser.NOT_A_TIME ? null : m;
    };
    return call_function("timestamp_micros", udf(micros, DataTypes.LongType).withName("event_time_micros").apply(raw));
  }

  /** Whether a value is missing: null, empty, or white space only (of any kind). */
  public static Column isBlank(Column value) {
    UDF1<String, Boolean> blank = EventTimeParser::isBlank;
    return udf(blank, DataTypes.BooleanType).withName("is_blank").apply(value);
  }
}
