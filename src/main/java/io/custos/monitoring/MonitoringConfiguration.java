package io.custos.monitoring;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringProperties.class)
class MonitoringConfiguration {

    /** The first start approves the default rules, so monitoring is on from the first event. */
    @Bean
    ApplicationRunner monitoringDefaults(MonitoringRules rules) {
        return (ApplicationArguments arguments) -> rules.inForce();
    }
}
