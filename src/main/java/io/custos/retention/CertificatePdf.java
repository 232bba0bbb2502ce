package io.custos.retention;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.custos.shared.pdf.PdfSheets;

/**
 * Writes a destruction certificate as PDF with OpenPDF, in Chinese or English (R-DEL-4). The text is
 * set in WenQuanYi Micro Hei (Apache-2.0, bundled under {@code fonts/} with its licence), embedded as
 * a subset of the glyphs used, with a ToUnicode map so its text can be searched and copied. The font
 * file is read once; every word comes from the message bundles in the chosen language.
 */
@Component
class CertificatePdf {

    static final String FONT = PdfSheets.FONT;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MessageSource messages;

    CertificatePdf(MessageSource messages) {
        this.messages = messages;
    }

    /** One at a time: the font object is shared, and certificates are written rarely. */
    synchronized byte[] render(CertificateContent content, String verifyUrl, String apiUrl, Locale locale, ZoneId zone) {
        if (content.verificationCode() == null) {
            throw new IllegalArgumentException("a certificate is rendered with its verification code");
        }
        BaseFont base = PdfSheets.font();
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

            PdfPTable facts = PdfSheets.table(2, new float[] {1.5f, 2.5f});
            rowOf(facts, word("certificate.pdf.kind", locale), word("certificate.kind." + content.kind(), locale), text);
            rowOf(facts, word("certificate.pdf.method", locale), word("certificate.method." + content.method(), locale),
                    text);
            rowOf(facts, word("certificate.pdf.executedAt", locale), MINUTES.format(content.executedAt().atZone(zone))
                    + " (" + zone.getId() + ", UTC" + PdfSheets.offset(zone, content.executedAt()) + ")", text);
            rowOf(facts, word("certificate.pdf.total", locale), Long.toString(content.total()), text);
            if (!content.rules().isEmpty()) {
                rowOf(facts, word("certificate.pdf.rules", locale), String.join(", ", content.rules()), text);
            }
            rowOf(facts, word("certificate.pdf.approvers", locale), content.approvers().stream()
                    .map(a -> a.name() + " (" + word("role." + a.role().name(), locale) + ")")
                    .collect(Collectors.joining(locale.getLanguage().equals("zh") ? "；" : "; ")), text);
            rowOf(facts, word("certificate.pdf.executor", locale), content.executor(), text);
            if (content.witness() != null) {
                rowOf(facts, word("certificate.pdf.witness", locale), content.witness(), text);
            }
            if (content.contractor() != null) {
                rowOf(facts, word("certificate.pdf.contractor", locale), content.contractor(), text);
            }
            if (content.kind() == CertificateKind.ELECTRONIC) {
                rowOf(facts, word("certificate.pdf.factsKept", locale), Long.toString(content.factsKept()), text);
            }
            rowOf(facts, word("certificate.pdf.digest", locale), content.digest(), text);
            document.add(facts);

            document.add(PdfSheets.section(word("certificate.pdf.counts", locale), heading));
            PdfPTable counts = PdfSheets.table(2, new float[] {2.6f, 0.9f});
            PdfSheets.header(counts, word("certificate.pdf.category", locale), heading);
            PdfSheets.header(counts, word("certificate.pdf.count", locale), heading);
            for (CertificateContent.CategoryCount c : content.counts()) {
                rowOf(counts, word("certificate.category." + c.category(), locale), Long.toString(c.count()), text);
            }
            document.add(counts);

            document.add(PdfSheets.section(word("certificate.pdf.statement.title", locale), heading));
            document.add(new Paragraph(word(content.kind() == CertificateKind.ELECTRONIC
                    ? "certificate.pdf.statement.electronic" : "certificate.pdf.statement.paper", locale), text));
            Paragraph noPersonalData = new Paragraph(word("certificate.pdf.noPersonalData", locale), text);
            noPersonalData.setSpacingBefore(4);
            document.add(noPersonalData);

            document.add(PdfSheets.section(word("certificate.pdf.verify.title", locale), heading));
            String code = CertificateCodes.display(content.verificationCode());
            PdfPTable verify = PdfSheets.table(2, new float[] {1.5f, 2.5f});
            rowOf(verify, word("certificate.pdf.verify.code", locale), code, new Font(base, 13, Font.BOLD));
            rowOf(verify, word("certificate.pdf.verify.page", locale), verifyUrl, text);
            rowOf(verify, word("certificate.pdf.verify.api", locale), "GET " + apiUrl, text);
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

    private static void rowOf(PdfPTable table, String label, String value, Font font) {
        PdfSheets.row(table, font, label, value);
    }

    static List<String> methods() {
        return List.of("CRYPTO_SHREDDING", "SHREDDING", "BURNING", "PULPING", "CONTRACTOR");
    }
}
