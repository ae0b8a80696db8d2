package io.uptake.quality;

import static org.apache.spark.sql.functions.col;

import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.schema.QuarantineInstalls;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Clean events → the rejected ones, as {@code quarantine/installs} rows. */
public final class Quarantine {
  private Quarantine() {}

  public static Dataset<Row> rows(Dataset<Row> cleanEvents) {
    return cleanEvents.where(col(CleanEvents.REJECT_REASON).isNotNull())
        .select(
            col(BronzeInstalls.SOURCE_FILE).as(QuarantineInstalls.SOURCE_FILE),
            col(BronzeInstalls.LINE_NUMBER).as(QuarantineInstalls.LINE_NUMBER),
            col(CleanEvents.REJECT_REASON).as(QuarantineInstalls.REASON),
            col(CleanEvents.REJECT_VALUE).as(QuarantineInstalls.VALUE),
            col(BronzeInstalls.RECORD).as(QuarantineInstalls.RECORD),
            col(BronzeInstalls.PARSE_ERROR).as(QuarantineInstalls.PARSE_ERROR),
            col(BronzeInstalls.INGEST_TIME).as(QuarantineInstalls.INGEST_TIME),
            col(BronzeInstalls.RUN_ID).as(QuarantineInstalls.RUN_ID));
  }
}
