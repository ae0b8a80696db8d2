package io.uptake.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.report.SmallCells.Cell;
import io.uptake.report.SmallCells.Mark;
import io.uptake.schema.RowType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallCellsTest {
  private static final Mark S = Mark.SHOWN;
  private static final Mark P = Mark.BELOW_MIN;
  private static final Mark C = Mark.COMPLEMENTARY;

  private static Cell district(String province, String district, long n) {
    return new Cell(RowType.DISTRICT, province, district, n);
  }

  private static Cell unassigned(String province, long n) {
    return new Cell(RowType.UNASSIGNED, province, null, n);
  }

  private static Cell total(String province, long n) {
    return new Cell(RowType.PROVINCE_TOTAL, province, null, n);
  }

  @Test
  void oneSmallDistrictHidesTheNextSmallestCellOfItsProvince() {
    List<Cell> cells = List.of(district("08", "070", 3), district("08", "071", 40), district("08", "072", 25),
        unassigned("08", 0), total("08", 68), new Cell(RowType.NATIONAL_TOTAL, null, null, 68));
    // 3 and 0 are small, but together hold less than 10: the next smallest cell goes too.
    assertThat(SmallCells.suppress(cells, 10)).containsExactly(P, S, C, P, S, S);
  }

  @Test
  void hiddenCellsMustHoldTwiceTheMinimum() {
    // 6 + 5 + 2 = 13 < 20: the next smallest goes too.
    List<Cell> cells = List.of(district("08", "070", 6), district("08", "071", 5), district("08", "072", 25),
        unassigned("08", 2), total("08", 38));
    assertThat(SmallCells.suppress(cells, 10)).containsExactly(P, P, C, P, S);
    assertThat(SmallCells.suppress(List.of(district("08", "070", 9), district("08", "071", 9), district("08", "072", 25),
        unassigned("08", 2), total("08", 45)), 10)).containsExactly(P, P, S, P, S);
    // Zero is small too; a province with nothing small is untouched.
    assertThat(SmallCells.suppress(List.of(district("01", "001", 0), district("01", "002", 12), unassigned("01", 15),
        total("01", 27)), 10)).containsExactly(P, C, C, S);
    assertThat(SmallCells.suppress(List.of(district("01", "001", 15), district("01", "002", 12), unassigned("01", 10),
        total("01", 37)), 10)).containsExactly(S, S, S, S);
  }

  @Test
  void aSmallProvinceTotalIsProtectedAcrossTheCountryAndItsComplementHidesEnoughOfItsDistricts() {
    List<Cell> cells = List.of(
        district("08", "070", 4), district("08", "071", 0), unassigned("08", 0), total("08", 4),
        district("01", "001", 500), district("01", "002", 20), district("01", "003", 30), unassigned("01", 0), total("01", 550),
        district("02", "024", 900), unassigned("02", 100), total("02", 1000),
        new Cell(RowType.UNKNOWN_PROVINCE, null, null, 700),
        new Cell(RowType.NATIONAL_TOTAL, null, null, 2254));
    List<Mark> marks = SmallCells.suppress(cells, 10);
    // 08's total (4) is small and hidden, with all its cells. 01's total (550), the smallest other
    // national cell, is hidden for it; 01's districts must not give it back, and already do not:
    // its 0 and 20 are hidden (two cells, 20 = twice the minimum).
    assertThat(marks).containsExactly(
        P, P, P, P,
        S, C, S, P, C,
        S, S, S,
        S,
        S);
  }

  /**
   * An attacker who knows the rule and sees a province's table (which cells are hidden, the shown
   * counts and the total) lists every set of values the hidden cells could hold that the rule
   * would hide exactly so. No hidden count below min may be pinned to one value.
   */
  @Test
  void anAttackerWhoKnowsTheRuleCannotPinASmallCount() {
    // Found by review: ties (an unassigned 9 beside districts of 12, 12, 30) and a small shown cell.
    assertThat(attack(List.of(unassigned("01", 9), district("01", "001", 12), district("01", "002", 12),
        district("01", "003", 30)), 10)).isPositive();
    assertThat(attack(List.of(district("01", "001", 5), district("01", "002", 5), district("01", "003", 3),
        unassigned("01", 6)), 4)).isPositive();
    assertThat(attack(List.of(district("01", "001", 3), district("01", "002", 3), district("01", "003", 3),
        unassigned("01", 4)), 4)).isPositive();
    Random random = new Random(7);
    int checked = 0;
    for (int round = 0; round < 3000; round++) {
      int min = 3 + random.nextInt(8);
      int size = 2 + random.nextInt(4);
      // Half the rounds draw from a narrow range, where ties and near-minimum cells are common.
      int spread = round % 2 == 0 ? 2 * min + 6 : min + 3;
      List<Cell> cells = new ArrayList<>();
      for (int d = 0; d < size; d++) {
        long n = random.nextInt(5) == 0 ? 0 : random.nextInt(2) == 0 ? 1 + random.nextInt(min - 1) : random.nextInt(spread);
        cells.add(d == size - 1 ? unassigned("01", n) : district("01", String.format("%03d", d), n));
      }
      checked += attack(cells, min);
    }
    assertThat(checked).as("small counts checked").isGreaterThan(1000);
  }

  /** Attacks one province's cells (its total shown); returns how many small hidden counts it could not pin. */
  private static int attack(List<Cell> provinceCells, int min) {
    long total = provinceCells.stream().mapToLong(Cell::count).sum();
    if (total < min) {
      return 0; // a hidden total: protected one level up, see the hand-worked case above
    }
    List<Cell> cells = new ArrayList<>(provinceCells);
    int size = cells.size();
    cells.add(total("01", total));
    cells.add(new Cell(RowType.UNKNOWN_PROVINCE, null, null, 1000));
    cells.add(new Cell(RowType.NATIONAL_TOTAL, null, null, total + 1000));
    List<Mark> marks = SmallCells.suppress(cells, min);
    List<Integer> hidden = new ArrayList<>();
    long shownSum = 0;
    for (int i = 0; i < size; i++) {
      if (marks.get(i) != S) {
        hidden.add(i);
      } else {
        shownSum += cells.get(i).count();
      }
    }
    if (hidden.isEmpty() || hidden.size() > 5 || total - shownSum > 60) {
      return 0;
    }
    List<java.util.Set<Long>> possible = new ArrayList<>();
    hidden.forEach(i -> possible.add(new java.util.TreeSet<>()));
    enumerate(cells, marks, hidden, 0, total - shownSum, new long[hidden.size()], min, possible);
    int checked = 0;
    for (int h = 0; h < hidden.size(); h++) {
      long truth = cells.get(hidden.get(h)).count();
      assertThat(possible.get(h)).as("min %d: %s hides %s", min, cells, hidden).contains(truth);
      if (truth < min) {
        assertThat(possible.get(h)).as("min %d, cell %d of %s: the attacker's candidates", min, hidden.get(h), cells)
            .hasSizeGreaterThan(1);
        checked++;
      }
    }
    return checked;
  }

  /** Every split of {@code left} among the hidden cells that the rule would hide exactly so. */
  private static void enumerate(List<Cell> cells, List<Mark> marks, List<Integer> hidden, int at, long left, long[] values,
      int min, List<java.util.Set<Long>> possible) {
    if (at == hidden.size() - 1) {
      values[at] = left;
      List<Cell> guess = new ArrayList<>(cells);
      for (int h = 0; h < hidden.size(); h++) {
        Cell c = cells.get(hidden.get(h));
        guess.set(hidden.get(h), new Cell(c.rowType(), c.provinceCode(), c.districtCode(), values[h]));
      }
      List<Mark> again = SmallCells.suppress(guess, min);
      for (int i = 0; i < cells.size(); i++) {
        if ((again.get(i) == S) != (marks.get(i) == S)) {
          return;
        }
      }
      for (int h = 0; h < hidden.size(); h++) {
        possible.get(h).add(values[h]);
      }
      return;
    }
    for (long v = 0; v <= left; v++) {
      values[at] = v;
      enumerate(cells, marks, hidden, at + 1, left - v, values, min, possible);
    }
  }

  /**
   * The rule's invariants on random snapshots: every small count is hidden, and under a shown (or
   * hidden) total the hidden cells are at least two holding at least twice the minimum, or the
   * whole group.
   */
  @Test
  void noHiddenCountFollowsFromTheShownOnesOnRandomSnapshots() {
    Random random = new Random(20211);
    for (int round = 0; round < 2000; round++) {
      int min = 2 + random.nextInt(15);
      List<Cell> cells = new ArrayList<>();
      long national = 0;
      int provinces = 1 + random.nextInt(4);
      for (int p = 0; p < provinces; p++) {
        String code = String.format("%02d", p);
        long sum = 0;
        int districts = 1 + random.nextInt(5);
        for (int d = 0; d <= districts; d++) {
          long n = random.nextInt(4) == 0 ? 0 : random.nextInt(3) == 0 ? random.nextInt(min + 1) : random.nextInt(200);
          cells.add(d == districts ? unassigned(code, n) : district(code, String.format("%03d", d), n));
          sum += n;
        }
        cells.add(total(code, sum));
        national += sum;
      }
      long unknown = random.nextInt(3) == 0 ? random.nextInt(min) : random.nextInt(50);
      cells.add(new Cell(RowType.UNKNOWN_PROVINCE, null, null, unknown));
      cells.add(new Cell(RowType.NATIONAL_TOTAL, null, null, national + unknown));
      List<Mark> marks = SmallCells.suppress(cells, min);

      for (int i = 0; i < cells.size(); i++) {
        long n = cells.get(i).count();
        assertThat(marks.get(i) == P).as("round %d cell %s", round, cells.get(i)).isEqualTo(n < min);
      }
      // Groups: each province's districts and unassigned under its total; the totals and unknown under the nation.
      for (int t = 0; t < cells.size(); t++) {
        Cell top = cells.get(t);
        List<Integer> group = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
          Cell c = cells.get(i);
          boolean under = top.rowType() == RowType.PROVINCE_TOTAL
              ? (c.rowType() == RowType.DISTRICT || c.rowType() == RowType.UNASSIGNED) && c.provinceCode().equals(top.provinceCode())
              : top.rowType() == RowType.NATIONAL_TOTAL && (c.rowType() == RowType.PROVINCE_TOTAL || c.rowType() == RowType.UNKNOWN_PROVINCE);
          if (under) {
            group.add(i);
          }
        }
        if (group.isEmpty()) {
          continue;
        }
        long hidden = group.stream().filter(i -> marks.get(i) != S).count();
        long hiddenSum = group.stream().filter(i -> marks.get(i) != S).mapToLong(i -> cells.get(i).count()).sum();
        boolean totalHidden = marks.get(t) != S;
        if (hidden > 0 || totalHidden) {
          assertThat(hidden == group.size() || hidden >= 2 && hiddenSum >= 2L * min)
              .as("round %d (min %d): the group under %s hides %d cells holding %d: %s", round, min, top, hidden, hiddenSum, cells)
              .isTrue();
        }
      }
    }
  }
}
