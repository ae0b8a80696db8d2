package io.uptake.pipeline;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Names each stage in the Spark UI and logs, prints when it starts and how long it took, and keeps
 * the timings for the run summary.
 */
final class Progress {
  private final SparkSession spark;
  private final PrintStream out;
  private final int stages;
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private final long created = System.nanoTime();
  private int current;
  private String stage;
  private long started;

  Progress(SparkSession spark, PrintStream out, int stages) {
    this.spark = spark;
    this.out = out;
    this.stages = stages;
  }

  public void start(String name) {
    finish();
    current++;
    stage = name;
    started = System.nanoTime();
    spark.sparkContext().setJobDescription("uptake: " + name);
    out.printf("[%d/%d] %s ...%n", current, stages, name);
    out.flush();
  }

  public void finish() {
    if (stage != null) {
      long ms = (System.nanoTime() - started) / 1_000_000;
      millis.put(stage, ms);
      out.printf("      %s: %.1f s%n", stage, ms / 1000.0);
      stage = null;
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** How long each step took, in order. */
  public Map<String, Long> millis() {
    return millis;
  }

  /** Milliseconds since this progress was created, at the start of the run's first stage. */
  public long elapsedMillis() {
    return (System.nanoTime() - created) / 1_000_000;
  }
}
