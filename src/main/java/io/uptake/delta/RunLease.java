package io.uptake.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.uptake.error.Errors;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per warehouse: a lease held in {@code meta/run_lock}, a one-row Delta table.
 * Each change of holder overwrites the row as Delta's idempotent write number {@code generation + 1}
 * of the application {@value #APP_ID} ({@code txnAppId}/{@code txnVersion}). Of two runs that saw the
 * same generation and write at once, Delta's conflict check lets exactly one commit (the other
 * gets a {@code ConcurrentTransactionException}); a run that writes after the other committed is
 * skipped as a replay. The loser stops with exit 5 and the holder's run id, command, host and pid. Each write of a run is atomic on its own, but a run's
 * writes together are not: a second run in between could, say, rebuild the state from a bronze
 * that misses the first run's night. Readers (report, query) take no lease: Delta's snapshots
 * isolate them.
 *
 * <p>A lease outlives a killed run. On the same host, a holder whose process is gone (pid and start
 * time) is taken over; on another host only {@code --break-lock} takes it, because a run there may
 * be alive. There is no expiry: a backfill may rightly hold it for hours.
 */
public final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
  static final String APP_ID = "uptake-run-lease";
  static final StructType SCHEMA = new StructType()
      .add("generation", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("command", DataTypes.StringType, false)
      .add("host", DataTypes.StringType, false)
      .add("pid", DataTypes.LongType, false)
      .add("process_start", DataTypes.TimestampType, true)
      .add("acquired_at", DataTypes.TimestampType, false)
      .add("released_at", DataTypes.TimestampType, true);

  private final SparkSession spark;
  private final String path;
  private final Holder held;
  private boolean released;

  private RunLease(SparkSession spark, String path, Holder held) {
    this.spark = spark;
    this.path = path;
    this.held = held;
  }

  /** Who holds (or last held) the lease. */
  public record Holder(long generation, String runId, String command, String host, long pid, Instant processStart,
      Instant acquiredAt, Instant releasedAt) {

    static Holder current(long generation, String runId, String command) {
      ProcessHandle self = ProcessHandle.current();
      return new Holder(generation, runId, command, hostName(), self.pid(), self.info().startInstant().orElse(null),
          Instant.now(), null);
    }

    Holder released() {
      return new Holder(generation + 1, runId, command, host, pid, processStart, acquiredAt, Instant.now());
    }

    /** A holder on this host whose process (same pid, same start time) no longer runs. */
    boolean goneFromThisHost() {
      if (!host.equals(hostName())) {
        return false;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      return p.isEmpty() || !p.get().isAlive()
          || processStart != null && p.get().info().startInstant().map(s -> !s.equals(processStart)).orElse(false);
    }

    String describe() {
      return "run " + runId + " (" + command + ", pid " + pid + " on " + host + ", since " + acquiredAt + ")";
    }
  }

  /**
   * Takes the lease or stops.
   *
   * @param breakLock take it even from a holder that may be alive on another host
   * @throws io.uptake.error.UptakeException exit 5 (busy) when another run holds it
   */
  public static RunLease acquire(SparkSession spark, Warehouse warehouse, String runId, String command, boolean breakLock,
      PrintStream progress) {
    String path = warehouse.path(Table.RUN_LOCK);
    Optional<Holder> seen = holder(spark, path);
    if (seen.isPresent() && seen.get().releasedAt() == null) {
      Holder h = seen.get();
      if (h.goneFromThisHost()) {
        progress.println("Taking over the lease of " + h.describe() + ": its process is gone.");
      } else if (breakLock) {
        progress.println("Breaking the lease of " + h.describe() + ", as --break-lock asks.");
      } else {
        throw busy(h, warehouse, true);
      }
    }
    Holder me = Holder.current(seen.map(Holder::generation).orElse(0L) + 1, runId, command);
    try {
      write(spark, path, me);
    } catch (ConcurrentModificationException e) {
      LOG.debug("Lost the race for the lease of {}: {}", path, e.toString());
    } catch (RuntimeException e) {
      // Two first runs creating the table at once: the loser's commit of version 0 fails.
      if (seen.isPresent() || !DeltaTable.isDeltaTable(spark, path)) {
        throw e;
      }
      LOG.debug("Lost the race to create the lease table {}: {}", path, e.toString());
    }
    Holder now = holder(spark, path).orElse(null);
    if (now == null || !now.runId().equals(runId) || now.releasedAt() != null) {
      throw busy(now, warehouse, false);
    }
    return new RunLease(spark, path, now);
  }

  /** Gives the lease back; never throws (a lease left behind is taken over or broken later). */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      // Written as the next generation: if another run broke the lease meanwhile, Delta skips it.
      write(spark, path, held.released());
    } catch (RuntimeException e) {
      LOG.warn("Could not release the lease of run {} on {}; the next run on this host takes it over", held.runId(), path, e);
    }
  }

  private static void write(SparkSession spark, String path, Holder h) {
    spark.createDataFrame(List.of(row(h)), SCHEMA).coalesce(1).write().format("delta").mode("overwrite")
        .option("txnAppId", APP_ID).option("txnVersion", h.generation())
        .option("userMetadata", NOTE + note(h))
        .save(path);
  }

  // Each write notes its row in its commit, so the holder is read from the log's latest commit
  // file alone: no query, no snapshot of the table's files (a lease table of an earlier version,
  // without notes, is read as a table).
  private static final String NOTE = "uptake-run-lease ";
  private static final ObjectMapper JSON = new ObjectMapper();

  static Optional<Holder> holder(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    List<Row> latest = DeltaTable.forPath(spark, path).history(1).select("userMetadata").collectAsList();
    if (!latest.isEmpty() && !latest.get(0).isNullAt(0) && latest.get(0).getString(0).startsWith(NOTE)) {
      return Optional.of(fromNote(latest.get(0).getString(0).substring(NOTE.length())));
    }
    // One row (each write overwrites it).
    List<Row> rows = spark.read().format("delta").load(path).collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row r = rows.get(0);
    return Optional.of(new Holder(r.<Long>getAs("generation"), r.getAs("run_id"), r.getAs("command"), r.getAs("host"), r.<Long>getAs("pid"),
        instant(r.getAs("process_start")), instant(r.getAs("acquired_at")), instant(r.getAs("released_at"))));
  }

  private static String note(Holder h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generation", h.generation());
    m.put("run_id", h.runId());
    m.put("command", h.command());
    m.put("host", h.host());
    m.put("pid", h.pid());
    m.put("process_start", h.processStart() == null ? null : h.processStart().toString());
    m.put("acquired_at", h.acquiredAt().toString());
    m.put("released_at", h.releasedAt() == null ? null : h.releasedAt().toString());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Holder fromNote(String note) {
    try {
      JsonNode n = JSON.readTree(note);
      return new Holder(n.get("generation").asLong(), n.get("run_id").asText(), n.get("command").asText(),
          n.get("host").asText(), n.get("pid").asLong(), noteInstant(n.get("process_start")),
          noteInstant(n.get("acquired_at")), noteInstant(n.get("released_at")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable lease note: " + note, e);
    }
  }

  private static Instant noteInstant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }

  private static Row row(Holder h) {
    return RowFactory.create(h.generation(), h.runId(), h.command(), h.host(), h.pid(),
        h.processStart() == null ? null : Timestamp.from(h.processStart()), Timestamp.from(h.acquiredAt()),
        h.releasedAt() == null ? null : Timestamp.from(h.releasedAt()));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static io.uptake.error.UptakeException busy(Holder h, Warehouse warehouse, boolean mayBreak) {
    String who = h == null ? "another run" : h.describe();
    return Errors.busy("run on warehouse " + Errors.display(warehouse.root()), who + " holds it"
        + (mayBreak && h != null && !h.host().equals(hostName())
            ? "; retry when it ends, or if it died on " + h.host() + ", rerun with --break-lock"
            : "; retry when it ends"));
  }

  /**
   * This machine as far as process ids go: the host name, plus (on Linux) the boot and the pid
   * namespace. Containers that share a host name (host networking) but not their process ids, or a
   * host rebooted since, are then another machine, whose holder only --break-lock can displace.
   */
  static String hostName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = System.getenv("HOSTNAME") == null ? "unknown-host" : System.getenv("HOSTNAME");
    }
    try {
      String boot = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).strip();
      String pidNamespace = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
      return host + " (boot " + boot.substring(0, Math.min(8, boot.length())) + ", " + pidNamespace + ")";
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return host;
    }
  }
}
