package io.custos.whistleblowing;

import java.time.LocalDate;

/** A report just made: the follow-up code (shown once, kept nowhere) and the day it was received. */
public record Submitted(String code, LocalDate receivedOn) {

    @Override
    public String toString() {
        return "Submitted[" + receivedOn + "]";
    }
}
