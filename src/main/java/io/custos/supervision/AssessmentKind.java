package io.custos.supervision;

/** What kind of security assessment IT carried out; a dependency scan carries the build's SBOM. */
public enum AssessmentKind {
    INTERNAL_REVIEW, PENETRATION_TEST, DEPENDENCY_SCAN, CONFIGURATION_REVIEW, OTHER
}
