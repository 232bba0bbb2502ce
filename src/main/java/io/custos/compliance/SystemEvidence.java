package io.custos.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.audit.VerificationFigures;
import io.custos.backup.BackupFigures;
import io.custos.customer.CustomerFigures;
import io.custos.identity.AccountFigures;
import io.custos.identity.Employees;
import io.custos.keys.KeyFigures;
import io.custos.retention.RetentionFigures;
import io.custos.sharing.ExportFigures;
import io.custos.sharing.GrantFigures;
import io.custos.shared.web.Times;

/**
 * The map's evidence about data at rest, backups, consent, sharing, retention, sign-in and the audit
 * log (issue 22.1): each figure is the owning module's own count or time, asked of its public figures.
 */
@Component
class SystemEvidence implements EvidenceQueries {

    private static final Set<Indicator> INDICATORS = EnumSet.of(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES,
            Indicator.ENCRYPTED_SHARE, Indicator.MASTER_KEY_AGE_DAYS, Indicator.DAYS_SINCE_BACKUP,
            Indicator.DAYS_SINCE_RESTORE_DRILL, Indicator.CUSTOMERS_WITHOUT_CONSENT, Indicator.ACTIVE_GRANTS,
            Indicator.GRANTS_WITHOUT_VALID_NDA, Indicator.EXPORTS_AWAITING_APPROVAL, Indicator.CUSTOMERS_PAST_RETENTION,
            Indicator.DAYS_SINCE_SWEEP, Indicator.OPEN_DESTRUCTION_BATCHES, Indicator.PRIVILEGED_WITHOUT_SECOND_FACTOR,
            Indicator.DAYS_SINCE_CHAIN_VERIFICATION, Indicator.CHAINS_FAILING_VERIFICATION);

    private final CustomerFigures customers;
    private final KeyFigures keys;
    private final BackupFigures backups;
    private final GrantFigures grants;
    private final ExportFigures exports;
    private final RetentionFigures retention;
    private final AccountFigures accounts;
    private final VerificationFigures verifications;
    private final Employees employees;
    private final Times times;

    SystemEvidence(CustomerFigures customers, KeyFigures keys, BackupFigures backups, GrantFigures grants,
            ExportFigures exports, RetentionFigures retention, AccountFigures accounts,
            VerificationFigures verifications, Employees employees, Times times) {
        this.customers = customers;
        this.keys = keys;
        this.backups = backups;
        this.grants = grants;
        this.exports = exports;
        this.retention = retention;
        this.accounts = accounts;
        this.verifications = verifications;
        this.employees = employees;
        this.times = times;
    }

    @Override
    public Set<Indicator> indicators() {
        return INDICATORS;
    }

    @Override
    public Figure figure(Indicator indicator, @Nullable UUID department, Instant now) {
        if (!INDICATORS.contains(indicator)) {
            throw new IllegalArgumentException("not answered here: " + indicator);
        }
        if (department != null && !indicator.departmental()) {
            throw new IllegalArgumentException(indicator + " is company-wide only");
        }
        return switch (indicator) {
            case PLAINTEXT_CONFIDENTIAL_VALUES -> Figure.count(customers.confidentialValues().plaintext(), now);
            case ENCRYPTED_SHARE -> {
                CustomerFigures.ConfidentialValues values = customers.confidentialValues();
                yield Figure.share(values.encrypted(), values.values(), now);
            }
            case MASTER_KEY_AGE_DAYS -> Figure.last(keys.masterKeyInUseSince());
            case DAYS_SINCE_BACKUP -> Figure.last(backups.lastGoodBackup());
            case DAYS_SINCE_RESTORE_DRILL -> Figure.last(backups.lastPassedDrill());
            case CUSTOMERS_WITHOUT_CONSENT -> Figure.count(customers.customersWithoutConsent(department), now);
            case ACTIVE_GRANTS -> Figure.count(department == null ? grants.active(now)
                    : grants.activeFor(department, now), now);
            case GRANTS_WITHOUT_VALID_NDA -> Figure.count(grants.withoutValidNda(department, now), now);
            case EXPORTS_AWAITING_APPROVAL -> Figure.count(department == null ? exports.awaitingApproval()
                    : exports.awaitingApprovalAskedBy(employees.staffOf(department)), now);
            case CUSTOMERS_PAST_RETENTION -> {
                LocalDate today = LocalDate.ofInstant(now, times.companyZone());
                yield Figure.count(department == null ? retention.pastRetention(today)
                        : retention.pastRetention(department, today), now);
            }
            case DAYS_SINCE_SWEEP -> Figure.last(retention.lastSweep());
            case OPEN_DESTRUCTION_BATCHES -> Figure.count(retention.openDestructionBatches(), now);
            case PRIVILEGED_WITHOUT_SECOND_FACTOR -> Figure.count(accounts.privilegedWithoutSecondFactor(), now);
            case DAYS_SINCE_CHAIN_VERIFICATION -> Figure.last(verifications.last()
                    .map(VerificationFigures.LastVerification::at).orElse(null));
            case CHAINS_FAILING_VERIFICATION -> {
                // Never verified reads as nothing found broken; the days since verification show that gap.
                var last = verifications.last();
                yield last.map(v -> Figure.count(v.failingChains(), v.at())).orElseGet(() -> Figure.count(0, now));
            }
            default -> throw new IllegalArgumentException("not answered here: " + indicator);
        };
    }


}
