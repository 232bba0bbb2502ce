package io.custos.compliance;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.retention.RuleKind;
import io.custos.shared.Sensitivity;
import io.custos.sharing.PartnerType;
import io.custos.sharing.RecipientType;

/**
 * The record of processing activities (PIPL art. 51-55, GDPR art. 30 style; issue 22.5) as generated
 * now from the system's own configuration: one activity per purpose of processing. Catalog facts,
 * purposes, rules and recipients only; no customer and no value.
 */
public record ProcessingRecord(Header header, List<Activity> activities) {

    public ProcessingRecord {
        activities = List.copyOf(activities);
    }

    /**
     * @param controller the company's name as configured, else the deployment's name
     * @param controllerConfigured whether {@code controller} is the configured company name
     * @param zone the company's time zone, in which the record is dated
     * @param homeCountry the company's country: recipients elsewhere are across the border
     * @param retentionVersion the version of the retention rules in force, if one is
     */
    public record Header(String controller, boolean controllerConfigured, Instant generatedAt, String zone,
            String homeCountry, @Nullable Policy policy, @Nullable Integer retentionVersion) {
    }

    /** The policy version in force. */
    public record Policy(UUID versionId, int number, String titleZh, String titleEn, @Nullable Instant publishedAt) {
    }

    /**
     * One purpose of processing and what it involves.
     *
     * @param categories the fields the purpose needs, grouped by level, highest first
     * @param recipients who received data for the purpose under a grant in force now or at any time
     *        in the last 12 months
     * @param retention the retention rules in force (they apply to every customer, whatever the purpose)
     */
    public record Activity(String purpose, String labelZh, String labelEn, List<Category> categories,
            List<DataSubject> dataSubjects, List<RecipientEntry> recipients, List<Rule> retention,
            List<ProcessingSafeguard> safeguards) {

        public Activity {
            categories = List.copyOf(categories);
            dataSubjects = List.copyOf(dataSubjects);
            recipients = List.copyOf(recipients);
            retention = List.copyOf(retention);
            safeguards = List.copyOf(safeguards);
        }

        public boolean crossBorder() {
            return recipients.stream().anyMatch(RecipientEntry::crossBorder);
        }
    }

    /** The fields of one level. */
    public record Category(Sensitivity level, List<Field> fields) {

        public Category {
            fields = List.copyOf(fields);
        }
    }

    public record Field(String key, String labelZh, String labelEn) {
    }

    /** Whose information is processed: every customer record names a company and its contact persons. */
    public enum DataSubject {
        CUSTOMERS, CONTACT_PERSONS
    }

    /**
     * A department or a partner that received data for the purpose.
     *
     * @param partnerType and {@code country} for a partner only
     * @param crossBorder a partner whose country is not the company's
     * @param inForce whether a grant to it is in force now (else it was in the last 12 months)
     */
    public record RecipientEntry(RecipientType type, UUID id, String nameZh, String nameEn,
            @Nullable PartnerType partnerType, @Nullable String country, boolean crossBorder, boolean inForce) {
    }

    /**
     * A retention rule in force.
     *
     * @param fields for a legal minimum, the public business facts it keeps
     */
    public record Rule(String code, RuleKind kind, Period period, List<Field> fields) {

        public Rule {
            fields = List.copyOf(fields);
        }
    }
}
