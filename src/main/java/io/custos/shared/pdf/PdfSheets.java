package io.custos.shared.pdf;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;

import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;

/**
 * The pieces the PDF records of Custos are made of (destruction certificates, handover reports),
 * set with OpenPDF in WenQuanYi Micro Hei (Apache-2.0, bundled under {@code fonts/} with its
 * licence): embedded as a subset of the glyphs used, with a ToUnicode map so the text can be
 * searched and copied in Chinese and English alike. The font file is read once per JVM.
 */
public final class PdfSheets {

    public static final String FONT = "fonts/wqy-microhei.ttc";
    private static volatile @Nullable BaseFont font;

    private PdfSheets() {
    }

    /** The bundled font, shared; OpenPDF documents using it are written one at a time by their callers. */
    public static BaseFont font() {
        BaseFont known = font;
        if (known != null) {
            return known;
        }
        synchronized (PdfSheets.class) {
            if (font == null) {
                try (InputStream in = new ClassPathResource(FONT).getInputStream()) {
                    font = BaseFont.createFont("wqy-microhei.ttc,0", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
                            in.readAllBytes(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException("the PDF font " + FONT + " is missing", e);
                } catch (DocumentException e) {
                    throw new IllegalStateException("the PDF font " + FONT + " cannot be read", e);
                }
            }
            return java.util.Objects.requireNonNull(font);
        }
    }

    /** The zone's UTC offset at an instant, as {@code +08:00}. */
    public static String offset(ZoneId zone, Instant at) {
        String id = zone.getRules().getOffset(at).getId();
        return "Z".equals(id) ? "+00:00" : id;
    }

    public static Paragraph section(String title, Font font) {
        Paragraph p = new Paragraph(title, font);
        p.setSpacingBefore(14);
        p.setSpacingAfter(6);
        return p;
    }

    public static PdfPTable table(int columns, float[] widths) {
        PdfPTable table = new PdfPTable(columns);
        table.setWidthPercentage(100);
        try {
            table.setWidths(widths);
        } catch (DocumentException e) {
            throw new IllegalArgumentException(e);
        }
        return table;
    }

    public static void header(PdfPTable table, String text, Font font) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setBackgroundColor(new Color(0xEE, 0xEE, 0xEE));
        cell.setPadding(5);
        table.addCell(cell);
    }

    /** One row of cells with a light rule under each. */
    public static void row(PdfPTable table, Font font, String... values) {
        for (String value : values) {
            PdfPCell cell = new PdfPCell(new Phrase(value, font));
            cell.setPadding(5);
            cell.setBorder(Rectangle.BOTTOM);
            cell.setBorderColor(Color.LIGHT_GRAY);
            table.addCell(cell);
        }
    }
}
