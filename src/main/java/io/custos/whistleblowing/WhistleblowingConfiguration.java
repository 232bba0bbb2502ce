package io.custos.whistleblowing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WhistleblowingProperties.class)
class WhistleblowingConfiguration {
}
