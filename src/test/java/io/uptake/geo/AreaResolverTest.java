package io.uptake.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Province and district values as people write them, and the GSO code each resolves to. */
class AreaResolverTest {

  private static final AreaResolver RESOLVER = AreaResolver.create(AdminUnits.bundled(), Reference.aliases(null));
  private static final AreaResolver WITHOUT_ALIASES = AreaResolver.create(AdminUnits.bundled(), Aliases.none());
  private static final String REFERENCE_CSV = "/reference/vn_admin_units_2021-02-01.csv";
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # case, diacritics, prefixes, spacing
      Hà Nội                      | 01
      hà nội                      | 01
      HÀ NỘI                      | 01
      Ha Noi                      | 01
      ha noi                      | 01
      HANOI                       | 01
      Thành phố Hà Nội            | 01
      Thanh pho Ha Noi            | 01
      TP Hà Nội                   | 01
      TP. Hà Nội                  | 01
      TP.Hà Nội                   | 01
      tp ha noi                   | 01
      '  Hà   Nội  '              | 01
      'Thành  phố   Hà Nội'       | 01
      # a prefix that fits no unit of that name is ignored
      Tỉnh Hà Nội                 | 01
      # old and new tone-mark placement
      Thanh Hóa                   | 38
      Thanh Hoá                   | 38
      Thanh Hoa                   | 38
      Tỉnh Thanh Hoá              | 38
      Tinh Thanh Hoa              | 38
      Khánh Hòa                   | 56
      Khánh Hoà                   | 56
      Khanh Hoa                   | 56
      Hòa Bình                    | 17
      Hoà Bình                    | 17
      Tỉnh Hoà Bình               | 17
      Thành phố Hồ Chí Minh       | 79
      TP. Hồ Chí Minh             | 79
      Ho Chi Minh                 | 79
      Thừa Thiên Huế              | 46
      Thua Thien Hue              | 46
      Đồng Tháp                   | 87
      Dong Thap                   | 87
      Bà Rịa - Vũng Tàu           | 77
      Ba Ria Vung Tau             | 77
      # codes, with or without leading zeros
      1                           | 01
      01                          | 01
      ' 01 '                      | 01
      79                          | 79
      079                         | 79
      8                           | 08
      # the alias list
      TPHCM                       | 79
      TP.HCM                      | 79
      TP HCM                      | 79
      HCM                         | 79
      Sài Gòn                     | 79
      Sai Gon                     | 79
      SÀI GÒN                     | 79
      Huế                         | 46
      Hue                         | 46
      HN                          | 01
      BR-VT                       | 77
      Vũng Tàu                    | 77
      Đắc Lắc                     | 66
      Daklak                      | 66
      TT Huế                      | 46
      # an abbreviated Tỉnh
      T. Hà Giang                 | 02
      T.Tây Ninh                  | 72
      Tây Ninh                    | 72
      # punctuation people use inside names
      Bà Rịa–Vũng Tàu             | 77
      Bà Rịa Vũng Tàu             | 77
      ' Hà Nội '        | 01
      """)
  void resolvesProvince(String raw, String code) {
    assertThat(RESOLVER.resolveProvince(raw)).as(raw).contains(code);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullSource
  @ValueSource(strings = {"", "   ", "\u00A0", "Atlantis", "xyz", "Tỉnh", "TP", "TP.", "-", "0", "00", "99", "100", "Hà Nội Mới"})
  void doesNotResolveUnknownOrBlankProvince(String raw) {
    assertThat(RESOLVER.resolveProvince(raw)).isEmpty();
    assertThat(WITHOUT_ALIASES.resolveProvince(raw)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"Sài Gòn", "TPHCM", "HCM", "Huế", "HN"})
  void aliasesResolveOnlyFromTheAliasList(String raw) {
    assertThat(RESOLVER.resolveProvince(raw)).isPresent();
    assertThat(WITHOUT_ALIASES.resolveProvince(raw)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0} \"{1}\" → {2}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # case, diacritics, prefixes and their abbreviations, spacing
      01 | Ba Đình                | 001
      01 | ba đình                | 001
      01 | BA ĐÌNH                | 001
      01 | Ba Dinh                | 001
      01 | Quận Ba Đình           | 001
      01 | quan ba dinh           | 001
      01 | Q. Ba Đình             | 001
      01 | Q.Ba Đình              | 001
      01 | Q Ba Đình              | 001
      01 | '  Quận   Ba  Đình  '  | 001
      01 | Huyện Đông Anh         | 017
      01 | H. Đông Anh            | 017
      01 | H Gia Lâm              | 018
      01 | huyen soc son          | 016
      01 | Thị xã Sơn Tây         | 269
      01 | TX. Sơn Tây            | 269
      01 | TX Sơn Tây             | 269
      01 | tx son tay             | 269
      79 | Thành phố Thủ Đức      | 769
      79 | TP Thủ Đức             | 769
      79 | TP. Thu Duc            | 769
      79 | Thủ Đức                | 769
      # numbered urban districts
      79 | Quận 1                 | 760
      79 | quan 1                 | 760
      79 | Q.1                    | 760
      79 | Q. 1                   | 760
      79 | Q1                     | 760
      79 | Q 1                    | 760
      79 | Quận 01                | 760
      79 | Quận 12                | 761
      79 | Q12                    | 761
      # a value of digits is a code first, with or without leading zeros, then a name
      01 | 1                      | 001
      01 | 01                     | 001
      01 | 001                    | 001
      79 | 760                    | 760
      79 | 1                      | 760
      79 | 12                     | 761
      # a district resolves only within its row's province
      79 | Ba Đình                | -
      79 | Quận Ba Đình           | -
      01 | 760                    | -
      01 | Quận 1                 | -
      79 | 002                    | -
      # old and new tone-mark placement
      25 | Thanh Thuỷ             | 239
      25 | Thanh Thủy             | 239
      25 | Thanh Thuy             | 239
      17 | Yên Thủy               | 158
      17 | Yên Thuỷ               | 158
      92 | Bình Thuỷ              | 918
      92 | Q. Bình Thủy           | 918
      31 | Thủy Nguyên            | 311
      31 | Thuỷ Nguyên            | 311
      38 | Cẩm Thuỷ               | 390
      54 | Tuy Hòa                | 555
      54 | TP Tuy Hoà             | 555
      38 | Thanh Hoá              | 380
      38 | TP. Thanh Hóa          | 380
      # the six Thành phố/Thị xã vs Huyện pairs: the prefix is part of the match
      87 | TP Cao Lãnh            | 866
      87 | TP. Cao Lãnh           | 866
      87 | TP.Cao Lãnh            | 866
      87 | Thành phố Cao Lãnh     | 866
      87 | thanh pho cao lanh     | 866
      87 | Huyện Cao Lãnh         | 873
      87 | H. Cao Lãnh            | 873
      87 | H.Cao Lãnh             | 873
      87 | H Cao Lãnh             | 873
      87 | huyen cao lanh         | 873
      87 | Cao Lãnh               | -
      87 | Cao Lanh               | -
      87 | Quận Cao Lãnh          | -
      87 | TP Hồng Ngự            | 868
      87 | Thành phố Hồng Ngự     | 868
      87 | Huyện Hồng Ngự         | 870
      87 | H. Hồng Ngự            | 870
      87 | Hồng Ngự               | -
      42 | TX Kỳ Anh              | 449
      42 | TX. Kỳ Anh             | 449
      42 | Thị xã Kỳ Anh          | 449
      42 | Huyện Kỳ Anh           | 447
      42 | H. Ky Anh              | 447
      42 | Kỳ Anh                 | -
      82 | TX Cai Lậy             | 817
      82 | Thị xã Cai Lậy         | 817
      82 | Huyện Cai Lậy          | 820
      82 | H Cai Lay              | 820
      82 | Cai Lậy                | -
      84 | TX Duyên Hải           | 851
      84 | Thị xã Duyên Hải       | 851
      84 | Huyện Duyên Hải        | 850
      84 | H. Duyên Hải           | 850
      84 | Duyên Hải              | -
      93 | TX. Long Mỹ            | 937
      93 | Thị xã Long Mỹ         | 937
      93 | Huyện Long Mỹ          | 936
      93 | H. Long My             | 936
      93 | Long Mỹ                | -
      # a prefix that fits no unit of that name is ignored
      08 | Quận Na Hang           | 072
      01 | Huyện Ba Đình          | 001
      # names that begin with a prefix-like word
      38 | Quan Hóa               | 385
      38 | Quan Hoá               | 385
      38 | Quan Hoa               | 385
      38 | Huyện Quan Hóa         | 385
      38 | H. Quan Hoá            | 385
      38 | Quan Sơn               | 387
      38 | quan son               | 387
      38 | Huyện Quan Sơn         | 387
      02 | Quản Bạ                | 029
      02 | Quan Ba                | 029
      02 | Huyện Quản Bạ          | 029
      # the alias list
      08 | Nà Hang                | 072
      08 | Huyện Nà Hang          | 072
      08 | Na Hang                | 072
      # garbage
      01 | xyz                    | -
      01 | Huyện                  | -
      01 | Q.                     | -
      01 | 999                    | -
      99 | Ba Đình                | -
      """)
  void resolvesDistrictWithinItsProvince(String province, String raw, String code) {
    assertThat(RESOLVER.resolveDistrict(province, raw)).as("%s in %s", raw, province)
        .isEqualTo(Optional.ofNullable(code));
  }

  /**
   * "001" is Ba Đình's code (province 01): in Hồ Chí Minh City it names no district of the row's
   * province. The resolver currently falls back to reading it as the name "1" and returns Quận 1.
   */
  @Test
  void aZeroPaddedCodeOfAnotherProvinceDoesNotResolveAsANumberedDistrict() {
    assertThat(RESOLVER.resolveDistrict("79", "001")).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullSource
  @ValueSource(strings = {"", "   ", "\u00A0", "\t"})
  void doesNotResolveBlankDistrict(String raw) {
    assertThat(RESOLVER.resolveDistrict("01", raw)).isEmpty();
  }

  @Test
  void doesNotResolveDistrictWithoutProvince() {
    assertThat(RESOLVER.resolveDistrict(null, "Ba Đình")).isEmpty();
    assertThat(RESOLVER.resolveDistrict(null, "001")).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] NFD \"{0}\" → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      Thành phố Hồ Chí Minh   | 79
      Thanh Hoá               | 38
      Thanh Hóa               | 38
      Khánh Hoà               | 56
      Hoà Bình                | 17
      Đắk Lắk                 | 66
      Bà Rịa - Vũng Tàu       | 77
      """)
  void resolvesDecomposedProvinceNames(String raw, String code) {
    String nfd = Normalizer.normalize(raw, Normalizer.Form.NFD);
    assertThat(nfd).isNotEqualTo(raw);

    assertThat(RESOLVER.resolveProvince(nfd)).contains(code);
  }

  @ParameterizedTest(name = "[{index}] NFD {0} \"{1}\" → {2}")
  @CsvSource(delimiter = '|', textBlock = """
      01 | Quận Ba Đình        | 001
      25 | Thanh Thủy          | 239
      87 | Thành phố Cao Lãnh  | 866
      87 | Huyện Cao Lãnh      | 873
      38 | Quan Hóa            | 385
      02 | Quản Bạ             | 029
      """)
  void resolvesDecomposedDistrictNames(String province, String raw, String code) {
    String nfd = Normalizer.normalize(raw, Normalizer.Form.NFD);
    assertThat(nfd).isNotEqualTo(raw);

    assertThat(RESOLVER.resolveDistrict(province, nfd)).contains(code);
  }

  @Test
  void everyUnitOfTheReferenceResolvesToItselfByOfficialNameWithoutDiacriticsAndInNfd() throws IOException {
    List<ReferenceUnit> units = referenceUnits();
    assertThat(units.stream().filter(u -> u.parentCode() == null)).hasSize(63);
    assertThat(units.stream().filter(u -> u.parentCode() != null)).hasSize(705);

    SoftAssertions softly = new SoftAssertions();
    for (ReferenceUnit unit : units) {
      for (String written : List.of(unit.name(), withoutDiacritics(unit.name()),
          Normalizer.normalize(unit.name(), Normalizer.Form.NFD))) {
        Optional<String> resolved = unit.parentCode() == null
            ? RESOLVER.resolveProvince(written)
            : RESOLVER.resolveDistrict(unit.parentCode(), written);
        softly.assertThat(resolved).as("%s (%s)", written, unit.code()).contains(unit.code());
      }
    }
    softly.assertAll();
  }

  private record ReferenceUnit(String code, String name, String parentCode) {}

  /** Provinces and districts read straight from the bundled CSV (no quoted fields in it). */
  private static List<ReferenceUnit> referenceUnits() throws IOException {
    try (InputStream in = AreaResolverTest.class.getResourceAsStream(REFERENCE_CSV)) {
      assertThat(in).as(REFERENCE_CSV).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .skip(1)
          .map(line -> line.split(",", -1))
          .filter(f -> f[0].equals("province") || f[0].equals("district"))
          .map(f -> new ReferenceUnit(f[1], f[2], f[0].equals("province") ? null : f[4]))
          .toList();
    }
  }

  private static String withoutDiacritics(String name) {
    String stripped = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
    return stripped.replace('đ', 'd').replace('Đ', 'D');
  }
}
