package io.custos.retention;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.custos.identity.Role;

/**
 * Everything a destruction certificate's PDF shows (R-DEL-4, issue 16.5). It holds no personal data
 * of any customer: counts per category, codes, the names of the staff who approved, executed and
 * witnessed, the digest of the destruction's record and the verification code.
 *
 * @param number the batch's or the paper destruction's number
 * @param method a code: {@code CRYPTO_SHREDDING}, {@code SHREDDING}, {@code BURNING}, {@code PULPING},
 *        {@code CONTRACTOR} (words: {@code certificate.method.<code>})
 * @param executedAt shown in the reader's time zone
 * @param counts per category code ({@code PROSPECT_INACTIVE}, {@code CUSTOMER_INACTIVE},
 *        {@code CONSENT_WITHDRAWN}, {@code MANUAL}, {@code DELETION_REQUEST}, or a paper type such as
 *        {@code CONTRACT}; words: {@code certificate.category.<code>})
 * @param rules the retention rules applied, as they are named (their codes); empty for none
 * @param approvers who approved, with the role they approved in
 * @param executor who executed it
 * @param witness who witnessed it (paper)
 * @param contractor the destruction contractor (paper, when one did it)
 * @param factsKept how many anonymized business-fact records a legal minimum kept (0 for paper)
 * @param digest the digest of the destruction's record ({@code sha256:…})
 * @param verificationCode from {@link DestructionCertificates#issue}; null only before it is issued
 */
public record CertificateContent(String number, CertificateKind kind, String method, Instant executedAt,
        List<CategoryCount> counts, List<String> rules, List<Signatory> approvers, String executor,
        @Nullable String witness, @Nullable String contractor, long factsKept, String digest,
        @Nullable String verificationCode) {

    /** How many items of one category were destroyed. */
    public record CategoryCount(String category, long count) {
    }

    /** A member of staff and the role in which they signed (words: {@code role.<ROLE>}). */
    public record Signatory(String name, Role role) {
    }

    public CertificateContent {
        counts = List.copyOf(counts);
        rules = List.copyOf(rules);
        approvers = List.copyOf(approvers);
    }

    /** Items destroyed in all categories. */
    public long total() {
        return counts.stream().mapToLong(CategoryCount::count).sum();
    }

    /** What the certificate's verification answers. */
    public CertificateFacts facts() {
        return new CertificateFacts(kind, number, method, executedAt, total(), digest);
    }

    public CertificateContent withVerificationCode(String code) {
        return new CertificateContent(number, kind, method, executedAt, counts, rules, approvers, executor, witness,
                contractor, factsKept, digest, code);
    }
}
