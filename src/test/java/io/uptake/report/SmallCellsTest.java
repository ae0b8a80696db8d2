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
    // 3 alone would follow from 68 - 40 - 25 - 0; the 0 is the next smallest, but 3 + 0 < 10: 25 goes too.
    assertThat(SmallCells.suppress(cells, 10)).containsExactly(P, S, C, C, S, S);
  }

  @Test
  void twoSmallCellsThatTogetherReachTheMinimumNeedNoMore() {
    List<Cell> cells = List.of(district("08", "070", 6), district("08", "071", 5), district("08", "072", 25),
        unassigned("08", 2), total("08", 38));
    assertThat(SmallCells.suppress(cells, 10)).containsExactly(P, P, S, P, S);
    // Zero is shown, and a province with nothing small is untouched.
    assertThat(SmallCells.suppress(List.of(district("01", "001", 0), district("01", "002", 12), unassigned("01", 0),
        total("01", 12)), 10)).containsExactly(S, S, S, S);
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
    // 08's total (4) is small: hidden, with all of its cells. 01's total (550), the smallest other
    // national cell, is hidden for it; then 01's districts must not give it back: its smallest cells
    // (the 0 unassigned, then 20) are hidden, two holding at least 10.
    assertThat(marks).containsExactly(
        P, C, C, P,
        S, C, S, C, C,
        S, S, S,
        S,
        S);
  }

  /**
   * The rule, checked as an attacker would: on random snapshots, every small count is hidden, and no
   * hidden count follows from a shown total and the shown cells beside it (at least two hidden,
   * together at least the minimum, or the whole group hidden).
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
        assertThat(marks.get(i) == P).as("round %d cell %s", round, cells.get(i)).isEqualTo(n >= 1 && n < min);
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
          assertThat(hidden == group.size() || hidden >= 2 && hiddenSum >= min)
              .as("round %d (min %d): the group under %s hides %d cells holding %d: %s", round, min, top, hidden, hiddenSum, cells)
              .isTrue();
        }
      }
    }
  }
}
