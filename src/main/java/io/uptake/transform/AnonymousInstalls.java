package io.uptake.transform;

import static org.apache.spark.sql.functions.col;

import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Accepted events → {@code silver/anonymous_installs}: installs without a phone, one row each (they
 * cannot be deduplicated), with where and when, so any cut-off can count them.
 */
public final class AnonymousInstalls {
  private AnonymousInstalls() {}

  public static final String SOURCE_FILE = BronzeInstalls.SOURCE_FILE;
  public static final String LINE_NUMBER = BronzeInstalls.LINE_NUMBER;
  public static final String EVENT_TIME = CleanEvents.EVENT_TIME;
  public static final String PROVINCE_CODE = CleanEvents.PROVINCE_CODE;
  public static final String DISTRICT_CODE = CleanEvents.DISTRICT_CODE;

  public static Dataset<Row> rows(Dataset<Row> acceptedEvents) {
    return CountedEvents.anonymous(acceptedEvents)
        .select(col(SOURCE_FILE), col(LINE_NUMBER), col(EVENT_TIME), col(PROVINCE_CODE), col(DISTRICT_CODE));
  }
}
