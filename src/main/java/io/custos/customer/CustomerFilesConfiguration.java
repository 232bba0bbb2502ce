package io.custos.customer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The limits of customer import, export and search by confidential values; where the destruction journal is. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ImportProperties.class, ExportProperties.class, ExportApprovalProperties.class,
        SearchThrottle.Limits.class, JournalProperties.class})
class CustomerFilesConfiguration {
}
