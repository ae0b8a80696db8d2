package io.uptake.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The published table as a spreadsheet in the layout the provinces sent with their letters: a
 * title with the as-of time, Vietnamese headers, the total first and then numbered rows, counts
 * and shares as numbers (not text), so the file can be summed and charted.
 *
 * <p>The display formats are Excel's standard {@code #,##0} and {@code 0.00%}: Excel and
 * LibreOffice draw their separators from the reader's regional settings, so under Vietnamese
 * settings they read {@code 101.378} and {@code 12,92%}. Shares hold the published (rounded)
 * percentage as a fraction, so the cell is exactly the figure printed in the other formats.
 */
public final class SpreadsheetReport {
  private SpreadsheetReport() {}

  public static final String INTEGER_FORMAT = "#,##0";
  public static final String PERCENT_FORMAT = "0.00%";
  /** Rows above the header: the title and the line naming the source snapshot. */
  public static final int HEADER_ROW = 2;

  private record Styles(CellStyle title, CellStyle source, CellStyle header, CellStyle text, CellStyle number,
      CellStyle integer, CellStyle percent, CellStyle hidden, CellStyle totalText, CellStyle totalInteger,
      CellStyle totalPercent, CellStyle totalHidden, CellStyle note) {}

  public static void write(AdoptionReport report, OutputStream out) throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      Styles s = styles(workbook);
      Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(report.scopeName()));
      List<String> header = report.peopleHeader();
      int columns = header.size();

      Row title = sheet.createRow(0);
      title.setHeightInPoints(22);
      text(title, 0, report.title(), s.title());
      sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, columns - 1));
      Row source = sheet.createRow(1);
      text(source, 0, "Nguồn: Uptake, bảng gold/adoption_by_district, as_of = "
          + OffsetDateTime.ofInstant(report.asOf(), report.zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          + "; mỗi số điện thoại đếm một lần.", s.source());
      sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, columns - 1));

      Row head = sheet.createRow(HEADER_ROW);
      head.setHeightInPoints(32);
      for (int c = 0; c < columns; c++) {
        text(head, c, header.get(c), s.header());
      }

      int r = HEADER_ROW + 1;
      for (AdoptionReport.PublishedRow p : report.publishedRows()) {
        Row row = sheet.createRow(r++);
        boolean total = p.total();
        if (p.number().isEmpty()) {
          text(row, 0, "", total ? s.totalText() : s.text());
        } else {
          Cell tt = row.createCell(0);
          tt.setCellValue(Integer.parseInt(p.number()));
          tt.setCellStyle(s.number());
        }
        text(row, 1, p.label(), total ? s.totalText() : s.text());
        count(row, 2, p.phones(), p.suppressed(), total, s);
        for (int i = 0; i < p.denominatorValues().size(); i++) {
          Long value = p.denominatorValues().get(i);
          count(row, 3 + 2 * i, value, false, total, s);
          BigDecimal pct = p.percents().get(i);
          Cell share = row.createCell(4 + 2 * i);
          if (value == null || value == 0) {
            share.setCellStyle(total ? s.totalText() : s.text());
          } else if (p.suppressed()) {
            share.setCellValue("x");
            share.setCellStyle(total ? s.totalHidden() : s.hidden());
          } else {
            share.setCellValue(pct.movePointLeft(2).doubleValue());
            share.setCellStyle(total ? s.totalPercent() : s.percent());
          }
        }
      }
      if (report.suppressionNote() != null) {
        Row note = sheet.createRow(r + 1);
        text(note, 0, report.suppressionNote(), s.note());
        sheet.addMergedRegion(new CellRangeAddress(r + 1, r + 1, 0, columns - 1));
      }

      sheet.setColumnWidth(0, 6 * 256);
      sheet.setColumnWidth(1, 34 * 256);
      for (int c = 2; c < columns; c++) {
        sheet.setColumnWidth(c, 16 * 256);
      }
      sheet.createFreezePane(2, HEADER_ROW + 1);
      sheet.setRepeatingRows(new CellRangeAddress(HEADER_ROW, HEADER_ROW, -1, -1));
      sheet.getPrintSetup().setLandscape(true);
      sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
      sheet.getPrintSetup().setFitWidth((short) 1);
      sheet.getPrintSetup().setFitHeight((short) 0);
      sheet.setFitToPage(true);
      workbook.write(out);
    }
  }

  private static void count(Row row, int column, Long value, boolean hidden, boolean total, Styles s) {
    Cell cell = row.createCell(column);
    if (hidden) {
      cell.setCellValue("x");
      cell.setCellStyle(total ? s.totalHidden() : s.hidden());
    } else if (value == null) {
      cell.setCellStyle(total ? s.totalText() : s.text());
    } else {
      cell.setCellValue(value);
      cell.setCellStyle(total ? s.totalInteger() : s.integer());
    }
  }

  private static void text(Row row, int column, String value, CellStyle style) {
    Cell cell = row.createCell(column);
    cell.setCellValue(value);
    cell.setCellStyle(style);
  }

  private static Styles styles(Workbook wb) {
    Font bold = wb.createFont();
    bold.setBold(true);
    Font titleFont = wb.createFont();
    titleFont.setBold(true);
    titleFont.setFontHeightInPoints((short) 13);
    Font italic = wb.createFont();
    italic.setItalic(true);
    short integer = wb.createDataFormat().getFormat(INTEGER_FORMAT);
    short percent = wb.createDataFormat().getFormat(PERCENT_FORMAT);
    short plainNumber = wb.createDataFormat().getFormat("0");

    CellStyle title = wb.createCellStyle();
    title.setFont(titleFont);
    title.setAlignment(HorizontalAlignment.CENTER);
    CellStyle source = wb.createCellStyle();
    source.setFont(italic);
    source.setAlignment(HorizontalAlignment.CENTER);
    CellStyle note = wb.createCellStyle();
    note.setFont(italic);
    note.setWrapText(true);
    CellStyle header = bordered(wb);
    header.setFont(bold);
    header.setAlignment(HorizontalAlignment.CENTER);
    header.setVerticalAlignment(VerticalAlignment.CENTER);
    header.setWrapText(true);
    CellStyle text = bordered(wb);
    CellStyle number = bordered(wb);
    number.setDataFormat(plainNumber);
    number.setAlignment(HorizontalAlignment.CENTER);
    return new Styles(title, source, header, text, number,
        numeric(wb, integer, null), numeric(wb, percent, null), hidden(wb, null),
        withFont(wb, text, bold), numeric(wb, integer, bold), numeric(wb, percent, bold), hidden(wb, bold), note);
  }

  private static CellStyle bordered(Workbook wb) {
    CellStyle style = wb.createCellStyle();
    style.setBorderTop(BorderStyle.THIN);
    style.setBorderBottom(BorderStyle.THIN);
    style.setBorderLeft(BorderStyle.THIN);
    style.setBorderRight(BorderStyle.THIN);
    return style;
  }

  private static CellStyle numeric(Workbook wb, short format, Font font) {
    CellStyle style = bordered(wb);
    style.setDataFormat(format);
    if (font != null) {
      style.setFont(font);
    }
    return style;
  }

  private static CellStyle hidden(Workbook wb, Font font) {
    CellStyle style = bordered(wb);
    style.setAlignment(HorizontalAlignment.RIGHT);
    if (font != null) {
      style.setFont(font);
    }
    return style;
  }

  private static CellStyle withFont(Workbook wb, CellStyle base, Font font) {
    CellStyle style = wb.createCellStyle();
    style.cloneStyleFrom(base);
    style.setFont(font);
    return style;
  }
}
