package io.uptake.pipeline;

/**
 * A stage of the nightly run. Each stage is a class with one {@code run} method taking the run's
 * context and the results of the stages before it, and returning its own typed result; the runner
 * ({@link NightlyRun}) calls them in order.
 */
interface Stage {
  /** The steps this stage shows in the progress output of a run building {@code snapshots} cut-offs. */
  int progressSteps(int snapshots);
}
