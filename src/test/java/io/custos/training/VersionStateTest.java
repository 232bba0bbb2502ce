package io.custos.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.custos.shared.DomainException;

/** The life of a document version: each step only from the state it belongs to. */
class VersionStateTest {

    @Test
    void followsDraftSubmitApproveSupersede() {
        assertThat(VersionState.DRAFT.submit()).isEqualTo(VersionState.SUBMITTED);
        assertThat(VersionState.SUBMITTED.approve()).isEqualTo(VersionState.PUBLISHED);
        assertThat(VersionState.PUBLISHED.supersede()).isEqualTo(VersionState.SUPERSEDED);
        assertThat(VersionState.SUBMITTED.reject()).isEqualTo(VersionState.REJECTED);
        assertThat(VersionState.REJECTED.revise()).isEqualTo(VersionState.DRAFT);
        assertThat(VersionState.DRAFT.revise()).isEqualTo(VersionState.DRAFT);
    }

    @Test
    void refusesEveryOtherStep() {
        assertThatThrownBy(VersionState.DRAFT::approve).isInstanceOf(DomainException.class)
                .hasMessage("document-version-state");
        assertThatThrownBy(VersionState.SUBMITTED::revise).isInstanceOf(DomainException.class);
        assertThatThrownBy(VersionState.PUBLISHED::reject).isInstanceOf(DomainException.class);
        assertThatThrownBy(VersionState.SUPERSEDED::submit).isInstanceOf(DomainException.class);
        assertThatThrownBy(VersionState.REJECTED::approve).isInstanceOf(DomainException.class);
        assertThat(VersionState.PUBLISHED.open()).isFalse();
        assertThat(VersionState.REJECTED.open()).isTrue();
    }
}
