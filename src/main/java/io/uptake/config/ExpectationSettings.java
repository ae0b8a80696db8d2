package io.uptake.config;

/**
 * The data-quality expectations a run evaluates, each with its action when it does not hold.
 *
 * @param unresolvedDistrict at most {@code limit} (a share) of a night's accepted rows without a district
 * @param nightVolume the night's rows read at least {@code limit} (a fraction) of the median of the
 *     {@code volumeNights} earlier nights
 * @param phonesAboveDenominator no area with more phones than its {@code comparedDenominator} (limit unused)
 * @param denominatorChange no census figure moved by more than {@code limit} (a fraction) from the previous census
 */
public record ExpectationSettings(
    Rule unresolvedDistrict,
    Rule nightVolume,
    int volumeNights,
    Rule phonesAboveDenominator,
    String comparedDenominator,
    Rule denominatorChange) {

  /** What a run does when an expectation does not hold. */
  public enum Action {
    /** Not evaluated. */
    OFF,
    /** Reported in the summary, the log and {@code meta/runs}; the run goes on. */
    WARN,
    /** The rows concerned go to quarantine (row-level expectations only); the run goes on. */
    QUARANTINE,
    /** The run stops with exit 6 before its next write. */
    FAIL
  }

  public record Rule(Action action, double limit) {}
}
