package io.custos.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo has no mail server: there, and only there, a sign-in link is also written to the
 * application log so that whoever tries the demo can open the portal. In any other profile this
 * bean does not exist and no link or token is ever logged.
 */
@Component
@Profile("demo")
class DemoSignInLog {

    private static final Logger log = LoggerFactory.getLogger(DemoSignInLog.class);

    void linkMade(String link) {
        log.info("Portal sign-in link for the demo customer: {}", link);
    }
}
