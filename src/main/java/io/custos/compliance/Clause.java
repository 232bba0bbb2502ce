package io.custos.compliance;

/**
 * A numbered clause of a policy version: its key ({@code 4} for a chapter without numbered parts,
 * {@code 4.3} for the third part of chapter four), the number as the text writes it in each language
 * ({@code 四.3}, {@code 4.3}), the chapter's heading and the clause's text (plain, shortened) in both.
 */
public record Clause(String key, String numberZh, String numberEn, String headingZh, String headingEn, String textZh,
        String textEn) {
}
