package io.uptake.kernel;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Prints a Delta table as Delta Kernel reads it, with no Spark anywhere: the table's version, its
 * schema, then one JSON object per row. Timestamps are microseconds since the epoch, dates days
 * since it, as Delta stores them. Usage: {@code KernelRead TABLE_PATH}.
 */
public final class KernelRead {
  private KernelRead() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: KernelRead TABLE_PATH");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot = Table.forPath(engine, args[0]).getLatestSnapshot(engine);
    StructType schema = snapshot.getSchema();
    out.println("version " + snapshot.getVersion());
    StringBuilder fields = new StringBuilder("schema");
    for (StructField f : schema.fields()) {
      fields.append(' ').append(f.getName()).append(':').append(f.getDataType());
    }
    out.println(fields);

    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row fileRow = fileRows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(fileRow);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
                .map(r -> r.getData());
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, fileRow, data)) {
              while (logical.hasNext()) {
                print(out, schema.fields(), logical.next());
              }
            }
          }
        }
      }
    }
  }

  private static void print(PrintStream out, List<StructField> fields, FilteredColumnarBatch batch) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int row = 0; row < data.getSize(); row++) {
      if (selected.isPresent() && (selected.get().isNullAt(row) || !selected.get().getBoolean(row))) {
        continue; // deleted by a deletion vector
      }
      StringBuilder json = new StringBuilder("{");
      for (int c = 0; c < fields.size(); c++) {
        if (c > 0) {
          json.append(',');
        }
        json.append(quote(fields.get(c).getName())).append(':')
            .append(value(data.getColumnVector(c), fields.get(c).getDataType(), row));
      }
      out.println(json.append('}'));
    }
  }

  private static String value(ColumnVector v, DataType type, int row) {
    if (v.isNullAt(row)) {
      return "null";
    }
    if (type instanceof StringType) {
      return quote(v.getString(row));
    } else if (type instanceof LongType || type instanceof TimestampType) {
      return Long.toString(v.getLong(row));
    } else if (type instanceof IntegerType || type instanceof DateType) {
      return Integer.toString(v.getInt(row));
    } else if (type instanceof DoubleType) {
      return Double.toString(v.getDouble(row));
    } else if (type instanceof BooleanType) {
      return Boolean.toString(v.getBoolean(row));
    }
    throw new IllegalArgumentException("no JSON form here for " + type);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
