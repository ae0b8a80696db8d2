package io.uptake.delta;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.uptake.error.Errors;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * The Delta tables under one root. Every write is one Delta commit: it lands whole or not at all,
 * so a failed run leaves each table at its previous version.
 */
public final class Warehouse {
  private final String root;

  /** @param root an absolute path or a URI, used as given ({@link #of} qualifies what users type) */
  public Warehouse(String root) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  /**
   * The warehouse under a root as configured: qualified once, on the driver, by the file system it
   * names (a relative path against the default file system's working directory, as Hadoop and the
   * install log listing resolve it). Delta's {@code delta.`path`} names accept only absolute paths,
   * and executors must never see a relative one.
   */
  public static Warehouse of(SparkSession spark, String root) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root);
    try {
      return new Warehouse(p.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(p).toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot open the file system of warehouse " + root, e);
    }
  }

  public String root() {
    return root;
  }

  /** Setting that forces {@link #stage} to write files even in local mode ("files"), for tests. */
  public static final String STAGING = "uptake.staging";

  /**
   * A copy of {@code rows} that survives a commit in between its uses: Delta drops the cached plans
   * that read a table it commits to, so a cached copy would be computed again, from the new
   * version. On a cluster the rows are written under the warehouse ({@code _uptake/staging/NAME})
   * and read back, since a local checkpoint dies with a lost executor; in local mode, where an
   * executor cannot be lost without the driver, a local checkpoint does, with no write and read
   * back. Only one run holds the warehouse, so a fixed name is safe; {@link Staged#close}
   * removes the files.
   */
  public Staged stage(SparkSession spark, Dataset<Row> rows, String name) {
    if (spark.sparkContext().isLocal() && !"files".equals(spark.conf().get(STAGING, ""))) {
      return new Staged(rows.localCheckpoint(), spark, null);
    }
    String dir = root + "/_uptake/staging/" + name;
    rows.write().mode(SaveMode.Overwrite).parquet(dir);
    return new Staged(spark.read().parquet(dir), spark, dir);
  }

  /** Staged rows; closing deletes their files, if any. */
  public record Staged(Dataset<Row> rows, SparkSession spark, String dir) implements AutoCloseable {
    @Override
    public void close() {
      if (dir == null) {
        return;
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
      try {
        p.getFileSystem(spark.sessionState().newHadoopConf()).delete(p, true);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot delete the staged rows at " + dir, e);
      }
    }
  }

  public String path(Table table) {
    return root + "/" + table.relativePath();
  }

  public boolean exists(SparkSession spark, Table table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The table's latest Delta version. */
  public long version(SparkSession spark, Table table) {
    // The log's latest snapshot: no query, unlike history().
    return snapshot(spark, table).version();
  }

  public Dataset<Row> read(SparkSession spark, Table table) {
    return spark.read().format("delta").load(path(table));
  }

  /**
   * The table with every column of {@code schema}: those an earlier version's table lacks read as
   * nulls, as they would once a write has added them.
   */
  public Dataset<Row> readWithColumnsOf(SparkSession spark, Table table, org.apache.spark.sql.types.StructType schema) {
    Dataset<Row> rows = read(spark, table);
    Set<String> present = Set.of(rows.columns());
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      if (!present.contains(f.name())) {
        rows = rows.withColumn(f.name(), org.apache.spark.sql.functions.lit(null).cast(f.dataType()));
      }
    }
    return rows;
  }

  /** Replaces the whole table (the table's history keeps the old versions for time travel). */
  public void overwrite(Dataset<Row> df, Table table) {
    overwrite(df, table, null);
  }

  /** {@link #overwrite}, with a note stored in the commit ({@link #lastCommitNote}). */
  public void overwrite(Dataset<Row> df, Table table, String commitNote) {
    DataFrameWriter<Row> writer = df.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true");
    if (table.partitionColumn() != null) {
      writer = writer.partitionBy(table.partitionColumn());
    }
    if (commitNote != null) {
      writer = writer.option("userMetadata", commitNote);
    }
    DataFrameWriter<Row> w = writer;
    SparkSession spark = df.sparkSession();
    if (exists(spark, table) && property(spark, table, Table.STATS_COLUMNS)
        .filter(columns -> !hasColumns(df.schema(), columns)).isPresent()) {
      // Delta checks the statistics columns against the new schema: a layout that drops one
      // (a migration) first drops the setting; giveProperties sets what fits the new layout.
      spark.sql("ALTER TABLE " + sqlName(table) + " UNSET TBLPROPERTIES ('" + Table.STATS_COLUMNS + "')");
    }
    creating(spark, table, df.schema(), () -> w.save(path(table)));
    giveProperties(spark, table);
  }

  /**
   * Replaces the rows matching {@code condition} (creating the table if needed): appending a file's
   * rows this way is idempotent, so a rerun after a crash never doubles them. A condition on the
   * partition column first keeps the write from scanning the whole table.
   */
  public void replaceRows(Dataset<Row> df, Table table, Column condition) {
    SparkSession spark = df.sparkSession();
    if (!exists(spark, table)) {
      overwrite(df, table);
      return;
    }
    giveProperties(spark, table);
    // mergeSchema: a column added in a later version (quarantine's value_masked) joins the table.
    replaceWhere(df, condition).option("mergeSchema", "true").save(path(table));
  }

  /**
   * Replaces the rows matching {@code condition} with {@code df}, whose rows need not match it (new
   * keys beside changed ones), in one commit carrying {@code commitNote}.
   */
  public void replaceRowsNoted(Dataset<Row> df, Table table, Column condition, String commitNote) {
    SparkSession spark = df.sparkSession();
    String check = "spark.databricks.delta.replaceWhere.constraintCheck.enabled";
    spark.conf().set(check, "false");
    try {
      withCommitNote(spark, commitNote, () -> replaceWhere(df, condition).save(path(table)));
    } finally {
      spark.conf().unset(check);
    }
  }

  private static org.apache.spark.sql.DataFrameWriter<Row> replaceWhere(Dataset<Row> df, Column condition) {
    return df.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", condition.expr().sql());
  }

  /** Appends rows in one commit; columns new to the table join it. */
  public void append(Dataset<Row> df, Table table) {
    df.write().format("delta").mode(SaveMode.Append).option("mergeSchema", "true").save(path(table));
  }

  /** {@link #append}, with a note stored in the commit. */
  public void append(Dataset<Row> df, Table table, String commitNote) {
    withCommitNote(df.sparkSession(), commitNote, () -> append(df, table));
  }

  /** The table as of an earlier version (time travel). */
  public Dataset<Row> readVersion(SparkSession spark, Table table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /**
   * MERGEs {@code source} into the table on {@code condition} (aliases {@code target} and
   * {@code source}) with the {@code clauses} the caller adds, in one commit carrying
   * {@code commitNote} (none if null).
   */
  public void merge(SparkSession spark, Table table, Dataset<Row> source, Column condition, String commitNote,
      java.util.function.UnaryOperator<DeltaMergeBuilder> clauses) {
    Runnable merge = () -> clauses.apply(DeltaTable.forPath(spark, path(table)).as("target")
        .merge(source.as("source"), condition)).execute();
    if (commitNote == null) {
      merge.run();
    } else {
      withCommitNote(spark, commitNote, merge);
    }
  }

  /**
   * Deletes the rows matching {@code condition}. With deletion vectors a DELETE only marks rows,
   * so {@code purge} rewrites their files too (needed before a VACUUM can remove the rows' bytes).
   */
  public void delete(SparkSession spark, Table table, Column condition, boolean purge) {
    DeltaTable.forPath(spark, path(table)).delete(condition);
    if (purge && property(spark, table, "delta.enableDeletionVectors").orElse("false").equals("true")) {
      spark.sql("REORG TABLE " + sqlName(table) + " APPLY (PURGE)");
    }
  }

  /**
   * VACUUM keeping {@code hours} of history; below Delta's 7-day safety check only when asked so.
   * The listing runs a few tasks per core, not Delta's default 10,000 (minutes of empty tasks on a
   * small cluster).
   */
  public void vacuum(SparkSession spark, Table table, int hours) {
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    boolean below = hours < 168;
    if (below) {
      spark.conf().set(check, "false");
    }
    String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    boolean ownListing = !spark.conf().contains(listing);
    if (ownListing) {
      spark.conf().set(listing, Integer.toString(Math.max(8, spark.sparkContext().defaultParallelism() * 4)));
    }
    try {
      DeltaTable.forPath(spark, path(table)).vacuum(hours);
    } finally {
      if (below) {
        spark.conf().unset(check);
      }
      if (ownListing) {
        spark.conf().unset(listing);
      }
    }
  }

  /**
   * Runs {@code write} (a MERGE or other write) with {@code note} stored in its commit, so a fact
   * about the table's content (the cut-off it is as of) commits atomically with that content.
   */
  private static void withCommitNote(SparkSession spark, String note, Runnable write) {
    String key = "spark.databricks.delta.commitInfo.userMetadata";
    spark.conf().set(key, note);
    try {
      write.run();
    } finally {
      spark.conf().unset(key);
    }
  }

  // Commits that change a table's settings or layout but not its rows.
  private static final Set<String> CONTENT_PRESERVING = Set.of(
      "SET TBLPROPERTIES", "UNSET TBLPROPERTIES", "UPGRADE PROTOCOL", "OPTIMIZE", "VACUUM START", "VACUUM END",
      "REORG", "CHANGE COLUMN", "ADD COLUMNS");

  /**
   * The note of the latest commit that wrote the table's rows, if it has one. Commits that leave
   * the rows as they were (settings, OPTIMIZE, VACUUM) are looked through; any other commit
   * without a note means someone else changed the rows, and the note no longer describes them.
   */
  public Optional<String> lastCommitNote(SparkSession spark, Table table) {
    if (!exists(spark, table)) {
      return Optional.empty();
    }
    for (Row commit : DeltaTable.forPath(spark, path(table)).history(20).select("operation", "userMetadata").collectAsList()) {
      if (!commit.isNullAt(1)) {
        return Optional.of(commit.getString(1));
      }
      if (!CONTENT_PRESERVING.contains(commit.getString(0))) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A table property ({@code TBLPROPERTIES}) of the latest version, if set. */
  public Optional<String> property(SparkSession spark, Table table, String name) {
    var properties = snapshot(spark, table).metadata().configuration();
    return properties.contains(name) ? Optional.of(properties.apply(name)) : Optional.empty();
  }

  /** A string literal for Spark SQL. */
  private static String quote(String v) {
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Sets table properties in one commit carrying {@code commitNote}, even if they are set already. */
  public void setPropertiesNoted(SparkSession spark, Table table, java.util.Map<String, String> values, String commitNote) {
    String all = values.entrySet().stream().map(e -> quote(e.getKey()) + " = " + quote(e.getValue()))
        .collect(Collectors.joining(", "));
    withCommitNote(spark, commitNote, () -> spark.sql("ALTER TABLE " + sqlName(table) + " SET TBLPROPERTIES (" + all + ")"));
  }

  /** Sets table properties in one commit (none when every value is already set). */
  public void setProperties(SparkSession spark, Table table, java.util.Map<String, String> values) {
    String changed = values.entrySet().stream()
        .filter(e -> !property(spark, table, e.getKey()).equals(Optional.of(e.getValue())))
        .map(e -> quote(e.getKey()) + " = " + quote(e.getValue()))
        .collect(Collectors.joining(", "));
    if (!changed.isEmpty()) {
      spark.sql("ALTER TABLE " + sqlName(table) + " SET TBLPROPERTIES (" + changed + ")");
    }
  }

  /** The table as Spark SQL names it by path: {@code delta.`/root/silver/phones`}. */
  public String sqlName(Table table) {
    return "delta.`" + path(table).replace("`", "``") + "`";
  }

  /** The names of the table's columns. */
  public Set<String> columns(SparkSession spark, Table table) {
    return Set.of(snapshot(spark, table).schema().fieldNames());
  }

  /**
   * Deletes a table with its whole history: its directory is first renamed to a hidden name (one
   * atomic step on local and HDFS file systems), so a crash midway leaves no half-deleted log that
   * still looks like a table. Hidden leftovers of an earlier crash are deleted too.
   */
  public void delete(SparkSession spark, Table table) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path(table));
    org.apache.hadoop.fs.Path parent = dir.getParent();
    String hiddenPrefix = "." + dir.getName() + ".deleting-";
    try {
      org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(spark.sessionState().newHadoopConf());
      if (fs.exists(dir)) {
        org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(parent, hiddenPrefix + System.nanoTime());
        if (!fs.rename(dir, hidden)) {
          throw new java.io.IOException("rename to " + hidden + " failed");
        }
      }
      if (fs.exists(parent)) {
        for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(parent, p -> p.getName().startsWith(hiddenPrefix))) {
          fs.delete(s.getPath(), true);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot delete table " + Errors.display(dir.toString()), e);
    } finally {
      DeltaLog.invalidateCache(spark, dir);
    }
  }

  private org.apache.spark.sql.delta.Snapshot snapshot(SparkSession spark, Table table) {
    return DeltaLog.forTable(spark, path(table)).update(false, scala.Option.empty(), scala.Option.empty());
  }

  private static final String CREATION_DEFAULTS = "spark.databricks.delta.properties.defaults.";

  /**
   * Runs a write that may create the table with the table's properties in its creating commit
   * (Delta's defaults for new tables, set for this write only), not in an ALTER after it.
   */
  private void creating(SparkSession spark, Table table, org.apache.spark.sql.types.StructType schema, Runnable write) {
    java.util.Map<String, String> properties = applicable(table, schema);
    if (properties.isEmpty() || exists(spark, table)) {
      write.run();
      return;
    }
    properties.forEach((k, v) -> spark.conf().set(CREATION_DEFAULTS + k.substring("delta.".length()), v));
    try {
      write.run();
    } finally {
      properties.keySet().forEach(k -> spark.conf().unset(CREATION_DEFAULTS + k.substring("delta.".length())));
    }
  }

  /** A table written by an earlier version gets the properties it lacks, in one commit, once. */
  private void giveProperties(SparkSession spark, Table table) {
    if (!table.properties().isEmpty() && exists(spark, table)) {
      setProperties(spark, table, applicable(table, snapshot(spark, table).schema()));
    }
  }

  /** The table's properties that fit a schema: statistics columns only if it has them all. */
  private static java.util.Map<String, String> applicable(Table table, org.apache.spark.sql.types.StructType schema) {
    java.util.Map<String, String> p = new java.util.TreeMap<>(table.properties());
    if (p.containsKey(Table.STATS_COLUMNS) && !hasColumns(schema, p.get(Table.STATS_COLUMNS))) {
      p.remove(Table.STATS_COLUMNS);
    }
    return p;
  }

  /** Whether every comma-separated, dotted column path names a field of the schema. */
  private static boolean hasColumns(org.apache.spark.sql.types.StructType schema, String columns) {
    for (String column : columns.split(",")) {
      org.apache.spark.sql.types.DataType type = schema;
      for (String part : column.strip().split("\\.")) {
        if (!(type instanceof org.apache.spark.sql.types.StructType s) || !java.util.Arrays.asList(s.fieldNames()).contains(part)) {
          return false;
        }
        type = s.apply(part).dataType();
      }
    }
    return true;
  }

  /**
   * Replaces the rows of one snapshot ({@code column = instant}) and leaves the others: a rerun of
   * a cut-off never duplicates it. New denominator columns are added to the schema.
   */
  public void replaceSnapshot(Dataset<Row> df, Table table, String column, Instant instant) {
    long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    df.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", column + " = timestamp_micros(" + micros + ")")
        .option("mergeSchema", "true")
        .save(path(table));
  }
}
