package io.uptake.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Test oracle for {@code gold/adoption_by_district}: recomputes the table for one cut-off from the raw
 * files, in plain Java, sharing no code with the pipeline. Written to be read against the rules, not to be fast.
 */
final class AdoptionOracle {

  record Row(String rowType, String provinceCode, String districtCode, long phones, long installsWithoutPhone,
      Map<String, Long> denominators) {}

  private AdoptionOracle() {}

  /** aliases: as in conf/aliases.yaml: provinces code -> variants; districts provinceCode -> (districtCode -> variants). */
  static List<Row> compute(Path installsDir, Path censusDir, Path adminUnitsCsv,
      Map<String, List<String>> provinceAliases, Map<String, Map<String, List<String>>> districtAliases,
      Instant cutoff, ZoneId zone) throws IOException {
    Units units = Units.load(adminUnitsCsv);
    Resolver resolver = new Resolver(units, provinceAliases, districtAliases);

    // 1. Read every install row; keep valid rows at or before the cut-off.
    List<Install> installs = new ArrayList<>();
    for (Path file : installFiles(installsDir)) {
      for (Map<String, String> fields : readInstallRows(file)) {
        Install install = toInstall(fields, resolver, zone);
        if (install != null && !install.time.isAfter(cutoff)) {
          installs.add(install);
        }
      }
    }

    // 2. Attribute: phones deduplicated and attributed by their earliest events; anonymous installs per row.
    Map<String, Counts> counts = new HashMap<>(); // key: areaKey(provinceCode, districtCode)
    Map<String, List<Install>> byPhone = new HashMap<>();
    for (Install i : installs) {
      if (i.phone == null) {
        counts.computeIfAbsent(areaKey(i.provinceCode, i.districtCode), k -> new Counts()).anonymous++;
      } else {
        byPhone.computeIfAbsent(i.phone, k -> new ArrayList<>()).add(i);
      }
    }
    for (List<Install> events : byPhone.values()) {
      String province = attributedProvince(events);
      String district = province == null ? null : attributedDistrict(events, province);
      counts.computeIfAbsent(areaKey(province, district), k -> new Counts()).phones++;
    }

    // 3. Census denominators.
    Census census = Census.load(censusDir, resolver);

    // 4. Output rows.
    return buildRows(units, counts, census);
  }

  // ---------------------------------------------------------------------------------------------
  // Attribution
  // ---------------------------------------------------------------------------------------------

  /** Province of the earliest event whose province resolves; ties at the same instant: lowest code. */
  private static String attributedProvince(List<Install> events) {
    Install best = null;
    for (Install e : events) {
      if (e.provinceCode == null) continue;
      if (best == null || e.time.isBefore(best.time)
          || (e.time.equals(best.time) && e.provinceCode.compareTo(best.provinceCode) < 0)) {
        best = e;
      }
    }
    return best == null ? null : best.provinceCode;
  }

  /** District of the earliest event in that province whose district resolves; ties: lowest code; none: null. */
  private static String attributedDistrict(List<Install> events, String province) {
    Install best = null;
    for (Install e : events) {
      if (!province.equals(e.provinceCode) || e.districtCode == null) continue;
      if (best == null || e.time.isBefore(best.time)
          || (e.time.equals(best.time) && e.districtCode.compareTo(best.districtCode) < 0)) {
        best = e;
      }
    }
    return best == null ? null : best.districtCode;
  }

  /** "D:<district>", "U:<province>" (unassigned) or "X" (unknown province). */
  private static String areaKey(String provinceCode, String districtCode) {
    if (provinceCode == null) return "X";
    if (districtCode == null) return "U:" + provinceCode;
    return "D:" + districtCode;
  }

  private static final class Counts {
    long phones;
    long anonymous;
  }

  // ---------------------------------------------------------------------------------------------
  // Output
  // ---------------------------------------------------------------------------------------------

