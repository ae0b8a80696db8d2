package io.uptake.quality;

import io.uptake.config.ExpectationSettings;

/**
 * One expectation as evaluated by a run: stored in {@code meta/runs.expectations} and printed in
 * the summary. Counts and area names only: never a phone.
 *
 * @param outcome passed, warned, quarantined, failed, skipped (nothing to judge yet) or off
 * @param observed the measured value (a share, a fraction, a count of areas), null when skipped
 * @param limit the configured limit, null where the expectation has none
 */
public record ExpectationResult(String name, String action, String outcome, Double observed, Double limit, String detail) {
  public static final String UNRESOLVED_DISTRICT = "unresolved_district";
  public static final String NIGHT_VOLUME = "night_volume";
  public static final String PHONES_ABOVE_DENOMINATOR = "phones_above_smartphones";
  public static final String DENOMINATOR_CHANGE = "denominator_change";

  static ExpectationResult judged(String name, ExpectationSettings.Rule rule, boolean holds, Double observed, Double limit,
      String detail) {
    String outcome = holds ? "passed" : switch (rule.action()) {
      case WARN -> "warned";
      case QUARANTINE -> "quarantined";
      case FAIL -> "failed";
      case OFF -> throw new IllegalStateException(name + " is off");
    };
    return new ExpectationResult(name, action(rule), outcome, observed, limit, detail);
  }

  public static ExpectationResult skipped(String name, ExpectationSettings.Rule rule, String why) {
    return new ExpectationResult(name, action(rule), rule.action() == ExpectationSettings.Action.OFF ? "off" : "skipped",
        null, null, why);
  }

  private static String action(ExpectationSettings.Rule rule) {
    return rule.action().name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean held() {
    return outcome.equals("passed") || outcome.equals("skipped") || outcome.equals("off");
  }

  public boolean failed() {
    return outcome.equals("failed");
  }

  /** One line: name, outcome, what was seen. */
  public String describe() {
    return String.format("%-25s %-11s %s", name, outcome, detail);
  }
}
