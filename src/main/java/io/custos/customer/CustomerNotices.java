package io.custos.customer;

import java.util.List;
import java.util.UUID;

/**
 * What other modules put at the top of a customer's page (issue 16): a legal hold, for one. Every
 * bean implementing it is asked when the page is shown, to whoever may see the customer; the page
 * shows each notice as an alert, in its language. A notice holds no customer value.
 */
public interface CustomerNotices {

    /** The notices about this customer now, most important first; none is an empty list. */
    List<CustomerNotice> noticesFor(UUID customerId);

    /**
     * A message from the bundles and its arguments: a {@link java.time.LocalDate} or
     * {@link java.time.Instant} is shown as a date in the reader's zone, an
     * {@link org.springframework.context.MessageSourceResolvable} (a code with words in the bundles,
     * such as a hold's kind) in the page's language, anything else as it is.
     */
    record CustomerNotice(String messageKey, List<Object> args, Severity severity) {

        public CustomerNotice {
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return "CustomerNotice[" + messageKey + ", " + severity + "]";
        }
    }

    /** How the alert looks: information, a warning, or something that stops an action. */
    enum Severity {
        INFO, WARNING, DANGER
    }
}
