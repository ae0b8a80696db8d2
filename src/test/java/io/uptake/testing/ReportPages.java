package io.uptake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uptake.report.HtmlReport;
import java.io.IOException;

/** Reads an HTML report's inlined chart data back, for assertions on what the page would draw. */
public final class ReportPages {
  private ReportPages() {}

  public static JsonNode data(String html) throws IOException {
    String open = "<script type=\"application/json\" id=\"" + HtmlReport.DATA_ID + "\">";
    int from = html.indexOf(open);
    if (from < 0) {
      throw new AssertionError("no " + HtmlReport.DATA_ID + " script in the page");
    }
    from += open.length();
    return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
  }
}
