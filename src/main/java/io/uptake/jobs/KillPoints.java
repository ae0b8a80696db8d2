package io.uptake.jobs;

/**
 * Places between a run's commits where a crash test can stop the process: with
 * {@code -Duptake.test.pause-at=NAME} the run prints {@code UPTAKE-PAUSED NAME} and waits there to be
 * killed. Without the property (every real run) this does nothing.
 */
final class KillPoints {
  static final String PROPERTY = "uptake.test.pause-at";

  private KillPoints() {}

  static void reach(String name) {
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
