package io.custos.discipline;

/** What is proposed: a penalty (warning, fine, demotion, dismissal, compensation owed) or a reward. */
public enum ProposalKind {
    WARNING, FINE, DEMOTION, DISMISSAL, COMPENSATION, REWARD;

    /** Fines, compensation and rewards are amounts of money; the others carry none. */
    public boolean hasAmount() {
        return this == FINE || this == COMPENSATION || this == REWARD;
    }
}
