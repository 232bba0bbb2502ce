package io.custos.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuditProperties.class, AuditExportProperties.class})
class AuditConfiguration {
}
