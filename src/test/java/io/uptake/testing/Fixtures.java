package io.uptake.testing;

import io.uptake.schema.BronzeInstalls;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Named builders of small in-memory frames for transform tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A progress stream for runs whose output the test does not read. */
  public static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }

  /** A bronze install row with the four known fields (null = field absent). */
  public static Row installRow(long line, String eventTime, String phone, String province, String district) {
    return RowFactory.create("file:/landing/a.jsonl", line, null, "jsonl", eventTime, phone, province, district, null,
        null, null);
  }

  /** A bronze row whose line could not be parsed. */
  public static Row malformedRow(long line, String rawLine) {
    return RowFactory.create("file:/landing/a.jsonl", line, null, "jsonl", null, null, null, null, null, "not valid JSON",
        rawLine);
  }

  public static Dataset<Row> bronze(Row... rows) {
    return TestSpark.session().createDataFrame(List.of(rows), BronzeInstalls.PARSED);
  }

  public static final StructType EVENTS = new StructType()
      .add("phone_key", DataTypes.StringType, true)
      .add("event_time", DataTypes.TimestampType, false)
      .add("province_code", DataTypes.StringType, true)
      .add("district_code", DataTypes.StringType, true);

  /** Counted clean events: phone key, ISO instant, province code, district code. */
  public static Dataset<Row> events(Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(RowFactory.create(r[0], Timestamp.from(Instant.parse((String) r[1])), r[2], r[3]));
    }
    return TestSpark.session().createDataFrame(out, EVENTS);
  }

  public static Object[] event(String phone, String instant, String province, String district) {
    return new Object[] {phone, instant, province, district};
  }
}
