package io.uptake.report;

import io.uptake.schema.RowType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small-cell suppression of one snapshot's counts, for published outputs (reports and the published
 * views; gold keeps the true counts). Primary: a count below {@code minCount}, zero included, is
 * suppressed (were zero shown, a hidden cell would be known to hold at least 1, which with a total
 * can pin it: three hidden cells under a total of 3 are 1 each).
 * Complementary: a published total must not give a suppressed count back by subtraction, so within
 * each group that adds up to a total (a province's districts and unassigned row → its total; the
 * province totals and unknown province → the national total), cells are suppressed smallest
 * first, equal cells together, until the group's suppressed cells are at least two, hold at least
 * twice {@code minCount}, and do not reach the most a reader who knows this rule can put in each
 * ({@link #pinned}); or until the whole group is. Each condition answers a case where such a
 * reader pinned a count: with a minimum of 4, cells 4, 3, 3 under a total of 10 hiding the two 3s
 * alone (a hidden 4 or more would have been chosen only after the shown 4, so both are 3). A province total suppressed for the national group in turn
 * needs its districts to hide as much, or their sum would give it back. Published outputs show
 * both kinds with one label: telling them apart would say which hidden cells are below the
 * minimum.
 *
 * <p>What this does not protect against: differences between snapshots (a count of 12 one day and
 * 13 the next shows one new phone), as with any cell suppression without noise.
 */
public final class SmallCells {
  private SmallCells() {}

  /** Whether a count is shown, and why not (the why is never published). */
  public enum Mark {
    SHOWN,
    /** Below the minimum (zero included). */
    BELOW_MIN,
    /** Suppressed so that a {@link #BELOW_MIN} cell cannot be worked out from a total. */
    COMPLEMENTARY;

    public boolean hidden() {
      return this != SHOWN;
    }
  }

  /** One count of a snapshot, where it sits in the hierarchy. */
  public record Cell(RowType rowType, String provinceCode, String districtCode, long count) {}

  /** A mark per cell, in the cells' order. */
  public static List<Mark> suppress(List<Cell> cells, int minCount) {
    return suppress(cells, minCount, new boolean[cells.size()]);
  }

  /** As above, with {@code mustHide} cells hidden as if small (derived from a count hidden elsewhere). */
  public static List<Mark> suppress(List<Cell> cells, int minCount, boolean[] mustHide) {
    Mark[] marks = new Mark[cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      long n = cells.get(i).count();
      marks[i] = n < minCount || mustHide[i] ? Mark.BELOW_MIN : Mark.SHOWN;
    }
    Map<String, List<Integer>> provinces = new LinkedHashMap<>();
    List<Integer> national = new ArrayList<>();
    Map<String, Integer> provinceTotals = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      switch (c.rowType()) {
        case DISTRICT, UNASSIGNED -> provinces.computeIfAbsent(c.provinceCode(), k -> new ArrayList<>()).add(i);
        case PROVINCE_TOTAL -> {
          national.add(i);
          provinceTotals.put(c.provinceCode(), i);
        }
        case UNKNOWN_PROVINCE -> national.add(i);
        case NATIONAL_TOTAL -> { }
      }
    }
    provinces.values().forEach(group -> complement(cells, marks, group, false, minCount));
    complement(cells, marks, national, false, minCount);
    // A province total hidden at the national level stays hidden only if its districts hide enough.
    provinceTotals.forEach((province, total) -> {
      if (marks[total] != Mark.SHOWN) {
        complement(cells, marks, provinces.getOrDefault(province, List.of()), true, minCount);
      }
    });
    return List.of(marks);
  }

  private static void complement(List<Cell> cells, Mark[] marks, List<Integer> group, boolean totalHidden, int minCount) {
    int hidden = 0;
    long hiddenSum = 0;
    for (int i : group) {
      if (marks[i] != Mark.SHOWN) {
        hidden++;
        hiddenSum += cells.get(i).count();
      }
    }
    if (hidden == 0 && !totalHidden) {
      return;
    }
    List<Integer> candidates = group.stream().filter(i -> marks[i] == Mark.SHOWN)
        .sorted(Comparator.comparingLong((Integer i) -> cells.get(i).count())
            .thenComparing(i -> cells.get(i).rowType().ordinal())
            .thenComparing(i -> String.valueOf(cells.get(i).districtCode()) + "/" + cells.get(i).provinceCode()))
        .toList();
    int next = 0;
    while (next < candidates.size() && (hidden < 2 || hiddenSum < 2L * minCount
        || pinned(hiddenSum, hidden, cells.get(candidates.get(next)).count(), minCount))) {
      // A cell equal to the one hidden goes with it: were one of two equal cells left, a reader
      // would know the hidden one was chosen first, so no larger than the one shown.
      long value = cells.get(candidates.get(next)).count();
      while (next < candidates.size() && cells.get(candidates.get(next)).count() == value) {
        marks[candidates.get(next)] = Mark.COMPLEMENTARY;
        hidden++;
        hiddenSum += value;
        next++;
      }
    }
  }

  /**
   * Whether a reader who knows this rule can tell each hidden cell's value from their sum: each
   * holds at most the larger of min - 1 (a small cell) and the smallest shown cell minus one (a
   * cell hidden before it), so a sum that reaches that bound times the cells leaves one answer
   * (three hidden cells holding 9 under a minimum of 4 with a 4 shown are 3 each).
   */
  private static boolean pinned(long hiddenSum, int hidden, long smallestShown, int minCount) {
    long most = Math.max(minCount - 1L, smallestShown - 1);
    return hiddenSum >= hidden * most;
  }
}
