package io.uptake.jobs;

/**
 * Places between a run's commits where a crash test can stop the process: with
 * {@code -Duptake.test.pause-at=NAME} the run prints {@code UPTAKE-PAUSED NAME} and waits there to be
 * killed. An in-JVM test may set {@link #hook} to act there instead (change a table behind the run's
 * back). Without either (every real run) this does nothing.
 */
final class KillPoints {
  static final String PROPERTY = "uptake.test.pause-at";
  /** Tests only (package-private, null otherwise): called with each point's name. */
  static volatile java.util.function.Consumer<String> hook;

  private KillPoints() {}

  static void reach(String name) {
    java.util.function.Consumer<String> h = hook;
    if (h != null) {
      h.accept(name);
    }
    if (name.equals(System.getProperty(PROPERTY))) {
      System.out.println("UPTAKE-PAUSED " + name);
      System.out.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
