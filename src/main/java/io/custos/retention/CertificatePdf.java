package io.custos.retention;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

/**
 * Writes a destruction certificate as PDF with OpenPDF, in Chinese or English (R-DEL-4). The text is
 * set in WenQuanYi Micro Hei (Apache-2.0, bundled under {@code fonts/} with its licence), embedded as
 * a subset of the glyphs used, with a ToUnicode map so its text can be searched and copied. The font
 * file is read once; every word comes from the message bundles in the chosen language.
 */
@Component
class CertificatePdf {

    static final String FONT = "fonts/wqy-microhei.ttc";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MessageSource messages;
    private volatile @Nullable BaseFont font;

    CertificatePdf(MessageSource messages) {
        this.messages = messages;
    }

    /** One at a time: the font object is shared, and certificates are written rarely. */
    synchronized byte[] render(CertificateContent content, String verifyUrl, String apiUrl, Locale locale, ZoneId zone) {
        if (content.verificationCode() == null) {
            throw new IllegalArgumentException("a certificate is rendered with its verification code");
        }
        BaseFont base = font();
        Font title = new Font(base, 18, Font.BOLD);
        Font heading = new Font(base, 12, Font.BOLD);
        Font text = new Font(base, 10);
        Font small = new Font(base, 8, Font.NORMAL, Color.DARK_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        Document document = new Document(PageSize.A4, 56, 56, 56, 56);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setFullCompression();
            document.addTitle(word("certificate.pdf.title", locale) + " " + content.number());
            document.addCreator("Custos");
            document.open();

            Paragraph head = new Paragraph(word("certificate.pdf.title", locale), title);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(4);
            document.add(head);
            Paragraph number = new Paragraph(word("certificate.pdf.number", locale) + " " + content.number(), text);
            number.setAlignment(Element.ALIGN_CENTER);
            number.setSpacingAfter(14);
            document.add(number);

            PdfPTable facts = table(2, new float[] {1.5f, 2.5f});
            row(facts, word("certificate.pdf.kind", locale), word("certificate.kind." + content.kind(), locale), text);
            row(facts, word("certificate.pdf.method", locale), word("certificate.method." + content.method(), locale),
                    text);
            row(facts, word("certificate.pdf.executedAt", locale), MINUTES.format(content.executedAt().atZone(zone))
                    + " (" + zone.getId() + ", UTC" + offset(zone, content.executedAt()) + ")", text);
            row(facts, word("certificate.pdf.total", locale), Long.toString(content.total()), text);
            if (!content.rules().isEmpty()) {
                row(facts, word("certificate.pdf.rules", locale), String.join(", ", content.rules()), text);
            }
            row(facts, word("certificate.pdf.approvers", locale), content.approvers().stream()
                    .map(a -> a.name() + " (" + word("role." + a.role().name(), locale) + ")")
                    .collect(Collectors.joining(locale.getLanguage().equals("zh") ? "；" : "; ")), text);
            row(facts, word("certificate.pdf.executor", locale), content.executor(), text);
            if (content.witness() != null) {
                row(facts, word("certificate.pdf.witness", locale), content.witness(), text);
            }
            if (content.contractor() != null) {
                row(facts, word("certificate.pdf.contractor", locale), content.contractor(), text);
            }
            if (content.kind() == CertificateKind.ELECTRONIC) {
                row(facts, word("certificate.pdf.factsKept", locale), Long.toString(content.factsKept()), text);
            }
            row(facts, word("certificate.pdf.digest", locale), content.digest(), text);
            document.add(facts);

            document.add(section(word("certificate.pdf.counts", locale), heading));
            PdfPTable counts = table(2, new float[] {2.6f, 0.9f});
            header(counts, word("certificate.pdf.category", locale), heading);
            header(counts, word("certificate.pdf.count", locale), heading);
            for (CertificateContent.CategoryCount c : content.counts()) {
                row(counts, word("certificate.category." + c.category(), locale), Long.toString(c.count()), text);
            }
            document.add(counts);

            document.add(section(word("certificate.pdf.statement.title", locale), heading));
            document.add(new Paragraph(word(content.kind() == CertificateKind.ELECTRONIC
                    ? "certificate.pdf.statement.electronic" : "certificate.pdf.statement.paper", locale), text));
            Paragraph noPersonalData = new Paragraph(word("certificate.pdf.noPersonalData", locale), text);
            noPersonalData.setSpacingBefore(4);
            document.add(noPersonalData);

            document.add(section(word("certificate.pdf.verify.title", locale), heading));
            String code = CertificateCodes.display(content.verificationCode());
            PdfPTable verify = table(2, new float[] {1.5f, 2.5f});
            row(verify, word("certificate.pdf.verify.code", locale), code, new Font(base, 13, Font.BOLD));
            row(verify, word("certificate.pdf.verify.page", locale), verifyUrl, text);
            row(verify, word("certificate.pdf.verify.api", locale), "GET " + apiUrl, text);
            document.add(verify);
            Paragraph how = new Paragraph(word("certificate.pdf.verify.how", locale), small);
            how.setSpacingBefore(6);
            document.add(how);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the certificate could not be written", e);
        }
        return out.toByteArray();
    }

    private String word(String key, Locale locale) {
        // A code without words is shown as the code rather than failing the certificate; the bundle
        // tests keep every known code covered.
        return messages.getMessage(key, null, key.substring(key.lastIndexOf('.') + 1), locale);
    }

    private static String offset(ZoneId zone, Instant at) {
        String id = zone.getRules().getOffset(at).getId();
        return "Z".equals(id) ? "+00:00" : id;
    }

    private static Paragraph section(String title, Font font) {
        Paragraph p = new Paragraph(title, font);
        p.setSpacingBefore(14);
        p.setSpacingAfter(6);
        return p;
    }

    private static PdfPTable table(int columns, float[] widths) {
        PdfPTable table = new PdfPTable(columns);
        table.setWidthPercentage(100);
        try {
            table.setWidths(widths);
        } catch (DocumentException e) {
            throw new IllegalArgumentException(e);
        }
        return table;
    }

    private static void header(PdfPTable table, String text, Font font) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setBackgroundColor(new Color(0xEE, 0xEE, 0xEE));
        cell.setPadding(5);
        table.addCell(cell);
    }

    private static void row(PdfPTable table, String label, String value, Font font) {
        PdfPCell left = new PdfPCell(new Phrase(label, font));
        left.setPadding(5);
        left.setBorder(Rectangle.BOTTOM);
        left.setBorderColor(Color.LIGHT_GRAY);
        PdfPCell right = new PdfPCell(new Phrase(value, font));
        right.setPadding(5);
        right.setBorder(Rectangle.BOTTOM);
        right.setBorderColor(Color.LIGHT_GRAY);
        table.addCell(left);
        table.addCell(right);
    }

    /**
     * The bundled font, read from the class path once: the first face of the collection, Identity-H
     * encoded and embedded (OpenPDF writes only the glyphs a document uses).
     */
    private BaseFont font() {
        BaseFont known = font;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (font == null) {
                try (InputStream in = new ClassPathResource(FONT).getInputStream()) {
                    font = BaseFont.createFont("wqy-microhei.ttc,0", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
                            in.readAllBytes(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException("the certificate font " + FONT + " is missing", e);
                } catch (DocumentException e) {
                    throw new IllegalStateException("the certificate font " + FONT + " cannot be read", e);
                }
            }
            return font;
        }
    }

    static List<String> methods() {
        return List.of("CRYPTO_SHREDDING", "SHREDDING", "BURNING", "PULPING", "CONTRACTOR");
    }
}
