package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.support.IntegrationTest;

/**
 * Issue 14.17: the short-lived copies (catalog, purposes, policy, training-gate answers) are Caffeine
 * caches of Spring Boot's cache manager, and a policy read during an edit that is then rolled back
 * is not kept.
 */
@IntegrationTest
class AccessPolicyCacheTests {

    @Autowired AccessPolicies policies;
    @Autowired TransactionTemplate transactions;
    @Autowired CacheManager caches;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aPolicyReadDuringAnEditThatRollsBackIsNotKept() {
        AccessPolicy before = policies.current();
        CustosUser admin = new CustosUser(UUID.randomUUID(), "security.cache", "Security", null,
                Set.of(Role.SECURITY_ADMIN), EmployeeStatus.ACTIVE);
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken(admin, "n/a", "ROLE_SECURITY_ADMIN"));
        CustosUser manager = new CustosUser(UUID.randomUUID(), "management.cache", "Management", null,
                Set.of(Role.MANAGEMENT), EmployeeStatus.ACTIVE);
        transactions.executeWithoutResult(status -> {
            AccessPolicy draft = policies.replace(before.rules(), "tried, then abandoned", before.version(), admin);
            // A version is in force only once a second person approves it (issue 13.3).
            SecurityContextHolder.getContext().setAuthentication(
                    new TestingAuthenticationToken(manager, "n/a", "ROLE_MANAGEMENT"));
            policies.approve(draft.version(), "approved, then abandoned", manager);
            assertThat(policies.current().version()).as("the approving transaction reads the approved version")
                    .isEqualTo(draft.version());
            status.setRollbackOnly();
        });
        assertThat(policies.current().version()).as("the rolled-back version is gone at once")
                .isEqualTo(before.version());
    }

    @Test
    void theCopiesAreCaffeineCachesManagedBySpringBoot() {
        policies.current();
        assertThat(caches.getCacheNames()).contains("field-catalog", "purposes", "access-policy", "training-gate");
        assertThat(caches.getCache("access-policy")).isInstanceOf(CaffeineCache.class);
        assertThat(((CaffeineCache) caches.getCache("access-policy")).getNativeCache().estimatedSize()).isEqualTo(1);
        assertThat(((CaffeineCache) caches.getCache("training-gate")).getNativeCache().policy().eviction()
                .orElseThrow().getMaximum()).as("bounded by size, least used out, never emptied at once")
                .isEqualTo(10_000);
    }
}
