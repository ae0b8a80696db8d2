package io.uptake.error;

/** Process exit statuses a scheduler can act on. */
public enum ExitCode {
  OK(0),
  /** A bug or an environment failure: retrying may help, reading the log will. */
  INTERNAL(1),
  /** Bad flags or configuration: fix the command line or the YAML. */
  USAGE(2),
  /** Input data that cannot be trusted (a contradictory census, an unreadable file): fix the data. */
  BAD_INPUT(3),
  /** Done for every readable file; some files could not be read and were rejected: look at them. */
  COMPLETED_WITH_REJECTED_FILES(4),
  /** Another run holds the warehouse; nothing was written: retry when it ends. */
  BUSY(5),
  /** A data-quality expectation whose action is fail did not hold; the message says what was kept. */
  EXPECTATION_FAILED(6);

  private final int status;

  ExitCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
