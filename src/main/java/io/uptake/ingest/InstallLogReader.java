package io.uptake.ingest;

import io.uptake.schema.BronzeInstalls;
import java.io.IOException;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a landing directory of install logs into bronze rows: one task per group of files, each
 * file streamed by {@link InstallFileParser}. Works on any Hadoop file system.
 */
public final class InstallLogReader {
  private InstallLogReader() {}

  /** Install log files under {@code dir}, recursively, sorted; hidden and _-prefixed names skipped. */
  public static List<LandingFile> listFiles(Configuration hadoopConf, String dir) {
    return LandingFiles.list(hadoopConf, dir, true, name -> InstallFileFormat.of(name) != null,
        "install logs", "*.jsonl, *.jsonl.gz, *.csv or *.csv.gz");
  }

  /** Rows of {@link BronzeInstalls#PARSED} for the given files. */
  public static Dataset<Row> read(SparkSession spark, List<String> files) {
    SerializableHadoopConf conf = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    int partitions = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4));
    FlatMapFunction<String, Row> readFile = path -> {
      Path p = new Path(path);
      return InstallFileParser.rows(path, p.getFileSystem(conf.get()).open(p));
    };
    // Contiguous runs of the sorted paths, not a round robin: a task then holds the files of few
    // landing dates, so bronze's partitioned writer keeps a file open per date instead of sorting.
    List<String> sorted = files.stream().sorted().toList();
    return spark.createDataset(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(sorted, partitions).rdd(),
            Encoders.STRING())
        .flatMap(readFile, Encoders.row(BronzeInstalls.PARSED));
  }

  /**
   * The condition selecting these files' rows in bronze. It names their landing dates first (the
   * partition column), so Delta reads and rewrites only those partitions, not all of history.
   */
  public static Column bronzeRowsOf(List<String> paths) {
    Set<Date> dates = new TreeSet<>();
    boolean undated = false;
    for (String path : paths) {
      Date d = InstallFileParser.landingDate(path);
      if (d == null) {
        undated = true;
      } else {
        dates.add(d);
      }
    }
    Column dated = functions.col(BronzeInstalls.LANDING_DATE).isin(dates.toArray());
    Column partitions = !undated ? dated
        : dates.isEmpty() ? functions.col(BronzeInstalls.LANDING_DATE).isNull()
        : dated.or(functions.col(BronzeInstalls.LANDING_DATE).isNull());
    return partitions.and(ofFiles(paths));
  }

  /** The condition selecting the rows of these files, in any table with a {@code source_file} column. */
  public static Column ofFiles(List<String> paths) {
    return functions.col(BronzeInstalls.SOURCE_FILE).isin(paths.toArray());
  }

  /** For tests and tools: parse a local file without Spark. */
  static Iterator<Row> parseLocal(java.nio.file.Path file) throws IOException {
    return InstallFileParser.rows(file.toString(), java.nio.file.Files.newInputStream(file));
  }
}
