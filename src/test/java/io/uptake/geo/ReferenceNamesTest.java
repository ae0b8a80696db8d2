package io.uptake.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Holds the 2021 reference to what makes diacritic-free name matching safe. */
class ReferenceNamesTest {
  private static final AdminUnits UNITS = AdminUnits.bundled();

  @Test
  void theReferenceHas63ProvincesAnd705Districts() {
    assertThat(UNITS.provinces()).hasSize(63);
    assertThat(UNITS.districts()).hasSize(705);
  }

  @Test
  void noTwoProvincesShareAFoldedName() {
    Map<String, List<String>> byKey = new TreeMap<>();
    UNITS.provinces().forEach(p -> byKey.computeIfAbsent(FoldedName.keyOf(p.baseName()), k -> new ArrayList<>()).add(p.name()));
    assertThat(byKey.values()).allSatisfy(names -> assertThat(names).hasSize(1));
  }

  @Test
  void withinAProvinceOnlyTheSixPrefixPairsShareAFoldedName() {
    Map<String, List<String>> byKey = new TreeMap<>();
    UNITS.districts().forEach(d ->
        byKey.computeIfAbsent(d.parentCode() + "/" + FoldedName.keyOf(d.baseName()), k -> new ArrayList<>()).add(d.code()));
    Map<String, List<String>> shared = new TreeMap<>();
    byKey.forEach((k, codes) -> {
      if (codes.size() > 1) {
        shared.put(k, codes.stream().sorted().toList());
      }
    });
    assertThat(shared).containsOnlyKeys("42/kyanh", "82/cailay", "84/duyenhai", "87/caolanh", "87/hongngu", "93/longmy");
    shared.forEach((k, codes) -> {
      assertThat(codes).hasSize(2);
      assertThat(codes.stream().map(c -> UNITS.district(c).orElseThrow().type()).distinct()).as(k).hasSize(2);
    });
  }
}
