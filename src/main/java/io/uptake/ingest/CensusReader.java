package io.uptake.ingest;

import io.uptake.error.Errors;
import io.uptake.geo.AdminUnit;
import io.uptake.geo.AreaResolver;
import io.uptake.schema.GoldAdoption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads and validates the census tables (the denominators). They are small by nature (one row per
 * area), so they are read on the driver, where every fault can be reported with its file and line
 * before any table is touched.
 */
public final class CensusReader {
  static final String PROVINCE = "province";
  static final String DISTRICT = "district";
  private static final Pattern PLAIN = Pattern.compile("\\d+");
  // One separator style per value, in groups of three: 128.863, 128,863, 128 863, 1.234.567.
  private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(?:([.,\\u0020\\u00A0\\u202F])\\d{3})(?:\\1\\d{3})*");
  private static final Pattern COLUMN_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private CensusReader() {}

  public static CensusTable read(Configuration hadoopConf, String dir, AreaResolver resolver, List<String> required) {
    List<String> files = listFiles(hadoopConf, dir);
    Map<String, CensusEntry> merged = new LinkedHashMap<>();
    Set<String> denominators = new LinkedHashSet<>(required);
    Set<String> seen = new LinkedHashSet<>();
    for (String file : files) {
      for (CensusEntry e : readFile(hadoopConf, file, resolver, seen)) {
        String key = e.provinceCode() + "/" + e.districtCode() + "/" + e.denominator();
        CensusEntry previous = merged.putIfAbsent(key, e);
        if (previous != null && previous.value() != e.value()) {
          throw Errors.census(e.sourceFile(), e.lineNumber(), "" + e.denominator() + " of " + areaName(resolver, e)
              + " is " + e.value() + ", but " + Errors.display(previous.location()) + " gives " + previous.value()
              + "; keep one value per area and denominator");
        }
      }
    }
    for (String d : required) {
      if (!seen.contains(d)) {
        throw Errors.badInput("use census " + dir, "no file has a value in a '" + d + "' column (required by census.required_denominators)");
      }
    }
    denominators.addAll(seen);
    List<CensusEntry> entries = new ArrayList<>(merged.values());
    checkDistrictsFitProvince(entries, resolver);
    return new CensusTable(entries, new ArrayList<>(denominators));
  }

  static List<String> listFiles(Configuration hadoopConf, String dir) {
    return LandingFiles.paths(LandingFiles.list(hadoopConf, dir, false, name -> {
      String n = name.toLowerCase(java.util.Locale.ROOT);
      return n.endsWith(".csv") || n.endsWith(".csv.gz");
    }, "census", "*.csv or *.csv.gz"));
  }

  private static List<CensusEntry> readFile(Configuration conf, String file, AreaResolver resolver, Set<String> seen) {
    Path path = new Path(file);
    List<CensusEntry> out = new ArrayList<>();
    CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();
    try (InputStream raw = path.getFileSystem(conf).open(path);
        InputStream in = file.toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        CSVParser parser = CSVParser.parse(skipBom(reader), format)) {
      List<String> header = null;
      int provinceCol = -1;
      int districtCol = -1;
      java.util.Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        long line = parser.getCurrentLineNumber() + 1;
        if (!records.hasNext()) {
          break;
        }
        CSVRecord rec = records.next();
        if (header == null) {
          header = rec.toList().stream().map(h -> h.strip().toLowerCase(java.util.Locale.ROOT)).toList();
          provinceCol = header.indexOf(PROVINCE);
          districtCol = header.indexOf(DISTRICT);
          if (provinceCol < 0 || districtCol < 0) {
            throw Errors.census(file, line, "the header " + header + " lacks a '" + (provinceCol < 0 ? PROVINCE : DISTRICT)
                + "' column; expected province, district and one or more count columns");
          }
          for (int i = 0; i < header.size(); i++) {
            if (i != provinceCol && i != districtCol) {
              checkColumnName(header, i, file, line);
            }
          }
          if (header.size() < 3) {
            throw Errors.census(file, line, "the header has no count column");
          }
          continue;
        }
        if (rec.size() != header.size()) {
          throw Errors.census(file, line, "the row has " + rec.size() + " fields, the header has " + header.size());
        }
        String provinceRaw = rec.get(provinceCol);
        Optional<String> province = resolver.resolveProvince(provinceRaw);
        if (province.isEmpty()) {
          throw Errors.census(file, line, "province '" + provinceRaw.strip() + "' matches no province (or more than one)"
              + " of the 2021 reference; fix the name or add a variant to the alias list");
        }
        String districtRaw = rec.get(districtCol);
        String district = null;
        if (!districtRaw.isBlank()) {
          district = resolver.resolveDistrict(province.get(), districtRaw).orElseThrow(() -> Errors.census(file, line,
              "district '" + districtRaw.strip() + "' matches no district (or more than one) of province "
                  + province.get() + "; fix the name or add a variant to the alias list"));
        }
        for (int i = 0; i < header.size(); i++) {
          if (i == provinceCol || i == districtCol) {
            continue;
          }
          String cell = rec.get(i);
          if (!cell.isBlank()) {
            seen.add(header.get(i));
            long value = parseCount(cell, file, line, header.get(i));
            out.add(new CensusEntry(province.get(), district, header.get(i), value, file, line));
          }
        }
      }
      if (header == null) {
        throw Errors.census(file, 1, "the file is empty; expected a header province,district,<counts...>");
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    } catch (java.io.UncheckedIOException e) {
      throw unreadable(file, e.getCause());
    }
    return out;
  }

