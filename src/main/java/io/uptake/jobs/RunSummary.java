package io.uptake.jobs;

import java.time.Instant;
import java.util.Map;

/** What a run did, in counts only (no phone number ever appears here). */
public record RunSummary(
    String runId,
    Instant cutoff,
    java.util.List<Instant> cutoffs,
    long filesIngested,
    long filesAlreadyIngested,
    long filesDuplicate,
    long filesReplaced,
    /** "path: line N: reason" per file rejected tonight. */
    java.util.List<String> filesRejected,
    long filesStillRejected,
    /** Ingested files with no rows (no line, or a CSV header alone). */
    long filesEmpty,
    /** Per file ingested tonight: rows read, in bronze, with a phone, anonymous, quarantined (they add up). */
    java.util.List<io.uptake.quality.RowAccounting.FileAccount> files,
    /** The data-quality expectations as evaluated by this run. */
    java.util.List<io.uptake.quality.ExpectationResult> expectations,
    long rowsIngested,
    long rowsInBronze,
    long accepted,
    long anonymousInstalls,
    long afterCutoff,
    Map<String, Long> quarantinedByReason,
    long phones,
    long phonesUnknownProvince,
    long phonesAdded,
    long phonesReattributed,
    long phonesNoLongerCounted,
    Map<String, Long> tableVersions,
    Map<String, Long> stageMillis,
    long totalMillis) {

  /** 4 when tonight rejected a file (a file still rejected from before does not raise it again). */
  public io.uptake.error.ExitCode exitCode() {
    return filesRejected.isEmpty() ? io.uptake.error.ExitCode.OK : io.uptake.error.ExitCode.COMPLETED_WITH_REJECTED_FILES;
  }

  /** Rows read from tonight's files, counted as they were inspected. */
  public long rowsRead() {
    return files.stream().mapToLong(io.uptake.quality.RowAccounting.FileAccount::rowsRead).sum();
  }

  public long quarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("Run %s as of %s%s%n", runId, cutoff,
        cutoffs.size() > 1 ? " (" + cutoffs.size() + " daily snapshots from " + cutoffs.get(0) + ")" : ""));
    b.append(String.format("  files ingested        %,d (%,d already ingested, %,d duplicate deliveries skipped, %,d replaced%s)%n",
        filesIngested, filesAlreadyIngested, filesDuplicate, filesReplaced,
        filesEmpty > 0 ? String.format(", %,d with no rows", filesEmpty) : ""));
    if (!filesRejected.isEmpty() || filesStillRejected > 0) {
      b.append(String.format("  files rejected        %,d (unreadable, none of their rows ingested)%s%n", filesRejected.size(),
          filesStillRejected > 0 ? String.format("; %,d rejected before and unchanged", filesStillRejected) : ""));
      filesRejected.forEach(f -> b.append("    ").append(f).append(System.lineSeparator()));
    }
    b.append(String.format("  rows ingested         %,d%n", rowsIngested));
    if (!files.isEmpty()) {
      long withPhone = files.stream().mapToLong(io.uptake.quality.RowAccounting.FileAccount::withPhone).sum();
      long anonymous = files.stream().mapToLong(io.uptake.quality.RowAccounting.FileAccount::anonymous).sum();
      long quarantinedTonight = files.stream().mapToLong(io.uptake.quality.RowAccounting.FileAccount::quarantined).sum();
      long inBronze = files.stream().mapToLong(io.uptake.quality.RowAccounting.FileAccount::rowsInBronze).sum();
      b.append(String.format("  every row accounted   read %,d = in bronze %,d = %,d with phone + %,d anonymous + %,d quarantined, "
          + "in each of %,d file(s)%n", rowsRead(), inBronze, withPhone, anonymous, quarantinedTonight, files.size()));
    }
    b.append(String.format("  rows in bronze        %,d%n", rowsInBronze));
    b.append(String.format("  of which accepted     %,d (%,d without phone, %,d after the cut-off)%n",
        accepted, anonymousInstalls, afterCutoff));
    b.append(String.format("  of which quarantined  %,d%n", quarantined()));
    quarantinedByReason.forEach((reason, n) -> b.append(String.format("    %-20s%,d%n", reason, n)));
    b.append(String.format("  phones counted        %,d (%,d in no known province)%n", phones, phonesUnknownProvince));
    b.append(String.format("  phones changed        %,d added, %,d re-attributed%s%n", phonesAdded, phonesReattributed,
        phonesNoLongerCounted > 0 ? String.format(", %,d no longer counted (an earlier cut-off)", phonesNoLongerCounted) : ""));
    if (!expectations.isEmpty()) {
      java.util.Map<String, Long> outcomes = expectations.stream().collect(java.util.stream.Collectors.groupingBy(
          io.uptake.quality.ExpectationResult::outcome, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
      b.append(String.format("  expectations          %s%n", outcomes.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "))));
      expectations.forEach(e -> b.append("    ").append(e.describe()).append(System.lineSeparator()));
    }
    b.append(String.format("  time                  %.1f s%n", totalMillis / 1000.0));
    return b.toString();
  }
}
