package io.uptake.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * For crash tests only: named places between a run's commits where a test can stop the process. With
 * {@code -Duptake.test.pause-at=A,B,C} the run prints {@code UPTAKE-PAUSED A} at each listed point
 * and stops there: at every point but the last until a line arrives on its standard input (the
 * test copies the warehouse meanwhile), at the last for good, to be killed. An in-JVM test may set
 * {@link #hook} to act there instead (change a table behind the run's back). Without either (every
 * real run) this does nothing.
 */
final class CrashTestPoints {
  static final String PROPERTY = "uptake.test.pause-at";
  /** Tests only (package-private, null otherwise): called with each point's name. */
  static volatile Consumer<String> hook;
  private static BufferedReader input;

  private CrashTestPoints() {}

  static void reach(String name) {
    Consumer<String> h = hook;
    if (h != null) {
      h.accept(name);
    }
    String property = System.getProperty(PROPERTY);
    if (property == null) {
      return;
    }
    List<String> points = List.of(property.split(","));
    if (!points.contains(name)) {
      return;
    }
    System.out.println("UPTAKE-PAUSED " + name);
    System.out.flush();
    try {
      if (name.equals(points.get(points.size() - 1))) {
        Thread.sleep(Long.MAX_VALUE);
      } else {
        awaitLine();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static synchronized void awaitLine() {
    try {
      if (input == null) {
        input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      }
      if (input.readLine() == null) {
        throw new IllegalStateException("the crash test closed the input while the run paused");
      }
    } catch (IOException e) {
      throw new IllegalStateException("the crash test's input failed", e);
    }
  }
}