  private static RuntimeException unreadable(String file, IOException e) {
    String reason = e instanceof java.nio.charset.CharacterCodingException ? "the file is not valid UTF-8"
        : e instanceof java.io.EOFException || e instanceof java.util.zip.ZipException ? "the gzip data is truncated or corrupt"
        : e.getMessage();
    return Errors.badInput("read census " + Errors.display(file), reason + "; fix or remove the file", e);
  }

  private static void checkColumnName(List<String> header, int i, String file, long line) {
    String name = header.get(i);
    if (!COLUMN_NAME.matcher(name).matches()) {
      throw Errors.census(file, line, "count column '" + name + "' is not a plain name (lower-case letters, digits, _)");
    }
    if (GoldAdoption.isReserved(name)) {
      throw Errors.census(file, line, "count column '" + name + "' has the name of a gold table column; rename it");
    }
    if (header.indexOf(name) != i) {
      throw Errors.census(file, line, "column '" + name + "' appears twice in the header");
    }
  }

  private static BufferedReader skipBom(BufferedReader r) throws IOException {
    r.mark(1);
    if (r.read() != '\uFEFF') {
      r.reset();
    }
    return r;
  }

  /** An integer count, with the thousands separators of Vietnamese or English spreadsheets. */
  static long parseCount(String cell, String file, long line, String column) {
    String s = cell.strip();
    if (s.startsWith("-")) {
      throw Errors.census(file, line, column + " is '" + s + "': a count cannot be negative");
    }
    String digits;
    if (PLAIN.matcher(s).matches()) {
      digits = s;
    } else if (GROUPED.matcher(s).matches()) {
      digits = s.replaceAll("\\D", "");
    } else {
      throw Errors.census(file, line, column + " is '" + s + "': not an integer count (thousands separators . , or space in groups of 3)");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw Errors.census(file, line, column + " is '" + s + "': too large for a count");
    }
  }

  private static void checkDistrictsFitProvince(List<CensusEntry> entries, AreaResolver resolver) {
    Map<String, Long> districtSums = new LinkedHashMap<>();
    Map<String, CensusEntry> provinceRows = new LinkedHashMap<>();
    for (CensusEntry e : entries) {
      String key = e.provinceCode() + "/" + e.denominator();
      if (e.districtCode() == null) {
        provinceRows.put(key, e);
      } else {
        districtSums.merge(key, e.value(), Long::sum);
      }
    }
    provinceRows.forEach((key, p) -> {
      long sum = districtSums.getOrDefault(key, 0L);
      if (sum > p.value()) {
        throw Errors.census(p.sourceFile(), p.lineNumber(), "the districts of " + areaName(resolver, p) + " sum to " + sum
            + " " + p.denominator() + ", above the province's own row (" + p.value() + ")");
      }
    });
  }

  private static String areaName(AreaResolver resolver, CensusEntry e) {
    if (e.districtCode() != null) {
      return resolver.units().district(e.districtCode()).map(AdminUnit::name).orElse(e.districtCode());
    }
    return resolver.units().province(e.provinceCode()).map(AdminUnit::name).orElse(e.provinceCode());
  }
}