  private static List<Row> buildRows(Units units, Map<String, Counts> counts, Census census) {
    Set<String> columns = census.columns;
    List<Row> out = new ArrayList<>();
    long nationalPhones = 0;
    long nationalAnonymous = 0;
    Map<String, Long> nationalDen = nullDenominators(columns); // sum of present province totals

    for (Unit province : units.provinces.values()) {
      long provincePhones = 0;
      long provinceAnonymous = 0;
      Map<String, Long> districtSum = nullDenominators(columns); // sum of present district values, null if none

      for (Unit district : units.districtsOf(province.code)) {
        Counts c = counts.getOrDefault(areaKey(province.code, district.code), new Counts());
        Map<String, Long> den = new TreeMap<>();
        for (String col : columns) {
          Long v = census.districtValue(district.code, col);
          den.put(col, v);
          addIfPresent(districtSum, col, v);
        }
        out.add(new Row("district", province.code, district.code, c.phones, c.anonymous, den));
        provincePhones += c.phones;
        provinceAnonymous += c.anonymous;
      }

      Counts unassigned = counts.getOrDefault(areaKey(province.code, null), new Counts());
      provincePhones += unassigned.phones;
      provinceAnonymous += unassigned.anonymous;

      Map<String, Long> totalDen = new TreeMap<>();
      Map<String, Long> unassignedDen = new TreeMap<>();
      for (String col : columns) {
        Long own = census.provinceValue(province.code, col);
        Long sum = districtSum.get(col);
        Long total = own != null ? own : sum; // province-level census row wins, else sum of districts
        totalDen.put(col, total);
        unassignedDen.put(col, total == null ? null : total - (sum == null ? 0L : sum));
        addIfPresent(nationalDen, col, total);
      }
      out.add(new Row("unassigned", province.code, null, unassigned.phones, unassigned.anonymous, unassignedDen));
      out.add(new Row("province_total", province.code, null, provincePhones, provinceAnonymous, totalDen));
      nationalPhones += provincePhones;
      nationalAnonymous += provinceAnonymous;
    }

    Counts unknown = counts.getOrDefault(areaKey(null, null), new Counts());
    out.add(new Row("unknown_province", null, null, unknown.phones, unknown.anonymous, nullDenominators(columns)));
    nationalPhones += unknown.phones;
    nationalAnonymous += unknown.anonymous;
    out.add(new Row("national_total", null, null, nationalPhones, nationalAnonymous, nationalDen));
    return out;
  }

  private static Map<String, Long> nullDenominators(Set<String> columns) {
    Map<String, Long> m = new TreeMap<>();
    for (String col : columns) m.put(col, null);
    return m;
  }

