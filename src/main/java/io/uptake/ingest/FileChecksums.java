package io.uptake.ingest;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/** SHA-256 of files, computed on the executors (one task per group of files), next to the data. */
final class FileChecksums {
  private FileChecksums() {}

  /** Path → hex checksum. One row per file comes back to the driver: as many as the night's files. */
  static Map<String, String> sha256(SparkSession spark, List<String> paths) {
    Map<String, String> out = new LinkedHashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    SerializableHadoopConf conf = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    int partitions = Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 4));
    MapFunction<String, String> digest = path -> path + "\t" + digest(conf, path);
    for (String line : spark.createDataset(paths, Encoders.STRING()).repartition(partitions)
        .map(digest, Encoders.STRING()).collectAsList()) {
      int tab = line.lastIndexOf('\t');
      out.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return out;
  }

  private static String digest(SerializableHadoopConf conf, String path) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Path p = new Path(path);
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = p.getFileSystem(conf.get()).open(p)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

}
