package io.custos.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * One rule of the access policy: a person holding one of {@code roles} in {@code relation} to a
 * customer may do {@code actions}; fields up to {@code show} are in clear, up to {@code mask}
 * masked, and those up to {@code reveal} may be revealed for one of {@code purposes} (L4 only for
 * one of {@code sensitivePurposes}). Reveals under a {@code review} rule are flagged for review.
 *
 * @param show highest level shown in clear; null: none
 * @param mask highest level shown masked; null: none (only the record's metadata)
 * @param reveal highest level revealable for a purpose; null: nothing revealable
 */
public record AccessRule(String id, RuleRelation relation, Set<Role> roles, Set<AccessAction> actions,
        @Nullable Sensitivity show, @Nullable Sensitivity mask, @Nullable Sensitivity reveal, Set<String> purposes,
        Set<String> sensitivePurposes, boolean review) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z_]{1,39}");

    public AccessRule {
        if (id == null || !ID.matcher(id).matches()) {
            throw invalid("id");
        }
        if (roles == null || roles.isEmpty()) {
            throw invalid("roles");
        }
        if (actions == null || actions.isEmpty()) {
            throw invalid("actions");
        }
        if (show != null && (mask == null || show.compareTo(mask) > 0)) {
            throw invalid("mask");
        }
        if (reveal != null && (mask == null || reveal.compareTo(mask) > 0 || show != null && reveal.compareTo(show) <= 0)) {
            throw invalid("reveal");
        }
        purposes = purposes == null ? Set.of() : Set.copyOf(new TreeSet<>(purposes));
        sensitivePurposes = sensitivePurposes == null ? Set.of() : Set.copyOf(new TreeSet<>(sensitivePurposes));
        for (String purpose : purposes) {
            if (!PURPOSE.matcher(purpose).matches()) {
                throw invalid("purposes");
            }
        }
        if (!purposes.containsAll(sensitivePurposes)) {
            throw invalid("sensitivePurposes");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
        actions = Set.copyOf(EnumSet.copyOf(actions));
    }

    /**
     * Whether the rule applies to a person holding {@code held}. A role of separated duties
     * (三员分立) never matches, even in a rule that names it: the policy editor refuses such rules,
     * and a row written straight into the database must grant nothing either.
     */
    boolean applies(Set<Role> held, Set<RuleRelation> relations) {
        return relations.contains(relation) && grants(held);
    }

    /** Whether the rule names one of {@code held} that may ever reach customer content. */
    boolean grants(Set<Role> held) {
        return roles.stream().anyMatch(r -> mayReach(r) && held.contains(r));
    }

    /**
     * A separated duty and a customer never reach customer data through a rule; a partner's user
     * only through a sharing grant (issue 15.4), so a rule giving partners any other relation is
     * refused, and grants nothing if written straight into the database.
     */
    private boolean mayReach(Role role) {
        if (Role.SEPARATED_DUTIES.contains(role) || role == Role.CUSTOMER) {
            return false;
        }
        return role != Role.PARTNER || relation == RuleRelation.GRANT;
    }

    /**
     * Refuses a rule naming the system administrator, the security administrator or the auditor:
     * none of them may see customer content by virtue of that role (R-ORG-2, 三员分立); nor a rule
     * naming customers, or partners outside a grant rule.
     *
     * @throws DomainException 422 {@code access-rule-role-forbidden} naming the rule
     */
    void requireNoSeparatedDuty() {
        if (roles.stream().anyMatch(r -> !mayReach(r))) {
            throw DomainException.unprocessable("access-rule-role-forbidden", Map.of("field", "roles", "rule", id), id);
        }
    }

    static DomainException invalid(String field) {
        return DomainException.unprocessable("access-rule-invalid", Map.of("field", field), field);
    }
}
