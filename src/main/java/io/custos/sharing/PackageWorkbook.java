package io.custos.sharing;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.List;

import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.crypt.temp.SXSSFWorkbookWithCustomZipEntrySource;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;

import io.custos.shared.web.TableWriter;

/**
 * The file of an export package (issue 15.5, R-USE-4): one sheet, written row by row (only a window
 * of rows in memory, the rest in temporary files encrypted under a key that lives in memory only),
 * then the whole workbook encrypted with a password by POI's agile encryption (AES-256, SHA-512
 * key derivation), the format Excel 2010+, WPS and LibreOffice open.
 * <p>
 * Visible watermark, on every sheet: a first row naming recipient, package (or grant) and time; the
 * same text in the page header and footer (print, page layout view); and light grey text boxes
 * spread down the sheet over the data (what Excel, WPS and LibreOffice all show in the normal
 * view; a sheet background picture LibreOffice does not show). Invisible watermark: the download's
 * code in a custom document property ({@value #CODE_PROPERTY}) and in a hidden last column of every row.
 */
final class PackageWorkbook implements Closeable {

    static final String CODE_PROPERTY = "CustosWatermark";
    static final String SHEET = "customers";
    /** Rows kept in memory while writing. */
    private static final int WINDOW = 200;
    /** One background text box per this many rows. */
    static final int WATERMARK_EVERY = 40;

    /** What the watermark says: who received the file, under what, when, and the download's code. */
    record Watermark(String recipient, String reference, String time, String code) {

        String visibleText() {
            return "机密 Confidential · " + recipient + " · " + reference + " · " + time;
        }

        @Override
        public String toString() {
            return "Watermark[" + reference + "]";
        }
    }

    private final SXSSFWorkbookWithCustomZipEntrySource workbook;
    private final SXSSFSheet sheet;
    private final Watermark watermark;
    private final int codeColumn;
    private int next;

    PackageWorkbook(Watermark watermark, List<String> headers) {
        this.watermark = watermark;
        this.workbook = new SXSSFWorkbookWithCustomZipEntrySource();
        this.sheet = workbook.createSheet(SHEET);
        this.codeColumn = headers.size();
        XSSFWorkbook xssf = workbook.getXSSFWorkbook();
        xssf.getProperties().getCustomProperties().addProperty(CODE_PROPERTY, watermark.code());
        xssf.getProperties().getCoreProperties().setTitle("Custos export package");
        xssf.getProperties().getCoreProperties().setCreator("Custos");
        xssf.getProperties().getCoreProperties().setDescription(watermark.visibleText());
        sheet.getHeader().setCenter(watermark.visibleText());
        sheet.getFooter().setCenter(watermark.visibleText());
        sheet.getFooter().setRight("&P / &N");

        CellStyle banner = workbook.createCellStyle();
        Font bannerFont = workbook.createFont();
        bannerFont.setBold(true);
        bannerFont.setColor(org.apache.poi.ss.usermodel.IndexedColors.GREY_50_PERCENT.getIndex());
        banner.setFont(bannerFont);
        Row top = sheet.createRow(next++);
        top.createCell(0).setCellValue(watermark.visibleText());
        top.getCell(0).setCellStyle(banner);
        top.createCell(codeColumn).setCellValue(watermark.code());
        if (headers.size() > 1) {
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, headers.size() - 1));
        }
        CellStyle bold = workbook.createCellStyle();
        Font boldFont = workbook.createFont();
        boldFont.setBold(true);
        bold.setFont(boldFont);
        Row head = sheet.createRow(next++);
        for (int i = 0; i < headers.size(); i++) {
            Cell cell = head.createCell(i);
            cell.setCellValue(TableWriter.safe(headers.get(i)));
            cell.setCellStyle(bold);
            sheet.setColumnWidth(i, 20 * 256);
        }
        head.createCell(codeColumn).setCellValue(watermark.code());
        sheet.setColumnHidden(codeColumn, true);
        sheet.createFreezePane(0, 2);
    }

    /** One customer; a null cell stays empty, text that a spreadsheet would run is neutralised. */
    void row(List<@Nullable String> cells) throws IOException {
        Row row = sheet.createRow(next++);
        for (int i = 0; i < cells.size(); i++) {
            String value = cells.get(i);
            if (value != null) {
                row.createCell(i).setCellValue(TableWriter.safe(value));
            }
        }
        row.createCell(codeColumn).setCellValue(watermark.code());
    }

    int rows() {
        return next - 2;
    }

    /** Adds the background text boxes over the rows written, then writes the encrypted file. */
    void encryptTo(String password, OutputStream out) throws IOException {
        backgroundText();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword(password);
            try (OutputStream encrypted = encryptor.getDataStream(fs)) {
                workbook.write(encrypted);
            } catch (GeneralSecurityException e) {
                throw new IOException("The package could not be encrypted", e);
            }
            fs.writeFilesystem(out);
        }
    }

    /**
     * Light grey, rotated, semi-transparent text over the data: a shape of the sheet's drawing, which
     * the streaming sheet leaves to the workbook it wraps.
     */
    private void backgroundText() {
        XSSFSheet backing = workbook.getXSSFWorkbook().getSheet(SHEET);
        XSSFDrawing drawing = backing.createDrawingPatriarch();
        int lastColumn = Math.max(4, Math.min(codeColumn, 8));
        for (int top = 2; top < Math.max(next, 22); top += WATERMARK_EVERY) {
            XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, top, lastColumn, top + 12);
            XSSFTextBox box = drawing.createTextbox(anchor);
            box.setNoFill(true);
            box.setLineStyle(-1);
            box.setText(new org.apache.poi.xssf.usermodel.XSSFRichTextString(watermark.visibleText()));
            box.getCTShape().getTxBody().getBodyPr().setRot(-20 * 60_000);
            box.getTextParagraphs().forEach(p -> {
                p.setTextAlign(org.apache.poi.xssf.usermodel.TextAlign.CENTER);
                p.getTextRuns().forEach(r -> {
                    r.setFontSize(28.0);
                    r.setFontColor(new java.awt.Color(0xC8, 0xC8, 0xC8));
                });
            });
        }
    }

    @Override
    public void close() throws IOException {
        workbook.close();
        workbook.dispose();
    }

}
