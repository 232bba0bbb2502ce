package io.custos.retention;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Destruction certificates (R-DEL-4, issue 16.5): each destroyed subject — a batch of electronic
 * data, a paper destruction — gets one verification code, kept with the facts its certificate states
 * (no customer, no person); the certificate is rendered as PDF in the reader's language and time zone
 * whenever it is asked for, and anyone holding the code can check it without signing in.
 * <p>
 * The caller decides who may issue and read a certificate; this service only keeps and writes them.
 * Typical use: {@code pdf(subjectId, content, locale)} once the destruction is done.
 */
@Service
@EnableConfigurationProperties(CertificateProperties.class)
public class DestructionCertificates {

    private final CertificateRepository repository;
    private final CertificatePdf pdf;
    private final CertificateProperties properties;
    private final CertificateVerifyThrottle throttle;
    private final Times times;
    private final Clock clock;
    private final TransactionTemplate savepoint;

    DestructionCertificates(CertificateRepository repository, CertificatePdf pdf, CertificateProperties properties,
            CertificateVerifyThrottle throttle, Times times, Clock clock, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.pdf = pdf;
        this.properties = properties;
        this.throttle = throttle;
        this.times = times;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * The verification code of the subject's certificate, issued now with these facts, or the one
     * issued before (the facts given then stay: a certificate never changes). Two callers racing for
     * the same subject get the same code.
     */
    @Transactional
    public String issue(UUID subjectId, CertificateFacts facts) {
        Optional<String> known = repository.codeOf(subjectId);
        if (known.isPresent()) {
            return known.get();
        }
        String code = CertificateCodes.random();
        try {
            // A savepoint, so that losing the race does not spoil the caller's transaction (PostgreSQL).
            savepoint.executeWithoutResult(status -> repository.insert(code, subjectId, facts,
                    clock.instant().truncatedTo(ChronoUnit.MICROS)));
            return code;
        } catch (DuplicateKeyException raced) {
            return repository.codeOf(subjectId).orElseThrow(() -> raced);
        }
    }

    /** The verification code issued for the subject, if any. */
    @Transactional(readOnly = true)
    public Optional<String> codeOf(UUID subjectId) {
        return repository.codeOf(subjectId);
    }

    /**
     * The certificate as PDF in the language (Chinese for any {@code zh} locale, else English), times
     * in the zone of the person signed in (else the company's).
     */
    public byte[] render(CertificateContent content, Locale locale) {
        String code = content.verificationCode();
        if (code == null) {
            throw new IllegalArgumentException("issue the certificate before rendering it");
        }
        Locale language = "zh".equals(locale.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        return pdf.render(content, verifyPageUrl(code), verifyApiUrl(code), language, times.zone());
    }

    /** Issues (or finds) the subject's code and renders its certificate with it. */
    @Transactional
    public byte[] pdf(UUID subjectId, CertificateContent content, Locale locale) {
        String code = issue(subjectId, content.facts());
        return render(content.withVerificationCode(code), locale);
    }

    /**
     * What a certificate states, for anyone holding its code (no sign-in). Checks per client address
     * are limited.
     *
     * @throws DomainException 404 {@code certificate-unknown} for a code no certificate carries
     *         (including text that cannot be a code); 429 {@code certificate-verify-throttled}
     */
    @Transactional(readOnly = true)
    public CertificateFacts verify(String code, String clientAddress) {
        throttle.take(clientAddress);
        return CertificateCodes.normalize(code).flatMap(repository::find)
                .orElseThrow(() -> new DomainException("certificate-unknown", org.springframework.http.HttpStatus.NOT_FOUND));
    }

    /** {@code ABCD-EFGH-…}: the code as printed. */
    public static String display(String code) {
        return CertificateCodes.display(code);
    }

    String verifyPageUrl(String code) {
        return properties.baseUrl() + "/verify/destruction/" + CertificateCodes.display(code);
    }

    String verifyApiUrl(String code) {
        return properties.baseUrl() + "/api/v1/destructions/verify/" + CertificateCodes.display(code);
    }
}
