package io.custos.sharing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of sharing requests.
 *
 * @param maxCustomers most customers one request (list or filter) may share
 * @param maxPeriod longest period of a grant (the policy allows at most a year)
 * @param endSweep how often ended grants are looked for, to announce their end
 */
@ConfigurationProperties("custos.sharing")
public record SharingProperties(@DefaultValue("1000") int maxCustomers, @DefaultValue("365d") Duration maxPeriod,
        @DefaultValue("1m") Duration endSweep) {
}
