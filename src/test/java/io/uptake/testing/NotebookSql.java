package io.uptake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the analyst notebook's {@code %%sql} code cells, as the tests run it. */
public final class NotebookSql {
  private NotebookSql() {}

  private static final Path NOTEBOOK = Path.of("notebooks/adoption_analysis.ipynb");

  /** Every {@code %%sql} cell's SQL (the magic line removed), in notebook order. */
  public static List<String> cells() throws IOException {
    List<String> queries = new ArrayList<>();
    for (JsonNode cell : new ObjectMapper().readTree(NOTEBOOK.toFile()).get("cells")) {
      StringBuilder source = new StringBuilder();
      cell.get("source").forEach(line -> source.append(line.asText()));
      if (cell.get("cell_type").asText().equals("code") && source.toString().startsWith("%%sql")) {
        queries.add(source.substring(source.indexOf("\n") + 1));
      }
    }
    return queries;
  }

  /** The one {@code %%sql} cell whose SQL contains {@code text}. */
  public static String cellWith(String text) throws IOException {
    return cells().stream().filter(sql -> sql.contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no %%sql cell with " + text + " in " + NOTEBOOK));
  }
}
