package io.custos.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * The certificate of an executed destruction batch (issue 16.5, R-DEL-4): what the record says —
 * counts per category, rules applied, the two approvers, the executor, kept facts, the digest — and
 * no customer. Issued when the batch is done, printable by whoever may see the batch.
 */
@Service
public class BatchCertificates {

    private final DestructionRepository repository;
    private final DestructionBatches batches;
    private final DestructionCertificates certificates;
    private final Employees employees;

    BatchCertificates(DestructionRepository repository, DestructionBatches batches,
            DestructionCertificates certificates, Employees employees) {
        this.repository = repository;
        this.batches = batches;
        this.certificates = certificates;
        this.employees = employees;
    }

    /** The PDF in the language asked, for a batch the person may see; 409 before it is done. */
    @Transactional
    public byte[] pdf(UUID batchId, Locale locale, CustosUser by) {
        DestructionBatch batch = batches.get(batchId, by);
        if (batch.status() != BatchStatus.DONE) {
            throw DomainException.conflict("destruction-not-done");
        }
        return certificates.pdf(batchId, content(batch), locale);
    }

    /** Issues the code as the batch is finished, so the record and its certificate exist together. */
    void issue(DestructionBatch done) {
        certificates.issue(done.id(), content(done).facts());
    }

    CertificateContent content(DestructionBatch batch) {
        List<CertificateContent.CategoryCount> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : repository.destroyedByCategory(batch.id()).entrySet()) {
            counts.add(new CertificateContent.CategoryCount(entry.getKey(), entry.getValue()));
        }
        List<CertificateContent.Signatory> approvers = new ArrayList<>();
        if (batch.headApprovedBy() != null) {
            boolean head = employees.byId(batch.headApprovedBy()).map(e -> e.roles().contains(Role.DEPT_HEAD))
                    .orElse(true);
            approvers.add(new CertificateContent.Signatory(name(batch.headApprovedBy()),
                    head ? Role.DEPT_HEAD : Role.MANAGEMENT));
        }
        if (batch.adminApprovedBy() != null) {
            approvers.add(new CertificateContent.Signatory(name(batch.adminApprovedBy()), Role.ADMIN_OFFICER));
        }
        return new CertificateContent(batch.number(), CertificateKind.ELECTRONIC, batch.method(),
                java.util.Objects.requireNonNullElse(batch.executedAt(), java.time.Instant.EPOCH), counts,
                repository.rulesApplied(batch.id()), approvers, name(batch.executedBy()), null, null,
                batch.factsKeptCount() == null ? 0 : batch.factsKeptCount(),
                java.util.Objects.requireNonNullElse(batch.digest(), "sha256:-"),
                certificates.codeOf(batch.id()).orElse(null));
    }

    private String name(@Nullable UUID employee) {
        return employee == null ? "—" : employees.byId(employee).map(e -> e.displayName()).orElse("—");
    }
}
