package io.custos.keys;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
class KeysConfiguration {

    /** The local file unless the operator configured another provider bean. */
    @Bean
    @ConditionalOnMissingBean(MasterKeyProvider.class)
    MasterKeyProvider localMasterKeyProvider(KeysProperties properties) {
        return new LocalMasterKeyProvider(properties.directory());
    }
}
