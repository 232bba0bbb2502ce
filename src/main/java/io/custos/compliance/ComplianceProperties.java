package io.custos.compliance;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.compliance.*} (issue 22).
 *
 * @param homeCountry the company's country (ISO 3166 two letters): a partner elsewhere receives data
 *        across the border
 * @param companyName the controller's name printed on the record of processing activities; without
 *        it the deployment's name is printed
 * @param legal the thresholds of the legal duties (issue 22.6), tunable when the law changes
 */
@ConfigurationProperties("custos.compliance")
public record ComplianceProperties(@DefaultValue("CN") String homeCountry, @Nullable String companyName,
        @DefaultValue Legal legal) {

    public ComplianceProperties {
        if (!homeCountry.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("custos.compliance.home-country must be two letters (ISO 3166)");
        }
        homeCountry = homeCountry.toUpperCase(Locale.ROOT);
        companyName = companyName == null || companyName.isBlank() ? null : companyName.strip();
    }

    /**
     * Where each legal duty starts (PIPL art. 52 and 54; CAC Provisions on Promoting and Regulating
     * Cross-Border Data Flows, 2024, art. 7 and 8).
     *
     * @param individualsHeld individuals whose information is held: a protection officer, regular audits
     * @param crossBorderContract individuals' information sent abroad since 1 January: a standard
     *        contract or certification
     * @param crossBorderAssessment the same, from which the CAC's security assessment is needed
     * @param sensitiveContract individuals' sensitive information sent abroad since 1 January: a
     *        standard contract or certification
     * @param sensitiveAssessment the same, from which the security assessment is needed
     */
    public record Legal(@DefaultValue("1000000") long individualsHeld,
            @DefaultValue("100000") long crossBorderContract, @DefaultValue("1000000") long crossBorderAssessment,
            @DefaultValue("1") long sensitiveContract, @DefaultValue("10000") long sensitiveAssessment) {

        public Legal {
            if (individualsHeld < 1 || crossBorderContract < 1 || crossBorderAssessment < 1 || sensitiveContract < 1
                    || sensitiveAssessment < 1) {
                throw new IllegalArgumentException("custos.compliance.legal.* thresholds must be positive");
            }
        }
    }
}
