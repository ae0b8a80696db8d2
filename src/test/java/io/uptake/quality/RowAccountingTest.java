package io.uptake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class RowAccountingTest {

  private static Row m(String file, String measure, long rows) {
    return RowFactory.create(file, measure, rows);
  }

  @Test
  void filesThatAddUpPassAndMissingMeasuresCountZero() {
    Map<String, Long> read = new LinkedHashMap<>();
    read.put("file:/l/a.jsonl", 10L);
    read.put("file:/l/empty.csv", 0L);
    List<RowAccounting.FileAccount> accounts = RowAccounting.accounts(read, List.of(
        m("file:/l/a.jsonl", "in_bronze", 10), m("file:/l/a.jsonl", "with_phone", 7),
        m("file:/l/a.jsonl", "anonymous", 1), m("file:/l/a.jsonl", "quarantined", 2)));
    assertThat(accounts).containsExactly(
        new RowAccounting.FileAccount("file:/l/a.jsonl", 10, 10, 7, 1, 2),
        new RowAccounting.FileAccount("file:/l/empty.csv", 0, 0, 0, 0, 0));
    RowAccounting.check(accounts);
    assertThat(accounts.get(0).describe()).isEqualTo("read 10, in bronze 10 = 7 with phone + 1 anonymous + 2 quarantined");
  }

  @Test
  void aRowLostOrDoubledAnywhereStopsTheRunNamingTheFileAndItsNumbers() {
    List<RowAccounting.FileAccount> accounts = List.of(
        new RowAccounting.FileAccount("file:/l/a.jsonl", 10, 10, 7, 1, 1),   // a quarantined row lost
        new RowAccounting.FileAccount("file:/l/b.jsonl", 5, 6, 4, 1, 1),     // a row doubled in bronze
        new RowAccounting.FileAccount("file:/l/c.jsonl", 5, 5, 4, 1, 0));    // adds up
    assertThat(accounts.stream().map(RowAccounting.FileAccount::holds)).containsExactly(false, false, true);
    assertThatThrownBy(() -> RowAccounting.check(accounts))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTERNAL))
        .hasMessage("Cannot account for every row of the night's files: 2 file(s) do not add up: "
            + "/l/a.jsonl: read 10, in bronze 10 = 7 with phone + 1 anonymous + 1 quarantined (9); "
            + "/l/b.jsonl: read 5, in bronze 6 = 4 with phone + 1 anonymous + 1 quarantined. "
            + "Nothing was recorded as ingested, so a rerun takes these files again; report it if it repeats");
  }
}
