package io.uptake.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1, built from the Maven-provided Spark jars: a master
 * and workers, each its own JVM, whose executors are JVMs of their own. A SPARK_HOME is laid out
 * for it (jars → target/lib, a quiet log4j2 config, and a {@code bin/spark-submit} that runs
 * {@code SparkSubmit} as the real script's launcher would). {@link #close} kills every process it
 * started, their children included.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private final Path dir;
  private final Path sparkHome;
  private final String opens;
  private final List<Process> processes = new ArrayList<>();
  private final int masterPort;
  private final int masterUiPort;
  private final List<Process> workers = new ArrayList<>();
  private Thread hook;

  private StandaloneCluster(Path dir, Path sparkHome, String opens) throws IOException {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.opens = opens;
    this.masterPort = freePort();
    this.masterUiPort = freePort();
  }

  /** Lays out SPARK_HOME under {@code dir} and starts a master and {@code workers} one-core workers. */
  static StandaloneCluster start(Path dir, Path sparkJars, Path log4j, String opens, int workers, String workerMemory)
      throws IOException, InterruptedException {
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("bin"));
    Files.createSymbolicLink(home.resolve("jars"), sparkJars.toAbsolutePath());
    Files.copy(log4j, home.resolve("conf/log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
    Path submit = home.resolve("bin/spark-submit");
    // What bin/spark-submit → bin/spark-class → org.apache.spark.launcher.Main ends up running.
    Files.writeString(submit, "#!/usr/bin/env bash\n"
        + "exec \"" + javaBin() + "\" -Xmx${SPARK_DRIVER_MEMORY:-1g} " + JVM + " ${UPTAKE_IT_OPENS} "
        + "-cp \"$SPARK_HOME/conf/:$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));

    // Twice at most: a port taken by another process between our check and the daemon's bind
    // shows as workers that never register.
    for (int attempt = 1; ; attempt++) {
      StandaloneCluster cluster = new StandaloneCluster(dir, home, opens);
      try {
        cluster.launch(workers, workerMemory);
        return cluster;
      } catch (IllegalStateException e) {
        if (attempt == 2) {
          throw e;
        }
        System.err.println("cluster start failed, retrying with other ports: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  private void launch(int workerCount, String workerMemory) throws IOException, InterruptedException {
    // Also when the test JVM is stopped from outside (a cancelled build): no daemon outlives it.
    hook = new Thread(this::close, "standalone-cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      processes.add(daemon("master", "org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)));
      for (int i = 1; i <= workerCount; i++) {
        Process w = daemon("worker-" + i, "org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemory,
            "--webui-port", String.valueOf(freePort()),
            "--work-dir", Files.createDirectories(dir.resolve("work-" + i)).toString(), masterUrl());
        processes.add(w);
        workers.add(w);
      }
      awaitWorkers(workerCount, Duration.ofSeconds(90));
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  Path sparkHome() {
    return sparkHome;
  }

  /** The environment a spark-submit against this cluster needs. */
  Map<String, String> submitEnvironment() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12", "SPARK_LOCAL_IP", "127.0.0.1",
        "UPTAKE_IT_OPENS", opens);
  }

  /** Starts a process that {@link #close} will kill, with its output in {@code dir/name.log}. */
  Process startTracked(String name, List<String> command, Path workingDir, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** The executor JVMs the workers run now, by executor id. */
  Map<String, ProcessHandle> executors() {
    Pattern id = Pattern.compile("--executor-id\\s+(\\S+)");
    Map<String, ProcessHandle> found = new java.util.TreeMap<>();
    for (Process w : workers) {
      w.descendants().filter(ProcessHandle::isAlive).forEach(h -> {
        Matcher m = id.matcher(h.info().commandLine().orElse(""));
        if (m.find()) {
          found.put(m.group(1), h);
        }
      });
    }
    return found;
  }

  /** Executor directories the workers created (one per executor launched, replacements included). */
  long executorsLaunched() throws IOException {
    long n = 0;
    for (int i = 1; i <= workers.size(); i++) {
      try (Stream<Path> apps = Files.list(dir.resolve("work-" + i))) {
        for (Path app : apps.toList()) {
          try (Stream<Path> execs = Files.list(app)) {
            n += execs.filter(Files::isDirectory).count();
          }
        }
      }
    }
    return n;
  }

  /** The last lines of every log, for a failure message. */
  String diagnostics() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> logs = Files.walk(dir)) {
      for (Path p : logs.filter(f -> f.toString().endsWith(".log") || f.getFileName().toString().equals("stderr")).toList()) {
        List<String> lines = readLenient(p).lines().toList();
        b.append("\n==> ").append(dir.relativize(p)).append(" <==\n");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
      }
    } catch (IOException | UncheckedIOException e) {
      b.append("(logs unreadable: ").append(e).append(")");
    }
    return b.toString();
  }

  /**
   * Kills every process started here and their descendants, then any process left whose command
   * line names this cluster's directory (an executor orphaned by a worker that died first).
   */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(all::add);
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroyForcibly);
    List<ProcessHandle> orphans = leftovers();
    orphans.forEach(ProcessHandle::destroyForcibly);
    all.addAll(orphans);
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down.
      }
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Reported by the caller's isAlive() check.
      }
    }
  }

  /** Live processes (other than this JVM) whose command line mentions this cluster's directory. */
  List<ProcessHandle> leftovers() {
    String mark = dir.toString();
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(h -> h.pid() != self && h.isAlive() && h.info().commandLine().orElse("").contains(mark))
        .toList();
  }

  private Process daemon(String name, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m"));
    cmd.addAll(List.of(JVM.split(" ")));
    for (String o : opens.split(" ")) {
      if (!o.isBlank()) {
        cmd.add(o);
      }
    }
    cmd.addAll(List.of("-Dspark.local.dir=" + Files.createDirectories(dir.resolve("tmp-" + name)),
        "-cp", sparkHome.resolve("conf") + "/:" + sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    // A worker launches executors with SPARK_HOME/jars; SPARK_SCALA_VERSION is what Spark's own
    // scripts export. SPARK_TESTING must stay unset, or the worker wants spark.test.home.
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_TESTING");
    return pb.start();
  }

  private void awaitWorkers(int n, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Pattern alive = Pattern.compile("\"state\"\\s*:\\s*\"ALIVE\"");
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process exited early:" + diagnostics());
        }
      }
      String json = get("http://127.0.0.1:" + masterUiPort + "/json/");
      if (json != null && alive.matcher(json).results().count() >= n) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(n + " workers did not register within " + timeout + ":" + diagnostics());
  }

  /** A GET on a local REST endpoint; null when it does not answer (yet). */
  static String get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * A port free now, below Linux's ephemeral range (32768–60999): a port the kernel hands out for
   * outgoing connections (the workers', the executors') can be taken between this check and the
   * daemon binding it, and Spark then quietly binds the next one.
   */
  static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in 20000-32000 on 127.0.0.1");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A log that may be half-written: malformed bytes become U+FFFD instead of an exception. */
  static String readLenient(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
