package io.custos.discipline;

/**
 * What a proposal rests on: a whistleblowing report verified as true, an access reviewed as
 * unjustified (an emergency access or a flagged reveal), an inspection finding or an incident.
 * The first two are checked here; findings and incidents are named by id and reference.
 */
public enum EvidenceKind {
    WHISTLEBLOWING, ACCESS_REVIEW, INSPECTION_FINDING, INCIDENT
}
