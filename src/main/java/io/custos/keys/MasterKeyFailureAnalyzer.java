package io.custos.keys;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or wrong master key into Spring Boot's short "APPLICATION FAILED TO START" report. */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set the custos.keys.master.* properties as docs/operations.md (section Keys) describes, or put back "
                        + "the master keyset file and key-encryption key that were in use.",
                cause);
    }
}
