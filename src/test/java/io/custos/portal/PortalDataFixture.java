package io.custos.portal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.customer.CustomerRegistration;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/** What the portal's service tests do alike: staff ready to read customer data, customers, a portal sign-in. */
public final class PortalDataFixture {

    public static final String PHONE = "+86 139 8765 4321";
    public static final String PHONE_DIGITS = "13987654321";
    public static final String EMAIL = "zhao.lei@example-portal.cn";
    public static final String ID_NUMBER = "110105198001019876";
    public static final String BANK_ACCOUNT = "6222 0299 8877 6655 443";
    public static final String CONTACT = "赵磊";

    private PortalDataFixture() {
    }

    /** A member of staff in the department, past the agreement and training gate, as the principal sees them. */
    public static CustosUser staff(TestAccounts accounts, PolicyDocuments documents, Instant now, UUID department,
            Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = accounts.create(now, set);
        accounts.moveTo(account, department);
        Gate.pass(documents, accounts, now, account, set);
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), department, set,
                EmployeeStatus.ACTIVE);
    }

    /** A customer owned by {@code owner}, with a value at every level and consent to every built-in field's purposes. */
    public static UUID customer(CustomerRegistration registration, CustosUser owner, String company) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", company);
        fields.put("city", "青岛");
        fields.put("contactName", CONTACT);
        fields.put("phone", PHONE);
        fields.put("email", EMAIL);
        fields.put("address", "青岛市市南区香港中路 9 号");
        fields.put("idNumber", ID_NUMBER);
        fields.put("bankAccount", BANK_ACCOUNT);
        ConsentGrant consent = new ConsentGrant(1, Set.copyOf(Consents.ALL_BUILT_IN_FIELDS), true, true,
                Channel.PAPER_FORM);
        return Gate.as(owner, () -> registration.create(new CustomerRegistration.NewCustomer(null, fields, consent),
                owner));
    }

    /** Runs the action as the customer signed in to the portal (what the portal's sign-in puts in the context). */
    public static <T> T asCustomer(UUID customerId, Supplier<T> action) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                new PortalCustomer(customerId), null, List.of(new SimpleGrantedAuthority(PortalCustomer.AUTHORITY))));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }

    public static void asCustomer(UUID customerId, Runnable action) {
        asCustomer(customerId, () -> {
            action.run();
            return null;
        });
    }
}
