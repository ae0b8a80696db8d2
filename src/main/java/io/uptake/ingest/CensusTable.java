package io.uptake.ingest;

import io.uptake.schema.SilverCensus;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The census after validation: every (area, denominator) once, resolved to GSO codes, free of
 * contradictions. {@code denominators} lists the count columns in a stable order.
 */
public record CensusTable(List<CensusEntry> entries, List<String> denominators) {

  public CensusTable {
    entries = List.copyOf(entries);
    denominators = List.copyOf(denominators);
  }

  /** As the long {@code silver/census} frame; small by nature (areas × denominators). */
  public Dataset<Row> toDataFrame(SparkSession spark) {
    List<Row> rows = entries.stream()
        .map(e -> RowFactory.create(e.provinceCode(), e.districtCode(), e.denominator(), e.value(), e.sourceFile(), e.lineNumber()))
        .toList();
    return spark.createDataFrame(rows, SilverCensus.SCHEMA);
  }
}
