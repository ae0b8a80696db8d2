package io.uptake.testing;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** What a test warehouse holds, for "nothing was written" assertions. */
public final class TestWarehouses {
  private TestWarehouses() {}

  /** The latest version of every data table that exists (the run lease changes hands by design). */
  public static Map<Table, Long> dataVersions(SparkSession spark, Warehouse warehouse) {
    Map<Table, Long> versions = new TreeMap<>();
    for (Table t : Table.values()) {
      if (t != Table.RUN_LOCK && warehouse.exists(spark, t)) {
        versions.put(t, warehouse.version(spark, t));
      }
    }
    return versions;
  }

  /** The Delta tables under a directory, as paths relative to it, sorted. */
  public static List<String> deltaTables(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals("_delta_log"))
          .map(p -> root.relativize(p.getParent()).toString()).sorted().toList();
    }
  }
}
