package io.custos.customer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The limits of customer import and export. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ImportProperties.class, ExportProperties.class})
class CustomerFilesConfiguration {
}
