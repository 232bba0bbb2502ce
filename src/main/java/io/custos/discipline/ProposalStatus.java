package io.custos.discipline;

public enum ProposalStatus {
    PROPOSED, APPROVED, REJECTED
}
