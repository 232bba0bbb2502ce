package io.custos.compliance;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code custos.compliance.*}; the record of processing activities and the legal thresholds read it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ComplianceProperties.class)
class ProcessingConfiguration {
}
