package io.uptake.pipeline;

import io.uptake.error.ExitCode;
import io.uptake.quality.ExpectationResult;
import io.uptake.quality.RowAccounting.FileAccount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a run did, in counts only (no phone number ever appears here): its files, its rows, its
 * phones, the expectations it evaluated, and the tables it left.
 *
 * @param cutoff the latest of {@code cutoffs}, the one {@code silver/phones} is now as of
 * @param tableVersions each table's Delta version after the run, by path under the warehouse
 * @param stageMillis how long each step of the progress output took
 */
public record RunSummary(
    String runId,
    Instant cutoff,
    List<Instant> cutoffs,
    Files files,
    Rows rows,
    Phones phones,
    List<ExpectationResult> expectations,
    Map<String, Long> tableVersions,
    Map<String, Long> stageMillis,
    long totalMillis) {

  /**
   * The landing files as the ledger sorted them.
   *
   * @param rejected "path: line N: reason" per file rejected tonight
   * @param stillRejected files rejected by an earlier run and unchanged since
   * @param empty files ingested with no rows (no line, or a CSV header alone)
   * @param accounts per file ingested tonight: rows read, in bronze, with a phone, anonymous,
   *     quarantined (they add up)
   */
  public record Files(long ingested, long alreadyIngested, long duplicate, long replaced, List<String> rejected,
      long stillRejected, long empty, List<FileAccount> accounts) {

    /** Rows read from tonight's files, counted as they were inspected. */
    public long rowsRead() {
      return accounts.stream().mapToLong(FileAccount::rowsRead).sum();
    }
  }

  /**
   * Tonight's rows once cleaned.
   *
   * @param ingested rows cleaned tonight (all of bronze's in a rebuild)
   * @param inBronze rows in bronze after the run
   * @param accepted rows that passed every check, of which {@code anonymous} had no phone and
   *     {@code afterCutoff} came after the latest cut-off
   */
  public record Rows(long ingested, long inBronze, long accepted, long anonymous, long afterCutoff,
      Map<String, Long> quarantinedByReason) {

    public long quarantined() {
      return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Phones in {@code silver/phones} as of the latest cut-off, and how the run changed them.
   *
   * @param unknownProvince counted phones in no known province
   * @param noLongerCounted phones a cut-off earlier than the previous one no longer counts
   */
  public record Phones(long counted, long unknownProvince, long added, long reattributed, long noLongerCounted) {}

  /** 4 when tonight rejected a file (a file still rejected from before does not raise it again). */
  public ExitCode exitCode() {
    return files.rejected().isEmpty() ? ExitCode.OK : ExitCode.COMPLETED_WITH_REJECTED_FILES;
  }

  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("Run %s as of %s%s%n", runId, cutoff,
        cutoffs.size() > 1 ? " (" + cutoffs.size() + " daily snapshots from " + cutoffs.get(0) + ")" : ""));
    b.append(String.format("  files ingested        %,d (%,d already ingested, %,d duplicate deliveries skipped, %,d replaced%s)%n",
        files.ingested(), files.alreadyIngested(), files.duplicate(), files.replaced(),
        files.empty() > 0 ? String.format(", %,d with no rows", files.empty()) : ""));
    if (!files.rejected().isEmpty() || files.stillRejected() > 0) {
      b.append(String.format("  files rejected        %,d (unreadable, none of their rows ingested)%s%n", files.rejected().size(),
          files.stillRejected() > 0 ? String.format("; %,d rejected before and unchanged", files.stillRejected()) : ""));
      files.rejected().forEach(f -> b.append("    ").append(f).append(System.lineSeparator()));
    }
    b.append(String.format("  rows ingested         %,d%n", rows.ingested()));
    List<FileAccount> accounts = files.accounts();
    if (!accounts.isEmpty()) {
      b.append(String.format("  every row accounted   read %,d = in bronze %,d = %,d with phone + %,d anonymous + %,d quarantined, "
          + "in each of %,d file(s)%n", files.rowsRead(), accounts.stream().mapToLong(FileAccount::rowsInBronze).sum(),
          accounts.stream().mapToLong(FileAccount::withPhone).sum(), accounts.stream().mapToLong(FileAccount::anonymous).sum(),
          accounts.stream().mapToLong(FileAccount::quarantined).sum(), accounts.size()));
    }
    b.append(String.format("  rows in bronze        %,d%n", rows.inBronze()));
    b.append(String.format("  of which accepted     %,d (%,d without phone, %,d after the cut-off)%n",
        rows.accepted(), rows.anonymous(), rows.afterCutoff()));
    b.append(String.format("  of which quarantined  %,d%n", rows.quarantined()));
    rows.quarantinedByReason().forEach((reason, n) -> b.append(String.format("    %-20s%,d%n", reason, n)));
    b.append(String.format("  phones counted        %,d (%,d in no known province)%n", phones.counted(), phones.unknownProvince()));
    b.append(String.format("  phones changed        %,d added, %,d re-attributed%s%n", phones.added(), phones.reattributed(),
        phones.noLongerCounted() > 0
            ? String.format(", %,d no longer counted (an earlier cut-off)", phones.noLongerCounted()) : ""));
    if (!expectations.isEmpty()) {
      Map<String, Long> outcomes = expectations.stream().collect(
          Collectors.groupingBy(ExpectationResult::outcome, TreeMap::new, Collectors.counting()));
      b.append(String.format("  expectations          %s%n", outcomes.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))));
      expectations.forEach(e -> b.append("    ").append(e.describe()).append(System.lineSeparator()));
    }
    b.append(String.format("  time                  %.1f s%n", totalMillis / 1000.0));
    return b.toString();
  }
}