  private static void addIfPresent(Map<String, Long> sums, String col, Long value) {
    if (value == null) return;
    Long current = sums.get(col);
    sums.put(col, current == null ? value : current + value);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading installs
  // ---------------------------------------------------------------------------------------------

  /** A valid install row: instant, canonical phone (null = anonymous), resolved codes (null = unresolved). */
  private record Install(Instant time, String phone, String provinceCode, String districtCode) {}

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // keep a number's text as written
      .build();

  private static final Set<String> KNOWN_FIELDS = Set.of("event_time", "phone", "province", "district");
  /** Marks a known field whose JSON value is an object or array: the row is bad. */
  private static final String NOT_SCALAR = "\u0000not-scalar";

  /** The phone field of every readable row of every install file, as written (blank ones left out). */
  static Set<String> rawPhones(Path installsDir) throws IOException {
    Set<String> phones = new java.util.TreeSet<>();
    for (Path f : installFiles(installsDir)) {
      for (Map<String, String> row : readInstallRows(f)) {
        String p = row == null ? null : row.get("phone");
        if (p != null && !p.isBlank() && !NOT_SCALAR.equals(p)) {
          phones.add(p);
        }
      }
    }
    return phones;
  }

  /** Rows per install file (bad rows included: they are rows, for quarantine), by absolute path. */
  static Map<Path, Integer> rowsPerFile(Path installsDir) throws IOException {
    Map<Path, Integer> rows = new java.util.TreeMap<>();
    for (Path f : installFiles(installsDir)) {
      rows.put(f.toAbsolutePath(), readInstallRows(f).size());
    }
    return rows;
  }

  private static List<Path> installFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".csv") || n.endsWith(".csv.gz");
          })
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Rows of one file as known-field maps (keys trimmed and lower-cased); a bad row is returned as null. */
  private static List<Map<String, String>> readInstallRows(Path file) throws IOException {
    String name = file.getFileName().toString();
    String text = readText(file);
    List<Map<String, String>> rows = new ArrayList<>();
    if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
      BufferedReader lines = new BufferedReader(new StringReader(text)); // splits on LF, CRLF, CR
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (removeWhitespace(line).isEmpty()) continue; // blank line
        rows.add(parseJsonRow(line));
      }
    } else {
      List<List<String>> records = parseCsv(text);
      if (records.isEmpty()) return rows;
      List<String> header = new ArrayList<>();
      for (String h : records.get(0)) header.add(h.trim().toLowerCase(Locale.ROOT));
      for (List<String> record : records.subList(1, records.size())) {
        if (record.size() != header.size()) {
          rows.add(null); // field count differs from the header's: bad row
          continue;
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          if (KNOWN_FIELDS.contains(header.get(i))) fields.putIfAbsent(header.get(i), record.get(i));
        }
        rows.add(fields);
      }
    }
    return rows;
  }

  private static Map<String, String> parseJsonRow(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      return null; // not JSON
    }
    if (node == null || !node.isObject()) return null; // not a JSON object
    Map<String, String> fields = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey().trim().toLowerCase(Locale.ROOT);
      if (!KNOWN_FIELDS.contains(key)) continue;
      JsonNode v = e.getValue();
      String value = v.isNull() ? null : v.isValueNode() ? v.asText() : NOT_SCALAR;
      fields.put(key, value);
    }
    return fields;
  }

  /** Validates one row; returns null for a bad row. The cut-off is applied by the caller. */
  private static Install toInstall(Map<String, String> fields, Resolver resolver, ZoneId zone) {
    if (fields == null || fields.containsValue(NOT_SCALAR)) return null;
    Instant time = parseEventTime(fields.get("event_time"), zone);
    if (time == null) return null;
    String province = fields.get("province");
    if (province == null || removeWhitespace(province).isEmpty()) return null;
    String phone = canonicalPhone(fields.get("phone"));
    if (phone == null) return null; // invalid, foreign, landline...
    String provinceCode = resolver.province(province);
    String districtCode = provinceCode == null ? null : resolver.district(provinceCode, fields.get("district"));
    return new Install(time, phone.equals(ANONYMOUS) ? null : phone, provinceCode, districtCode);
  }

  // ---------------------------------------------------------------------------------------------
  // event_time
  // ---------------------------------------------------------------------------------------------

  /** yyyy-MM-dd[T ]HH:mm[:ss[.fraction]] then optionally Z, +07, +07:00 or +0700 (fraction kept to microseconds). */
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)? ?([Zz]|[+-]\\d{2}(?::?\\d{2})?)?");

  /** Returns the instant, or null when blank or not one of the accepted forms (a bad row). */
  static Instant parseEventTime(String raw, ZoneId zone) {
    if (raw == null) return null;
    String s = stripWhitespace(raw);
    if (s.isEmpty()) return null;
    try {
      if (s.chars().allMatch(AdoptionOracle::isAsciiDigit)) {
        // (a) epoch milliseconds: 13 digits (2001..2286); shorter is seconds or a date, not accepted
        return s.length() == 13 ? Instant.ofEpochMilli(Long.parseLong(s)) : null;
      }
      Matcher m = DATE_TIME.matcher(s);
      if (!m.matches()) return null;
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 6)) * 1000;
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), second, nanos);
      String offset = m.group(8);
      if (offset == null) return local.atZone(zone).toInstant(); // (c) local date-time in the configured zone
      if (offset.equalsIgnoreCase("Z")) return local.toInstant(ZoneOffset.UTC); // (b)
      int sign = offset.charAt(0) == '-' ? -1 : 1;
      String hhmm = (offset.substring(1).replace(":", "") + "00").substring(0, 4);
      ZoneOffset zo = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(hhmm.substring(0, 2)),
          sign * Integer.parseInt(hhmm.substring(2, 4)));
      return local.toInstant(zo); // (b)
    } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
      return null; // invalid date, out-of-range offset, overflowing epoch
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Phones
  // ---------------------------------------------------------------------------------------------

  /** Returned by canonicalPhone for an anonymous install (no phone). */
  static final String ANONYMOUS = "";

  /** Legacy 3-digit prefixes (11-digit numbers, trunk 0 removed) -> new 2-digit prefixes (2018 conversion). */
  private static final Map<String, String> LEGACY_PREFIX = Map.ofEntries(
      Map.entry("120", "70"), Map.entry("121", "79"), Map.entry("122", "77"), Map.entry("126", "76"),
      Map.entry("128", "78"), Map.entry("123", "83"), Map.entry("124", "84"), Map.entry("125", "85"),
      Map.entry("127", "81"), Map.entry("129", "82"),
      Map.entry("162", "32"), Map.entry("163", "33"), Map.entry("164", "34"), Map.entry("165", "35"),
      Map.entry("166", "36"), Map.entry("167", "37"), Map.entry("168", "38"), Map.entry("169", "39"),
      Map.entry("186", "56"), Map.entry("188", "58"), Map.entry("199", "59"));

  /**
   * Mobile ranges of the Vietnamese numbering plan (as libphonenumber 9.0 knows them), by the
   * first two digits of the 9-digit national number, plus the ranges assigned only in part.
   */
  private static final Set<String> MOBILE_PREFIXES = Set.of(
      "32", "33", "34", "35", "36", "37", "38", "39",
      "51", "56", "58", "59",
      "70", "76", "77", "78", "79",
      "81", "82", "83", "84", "85", "86", "87", "88",
      "90", "91", "92", "93", "94", "95", "96", "97", "98");
  private static final Set<String> MOBILE_PREFIXES_3 = Set.of(
      "522", "523", "528", "559", "896", "897", "898", "899", "990", "991", "993", "994", "995", "996", "997", "998", "999");

  /** "+84" + 9 digits; ANONYMOUS when there is no phone; null when invalid (bad row). */
  static String canonicalPhone(String raw) {
    if (raw == null) return ANONYMOUS;
    String s = removeWhitespace(raw);
    if (s.isEmpty()) return ANONYMOUS;
    s = s.replace(".", "").replace("-", "").replace("(", "").replace(")", "");
    boolean plus = s.startsWith("+");
    String digits = plus ? s.substring(1) : s;
    if (digits.isEmpty() || !digits.chars().allMatch(AdoptionOracle::isAsciiDigit)) return null;

    String n;
    if (plus || digits.startsWith("00")) {
      String international = plus ? digits : digits.substring(2);
      if (!international.startsWith("84")) return null; // foreign
      n = international.substring(2);
      if (n.startsWith("0")) n = n.substring(1); // +84 (0) 912 ...
    } else if (digits.startsWith("0")) {
      n = digits.substring(1); // trunk 0
    } else if (digits.length() >= 11 && digits.length() <= 13 && digits.startsWith("84")) {
      n = digits.substring(2); // country code without +
      if (n.startsWith("0")) n = n.substring(1); // 84 (0) 912 ...
    } else {
      n = digits; // national number without trunk 0 (may itself start with 84)
    }

    if (n.length() == 10 && LEGACY_PREFIX.containsKey(n.substring(0, 3))) {
      n = LEGACY_PREFIX.get(n.substring(0, 3)) + n.substring(3);
    }
    if (n.length() == 9 && (MOBILE_PREFIXES.contains(n.substring(0, 2)) || MOBILE_PREFIXES_3.contains(n.substring(0, 3)))) {
      return "+84" + n;
    }
    return null; // landline or invalid
  }

  // ---------------------------------------------------------------------------------------------
  // Administrative units and name resolution
  // ---------------------------------------------------------------------------------------------

  /** A province (parent null) or district, with its folded type and folded base name. */
  private record Unit(String code, String parent, String type, String base) {}

  private static final class Units {
    final Map<String, Unit> provinces = new TreeMap<>();
    final Map<String, Unit> districts = new TreeMap<>();

    List<Unit> districtsOf(String provinceCode) {
      return districts.values().stream().filter(d -> d.parent.equals(provinceCode)).collect(Collectors.toList());
    }

    static Units load(Path csv) throws IOException {
      List<List<String>> records = parseCsv(readText(csv));
      List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
      int level = header.indexOf("level"), code = header.indexOf("code"), name = header.indexOf("name"),
          type = header.indexOf("type"), parent = header.indexOf("parent_code");
      Units units = new Units();
      for (List<String> r : records.subList(1, records.size())) {
        String lvl = r.get(level).trim();
        if (!lvl.equals("province") && !lvl.equals("district")) continue;
        // Official names carry their type as a prefix ("Thành phố Trung ương" is written "Thành phố").
        String foldedType = fold(r.get(type));
        String typePrefix = foldedType.equals("thanh pho trung uong") ? "thanh pho" : foldedType;
        String foldedName = fold(r.get(name));
        String rest = foldedName.startsWith(typePrefix + " ") ? foldedName.substring(typePrefix.length()) : foldedName;
        Unit u = new Unit(r.get(code).trim(), lvl.equals("province") ? null : r.get(parent).trim(), foldedType,
            baseKey(rest));
        (u.parent == null ? units.provinces : units.districts).put(u.code, u);
      }
      return units;
    }
  }

  private static final List<String> PROVINCE_PREFIXES = List.of("tinh", "thanh pho", "tp", "tp.");
  private static final List<String> DISTRICT_PREFIXES =
      List.of("huyen", "h", "h.", "quan", "q", "q.", "thi xa", "tx", "tx.", "thanh pho", "tp", "tp.");

  /** Prefix (folded) -> folded official types it designates. */
  private static final Map<String, Set<String>> PREFIX_TYPES = Map.ofEntries(
      Map.entry("tinh", Set.of("tinh")),
      Map.entry("thanh pho", Set.of("thanh pho", "thanh pho trung uong")),
      Map.entry("tp", Set.of("thanh pho", "thanh pho trung uong")),
      Map.entry("tp.", Set.of("thanh pho", "thanh pho trung uong")),
      Map.entry("huyen", Set.of("huyen")), Map.entry("h", Set.of("huyen")), Map.entry("h.", Set.of("huyen")),
      Map.entry("quan", Set.of("quan")), Map.entry("q", Set.of("quan")), Map.entry("q.", Set.of("quan")),
      Map.entry("thi xa", Set.of("thi xa")), Map.entry("tx", Set.of("thi xa")), Map.entry("tx.", Set.of("thi xa")));

  /**
   * An input name split into its prefix (null if none) and base key; wholeBase is the key of the whole value
   * without splitting (used only when the split base matches nothing: "Quan Hóa" is Huyện Quan Hóa).
   */
  private record ParsedName(String prefix, String base, String wholeBase) {}

  private static ParsedName parseName(String value, List<String> prefixes) {
    String f = fold(value);
    for (String p : prefixes) {
      if (f.length() > p.length() && f.startsWith(p)) {
        char next = f.charAt(p.length());
        boolean qDigit = (p.equals("q") || p.equals("q.")) && isAsciiDigit(next); // Q1, Q.1
        if (next == ' ' || next == '.' || qDigit) {
          return new ParsedName(p, baseKey(f.substring(p.length())), baseKey(f));
        }
      }
    }
    return new ParsedName(null, baseKey(f), baseKey(f));
  }

  /** NFD, drop combining marks, đ -> d, lower case, - _ , ' ’ as spaces, whitespace collapsed. */
  static String fold(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    d = d.replace('đ', 'd').replace('Đ', 'd').toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder();
    for (char c : d.toCharArray()) {
      boolean space = isWhitespace(c) || c == '-' || c == '_' || c == ',' || c == '\'' || c == '\u2019'
          || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013' || c == '\u2014';
      b.append(space ? ' ' : c);
    }
    return b.toString().trim().replaceAll(" +", " ");
  }

  /** Base name for comparison: spaces and dots removed; all digits compare without leading zeros. */
  private static String baseKey(String folded) {
    String k = folded.replace(" ", "").replace(".", "");
    if (!k.isEmpty() && k.chars().allMatch(AdoptionOracle::isAsciiDigit)) {
      k = k.replaceFirst("^0+", "");
      if (k.isEmpty()) k = "0";
    }
    return k;
  }

  private static final class Resolver {
    private final Units units;
    private final Map<String, Set<String>> provinceAliasIndex = new HashMap<>();              // base -> codes
    private final Map<String, Map<String, Set<String>>> districtAliasIndex = new HashMap<>(); // prov -> base -> codes

    Resolver(Units units, Map<String, List<String>> provinceAliases,
        Map<String, Map<String, List<String>>> districtAliases) {
      this.units = units;
      provinceAliases.forEach((code, variants) -> variants.forEach(v ->
          provinceAliasIndex.computeIfAbsent(parseName(v, PROVINCE_PREFIXES).base, k -> new TreeSet<>()).add(code)));
      districtAliases.forEach((prov, byDistrict) -> byDistrict.forEach((code, variants) -> variants.forEach(v ->
          districtAliasIndex.computeIfAbsent(prov, k -> new HashMap<>())
              .computeIfAbsent(parseName(v, DISTRICT_PREFIXES).base, k -> new TreeSet<>()).add(code))));
    }

    /** Province code, or null when unresolved. Order: code, alias, name. */
    String province(String raw) {
      if (raw == null || removeWhitespace(raw).isEmpty()) return null;
      String v = stripWhitespace(raw);
      if (v.chars().allMatch(AdoptionOracle::isAsciiDigit) && units.provinces.containsKey(leftPad(v, 2))) {
        return leftPad(v, 2);
      }
      ParsedName name = parseName(v, PROVINCE_PREFIXES);
      Set<String> alias = aliasCodes(provinceAliasIndex, name);
      if (!alias.isEmpty()) return alias.size() == 1 ? alias.iterator().next() : null;
      return byName(name, units.provinces.values());
    }

    /** District code within the given (resolved) province, or null. Order: code, alias, name. */
    String district(String provinceCode, String raw) {
      if (raw == null || removeWhitespace(raw).isEmpty()) return null;
      String v = stripWhitespace(raw);
      if (v.chars().allMatch(AdoptionOracle::isAsciiDigit)) {
        Unit d = units.districts.get(leftPad(v, 3));
        if (d != null && d.parent.equals(provinceCode)) return d.code; // only within the row's province
        if (v.length() >= 3) return null; // three digits are a code, never a numbered district's name
      }
      ParsedName name = parseName(v, DISTRICT_PREFIXES);
      Set<String> alias = aliasCodes(districtAliasIndex.getOrDefault(provinceCode, Map.of()), name);
      if (!alias.isEmpty()) return alias.size() == 1 ? alias.iterator().next() : null;
      return byName(name, units.districtsOf(provinceCode));
    }

    private static Set<String> aliasCodes(Map<String, Set<String>> index, ParsedName name) {
      Set<String> codes = index.getOrDefault(name.base, Set.of());
      if (codes.isEmpty() && name.prefix != null) codes = index.getOrDefault(name.wholeBase, Set.of());
      return codes;
    }

    /** Candidates with an equal base; a given prefix keeps the candidates of its type if there are any. */
    private static String byName(ParsedName name, Iterable<Unit> units) {
      List<Unit> candidates = withBase(units, name.base);
      String prefix = name.prefix;
      if (candidates.isEmpty() && prefix != null) {
        candidates = withBase(units, name.wholeBase); // the "prefix" was part of the name (Quan Hóa)
        prefix = null;
      }
      if (prefix != null) {
        Set<String> types = PREFIX_TYPES.get(prefix);
        List<Unit> typed = candidates.stream().filter(u -> types.contains(u.type)).toList();
        if (!typed.isEmpty()) candidates = typed; // else the prefix fits no candidate: ignore it
      }
      return candidates.size() == 1 ? candidates.get(0).code : null;
    }

    private static List<Unit> withBase(Iterable<Unit> units, String base) {
      List<Unit> out = new ArrayList<>();
      for (Unit u : units) if (u.base.equals(base)) out.add(u);
      return out;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Census
  // ---------------------------------------------------------------------------------------------

  private static final class Census {
    final Set<String> columns = new TreeSet<>();
    final Map<String, Map<String, Long>> provinceValues = new HashMap<>(); // province code -> column -> value
    final Map<String, Map<String, Long>> districtValues = new HashMap<>(); // district code -> column -> value

    Long provinceValue(String code, String col) {
      return provinceValues.getOrDefault(code, Map.of()).get(col);
    }

    Long districtValue(String code, String col) {
      return districtValues.getOrDefault(code, Map.of()).get(col);
    }

    static Census load(Path dir, Resolver resolver) throws IOException {
      Census census = new Census();
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".csv"))
            .sorted().collect(Collectors.toList());
      }
      for (Path file : files) {
        List<List<String>> records = parseCsv(readText(file));
        if (records.isEmpty()) continue;
        List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int provinceIdx = header.indexOf("province");
        int districtIdx = header.indexOf("district");
        if (provinceIdx < 0) throw new IOException(file + ": census file without a province column");
        for (int i = 0; i < header.size(); i++) {
          if (i != provinceIdx && i != districtIdx) census.columns.add(header.get(i));
        }
        for (int line = 1; line < records.size(); line++) {
          List<String> r = records.get(line);
          String where = file + " record " + (line + 1);
          if (r.size() != header.size()) throw new IOException(where + ": field count differs from header");
          String provinceCode = resolver.province(r.get(provinceIdx));
          if (provinceCode == null) throw new IOException(where + ": unresolved province " + r.get(provinceIdx));
          String districtRaw = districtIdx < 0 ? "" : r.get(districtIdx);
          Map<String, Long> target;
          if (removeWhitespace(districtRaw).isEmpty()) {
            target = census.provinceValues.computeIfAbsent(provinceCode, k -> new HashMap<>());
          } else {
            String districtCode = resolver.district(provinceCode, districtRaw);
            if (districtCode == null) throw new IOException(where + ": unresolved district " + districtRaw);
            target = census.districtValues.computeIfAbsent(districtCode, k -> new HashMap<>());
          }
          for (int i = 0; i < header.size(); i++) {
            if (i == provinceIdx || i == districtIdx) continue;
            Long value = parseCount(r.get(i), where);
            if (value == null) continue; // blank: missing
            Long previous = target.put(header.get(i), value);
            if (previous != null && !previous.equals(value)) {
              throw new IOException(where + ": " + header.get(i) + " " + value + " contradicts " + previous);
            }
          }
        }
      }
      return census;
    }
  }

  /** Groups of three digits separated by '.', ',', space or no-break space. */
  private static final Pattern GROUPED = Pattern.compile("\\d{1,3}([., \u00A0]\\d{3})+");

  /** A census count: thousands separators stripped; blank => null (missing). */
  static Long parseCount(String raw, String where) throws IOException {
    String s = stripWhitespace(raw);
    if (s.isEmpty()) return null;
    if (s.chars().allMatch(AdoptionOracle::isAsciiDigit) || GROUPED.matcher(s).matches()) {
      return Long.parseLong(s.replaceAll("[^0-9]", ""));
    }
    throw new IOException(where + ": not a count: " + raw);
  }

  // ---------------------------------------------------------------------------------------------
  // Text, CSV, characters
  // ---------------------------------------------------------------------------------------------

  /** Whole file as UTF-8 text (gunzipped if *.gz), without a leading BOM. */
  private static String readText(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
         InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
  }

  /**
   * RFC-4180 records: ',' separated, '"' quoting with '""' as an escaped quote, line breaks (LF, CRLF, CR)
   * allowed inside quotes. Blank lines are skipped. Lenient: text after a closing quote is kept.
   */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean inQuotes = false;
    boolean fieldQuoted = false;
    boolean recordQuoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (inQuotes) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          inQuotes = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !fieldQuoted) {
        inQuotes = true;
        fieldQuoted = true;
        recordQuoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldQuoted = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        record.add(field.toString());
        addUnlessBlank(records, record, recordQuoted);
        record = new ArrayList<>();
        field.setLength(0);
        fieldQuoted = false;
        recordQuoted = false;
      } else {
        field.append(c);
      }
      i++;
    }
    if (field.length() > 0 || !record.isEmpty() || recordQuoted) { // last line without a line break
      record.add(field.toString());
      addUnlessBlank(records, record, recordQuoted);
    }
    return records;
  }

  private static void addUnlessBlank(List<List<String>> records, List<String> record, boolean quoted) {
    boolean blankLine = !quoted && record.size() == 1 && record.get(0).isEmpty();
    if (!blankLine) records.add(record);
  }

  /** Java whitespace plus the no-break spaces U+00A0, U+2007, U+202F (any Unicode space separator). */
  private static boolean isWhitespace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static String removeWhitespace(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) if (!isWhitespace(c)) b.append(c);
    return b.toString();
  }

  private static String stripWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhitespace(s.charAt(start))) start++;
    while (end > start && isWhitespace(s.charAt(end - 1))) end--;
    return s.substring(start, end);
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static String leftPad(String digits, int width) {
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
