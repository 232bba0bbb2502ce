package io.custos.compliance;

/** A duty the law attaches to a size of processing (issue 22.6); its words are in the bundles. */
public enum LegalDuty {
    /** PIPL art. 52: designate a personal-information protection officer and publish their contact. */
    PROTECTION_OFFICER,
    /** PIPL art. 54: audit the processing's compliance regularly. */
    COMPLIANCE_AUDITS,
    /** CAC cross-border provisions (2024) art. 8: a standard contract or a certification. */
    STANDARD_CONTRACT,
    /** CAC cross-border provisions (2024) art. 7: a security assessment by the CAC. */
    SECURITY_ASSESSMENT
}
