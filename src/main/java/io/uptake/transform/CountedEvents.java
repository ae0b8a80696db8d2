package io.uptake.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.uptake.schema.CleanEvents;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Clean events → the ones that count as of a cut-off: accepted, and at or before the cut-off. */
public final class CountedEvents {
  private CountedEvents() {}

  /** Clean events → the accepted ones, whenever they happened. */
  public static Dataset<Row> accepted(Dataset<Row> cleanEvents) {
    return cleanEvents.where(col(CleanEvents.REJECT_REASON).isNull());
  }

  public static Dataset<Row> asOf(Dataset<Row> cleanEvents, Timestamp cutoff) {
    Column accepted = col(CleanEvents.REJECT_REASON).isNull();
    Column notAfterCutoff = col(CleanEvents.EVENT_TIME).leq(lit(cutoff));
    return cleanEvents.where(accepted.and(notAfterCutoff));
  }

  /** Events that carry a phone: what deduplication works on. */
  public static Dataset<Row> withPhone(Dataset<Row> counted) {
    return counted.where(col(CleanEvents.PHONE_KEY).isNotNull());
  }

  /** Events without a phone: anonymous installs. */
  public static Dataset<Row> anonymous(Dataset<Row> counted) {
    return counted.where(col(CleanEvents.PHONE_KEY).isNull());
  }
}
