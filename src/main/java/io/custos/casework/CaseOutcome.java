package io.custos.casework;

/** How a case ended, told to the customer with the reasons in the reply. */
public enum CaseOutcome {
    GRANTED, PARTLY_GRANTED, REFUSED, WITHDRAWN
}
