package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import io.custos.customer.CustomerReading;
import io.custos.customer.CustomerRegistration;
import io.custos.customer.CustomerSelfView;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The portal's fragments as a customer reads them on a phone (R-CUS-1, R-X-1): words in both
 * languages, never a code, a person's name or an L4 value; a withdrawal button per purpose, posting
 * (never a link), and a confirmation that says in words what stops. Rendered through the
 * application's template engine; the pages around them come with the portal's layout.
 */
@IntegrationTest
class PortalSectionsTests {

    /** What a code looks like on a page: UPPER_SNAKE, a dotted key, a camelCase key. */
    static final Pattern CODE = Pattern.compile("\\b([A-Z]{2,}_[A-Z_]+|[a-z]+\\.[a-z]+\\.[a-zA-Z.]+|[a-z]+[A-Z][a-zA-Z]+)\\b");

    @Autowired SpringTemplateEngine templates;
    @Autowired CustomerSelfView selfView;
    @Autowired PortalConsents consents;
    @Autowired CustomerUses uses;
    @Autowired CustomerRegistration registration;
    @Autowired CustomerReading reading;
    @Autowired PolicyDocuments documents;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;

    CustosUser owner;
    UUID customer;

    @BeforeEach
    void aCustomerUsedOnce() {
        UUID department = accounts.customerDepartment("W" + UUID.randomUUID().toString().substring(0, 6));
        owner = PortalDataFixture.staff(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        customer = PortalDataFixture.customer(registration, owner, "页面测试公司 " + UUID.randomUUID().toString().substring(0, 6));
        Gate.as(owner, () -> reading.reveal(customer, List.of("phone"), "DELIVERY", owner));
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("R-CUS-1, R-X-1: held data, consents and uses read as words in both languages, L4 masked, no person named")
    void wordsNotCodes() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            String held = render("held", Map.of("fields",
                    PortalDataFixture.asCustomer(customer, () -> selfView.heldAbout(customer, locale))), locale);
            String consented = render("consents", Map.of("overview",
                    PortalDataFixture.asCustomer(customer, () -> consents.of(customer, locale))), locale);
            String used = render("uses", Map.of("lines",
                    PortalDataFixture.asCustomer(customer, () -> uses.of(customer, locale))), locale);
            String text = Jsoup.parse(held + consented + used).text();
            assertThat(text).as(locale.toString()).contains(PortalDataFixture.PHONE).doesNotContain("8877",
                    "19800101", owner.username(), owner.displayName(), "DELIVERY", "SALES_FOLLOW_UP", "L4");
            assertThat(CODE.matcher(text).find()).as("a code on the page: %s", text).isFalse();
            assertThat(text).doesNotContain("??");
        }
        Document page = Jsoup.parse(render("consents", Map.of("overview",
                PortalDataFixture.asCustomer(customer, () -> consents.of(customer, Locale.ENGLISH))), Locale.ENGLISH));
        assertThat(page.select("[data-purpose=DELIVERY] form[method=post] input[name=purpose]").attr("value"))
                .isEqualTo("DELIVERY");
        assertThat(page.select("[data-purpose=sensitive] form[method=post]")).hasSize(1);
        assertThat(page.select("a[href*=withdraw]")).isEmpty();
    }

    @Test
    @DisplayName("R-CUS-1: the confirmation says in words what stops and posts the same choice with confirmed")
    void confirmationInWords() {
        PortalConsents.Overview overview = PortalDataFixture.asCustomer(customer, () -> consents.of(customer, Locale.ENGLISH));
        List<PortalConsents.ConsentedPurpose> stopping = overview.purposes().stream()
                .filter(p -> p.code().equals("DELIVERY")).toList();
        Document page = Jsoup.parse(render("confirmWithdrawal", Map.of("stopping", stopping, "sensitive", false,
                "thirdParty", false), Locale.ENGLISH));
        assertThat(page.text()).contains("After this, we no longer use your", "Phone", "Address", "for Delivery.");
        assertThat(page.select("form[method=post] input[name=purpose]").attr("value")).isEqualTo("DELIVERY");
        assertThat(page.select("form[method=post] input[name=confirmed]").attr("value")).isEqualTo("true");
        String chinese = Jsoup.parse(render("confirmWithdrawal", Map.of("stopping", PortalDataFixture.asCustomer(customer,
                () -> consents.of(customer, Locale.SIMPLIFIED_CHINESE)).purposes().stream()
                .filter(p -> p.code().equals("DELIVERY")).toList(), "sensitive", true, "thirdParty", false),
                Locale.SIMPLIFIED_CHINESE)).text();
        assertThat(chinese).contains("撤回后，我们将不再为“发货交付”使用您的", "电话", "身份证号");
    }

    private String render(String fragment, Map<String, Object> variables, Locale locale) {
        MockServletContext servletContext = new MockServletContext();
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/portal/consents");
        var exchange = JakartaServletWebApplication.buildApplication(servletContext).buildExchange(request,
                new MockHttpServletResponse());
        WebContext context = new WebContext(exchange, locale, new java.util.HashMap<>(variables));
        return templates.process(new TemplateSpec("portal/sections", Set.of(fragment), org.thymeleaf.templatemode.TemplateMode.HTML, null), context);
    }
}
