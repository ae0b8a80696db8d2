package io.uptake.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.uptake.error.Errors;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.schema.QuarantineInstalls;
import io.uptake.transform.AnonymousInstalls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every row of every file a run ingests, accounted for: the rows read from the file (counted while
 * it was inspected, before Spark parsed it) = its rows in bronze (read back from the table) = rows
 * with a phone + anonymous installs (read back from their table) + quarantined rows (read back from
 * quarantine). A row lost or doubled anywhere between the file and the tables breaks it.
 */
public final class RowAccounting {
  private RowAccounting() {}

  public static final String FILE = "file";
  public static final String MEASURE = "measure";
  public static final String ROWS = "rows";
  static final String IN_BRONZE = "in_bronze";
  static final String WITH_PHONE = "with_phone";
  static final String ANONYMOUS = "anonymous";
  static final String QUARANTINED = "quarantined";

  /** One file's numbers. */
  public record FileAccount(String file, long rowsRead, long rowsInBronze, long withPhone, long anonymous, long quarantined) {
    public boolean holds() {
      return rowsRead == rowsInBronze && rowsInBronze == withPhone + anonymous + quarantined;
    }

    /** "read 100, in bronze 100 = 91 with phone + 5 anonymous + 4 quarantined". */
    public String describe() {
      return String.format("read %,d, in bronze %,d = %,d with phone + %,d anonymous + %,d quarantined%s", rowsRead,
          rowsInBronze, withPhone, anonymous, quarantined,
          rowsInBronze == withPhone + anonymous + quarantined ? "" : String.format(" (%,d)", withPhone + anonymous + quarantined));
    }
  }

  /**
   * The measured side, per file: (file, measure, rows) from the night's rows of each table. Each
   * input is already limited to the night's files; the result has at most four rows per file.
   */
  public static Dataset<Row> measure(Dataset<Row> bronze, Dataset<Row> cleaned, Dataset<Row> quarantine, Dataset<Row> anonymous) {
    Column withPhone = col(CleanEvents.REJECT_REASON).isNull().and(col(CleanEvents.PHONE_KEY).isNotNull());
    return tally(bronze, BronzeInstalls.SOURCE_FILE, IN_BRONZE)
        .unionByName(tally(cleaned.where(withPhone), BronzeInstalls.SOURCE_FILE, WITH_PHONE))
        .unionByName(tally(anonymous, AnonymousInstalls.SOURCE_FILE, ANONYMOUS))
        .unionByName(tally(quarantine, QuarantineInstalls.SOURCE_FILE, QUARANTINED));
  }

  private static Dataset<Row> tally(Dataset<Row> rows, String fileColumn, String measure) {
    return rows.groupBy(col(fileColumn).as(FILE)).agg(count(lit(1)).as(ROWS)).withColumn(MEASURE, lit(measure))
        .select(FILE, MEASURE, ROWS);
  }

  /** The accounts of the files read, in their order; a file absent from a measure has 0 there. */
  public static List<FileAccount> accounts(Map<String, Long> rowsRead, List<Row> measured) {
    Map<String, Map<String, Long>> byFile = new HashMap<>();
    for (Row r : measured) {
      byFile.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
    }
    List<FileAccount> out = new ArrayList<>();
    rowsRead.forEach((file, read) -> {
      Map<String, Long> m = byFile.getOrDefault(file, Map.of());
      out.add(new FileAccount(file, read, m.getOrDefault(IN_BRONZE, 0L), m.getOrDefault(WITH_PHONE, 0L),
          m.getOrDefault(ANONYMOUS, 0L), m.getOrDefault(QUARANTINED, 0L)));
    });
    return out;
  }

  /**
   * @throws io.uptake.error.UptakeException exit 1 naming each file that does not add up: a bug or
   *     a storage fault, never the data's (a bad row is quarantined, and counted)
   */
  public static void check(List<FileAccount> accounts) {
    List<String> broken = accounts.stream().filter(a -> !a.holds())
        .map(a -> Errors.display(a.file()) + ": " + a.describe()).toList();
    if (!broken.isEmpty()) {
      throw Errors.internal("account for every row of the night's files", broken.size() + " file(s) do not add up: "
          + String.join("; ", broken) + ". Nothing was recorded as ingested, so a rerun takes these files again; "
          + "report it if it repeats");
    }
  }
}
