package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.custos.shared.DomainException;

/** R-ORG-2: separation of duties (三员分立) and which roles need a second factor. */
class RoleTest {

    @Test
    void noOneHoldsTwoOfTheSeparatedDuties() {
        for (Role a : Role.SEPARATED_DUTIES) {
            for (Role b : Role.SEPARATED_DUTIES) {
                if (a != b) {
                    assertThatThrownBy(() -> EmployeeManagement.checkRoles(EnumSet.of(a, b)))
                            .isInstanceOfSatisfying(DomainException.class,
                                    e -> assertThat(e.code()).isEqualTo("separation-of-duties"));
                }
            }
        }
    }

    /** Issue 13.2: the system administrator gave himself EMPLOYEE and DEPT_HEAD. */
    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDITOR"})
    void aSeparatedDutyNeverHoldsARoleThatReachesCustomerContent(Role duty) {
        for (Role content : Role.CUSTOMER_CONTENT) {
            assertThatThrownBy(() -> EmployeeManagement.checkRoles(EnumSet.of(duty, content)))
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo("separation-of-duties"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"PARTNER", "CUSTOMER"})
    void partnerAndCustomerRolesAreNotForEmployees(Role role) {
        assertThatThrownBy(() -> EmployeeManagement.checkRoles(EnumSet.of(Role.EMPLOYEE, role)))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("role-not-for-employees"));
    }

    @Test
    void anAccountNeedsARole() {
        assertThatThrownBy(() -> EmployeeManagement.checkRoles(Set.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("roles-required"));
    }

    @Test
    void privilegedRolesRequireASecondFactor() {
        assertThat(Role.SECOND_FACTOR_REQUIRED).containsExactlyInAnyOrder(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN,
                Role.AUDITOR, Role.MANAGEMENT);
        assertThat(Role.requiresSecondFactor(Set.of(Role.EMPLOYEE, Role.DEPT_HEAD))).isFalse();
        assertThat(Role.requiresSecondFactor(Set.of(Role.EMPLOYEE, Role.MANAGEMENT))).isTrue();
    }
}
