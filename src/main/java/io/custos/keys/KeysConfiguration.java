package io.custos.keys;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
class KeysConfiguration {

    static final String PROVIDER_PROPERTY = "custos.keys.master.provider";

    /** The provider {@code custos.keys.master.provider} names, unless the operator declared a provider bean. */
    @Bean
    @ConditionalOnMissingBean(MasterKeyProvider.class)
    MasterKeyProvider masterKeyProvider(KeysProperties properties, ObjectProvider<KmsClient> kmsClients,
            DataSource dataSource) {
        return masterKeyProvider(properties, kmsClients.orderedStream().toList(),
                () -> ExistingKeys.present(dataSource));
    }

    /** @param keysExist whether the database already holds wrapped keys (asked only before making a master key) */
    static MasterKeyProvider masterKeyProvider(KeysProperties properties, List<KmsClient> kmsClients,
            BooleanSupplier keysExist) {
        KeysProperties.Master master = properties.master();
        switch (master.provider()) {
            case "local":
                return new LocalMasterKeyProvider(properties.directory(), keysExist);
            case "operator":
                Path file = master.keysetFile();
                if (file == null) {
                    throw new MasterKeyUnavailableException(PROVIDER_PROPERTY + " is operator, so "
                            + OperatorMasterKeyProvider.FILE_PROPERTY + " must name the keyset file");
                }
                boolean fromKms = present(master.kekUri());
                boolean fromEnvironment = present(master.kekBase64());
                if (fromKms == fromEnvironment) {
                    throw new MasterKeyUnavailableException(PROVIDER_PROPERTY + " is operator, so exactly one of "
                            + KeyEncryptionKeys.URI_PROPERTY + " and " + KeyEncryptionKeys.BASE64_PROPERTY
                            + " must be set, not " + (fromKms ? "both" : "neither"));
                }
                Aead kek = fromKms ? KeyEncryptionKeys.fromKms(master.kekUri(), kmsClients)
                        : KeyEncryptionKeys.fromBase64(master.kekBase64());
                String source = fromKms ? "KMS key " + master.kekUri() : KeyEncryptionKeys.BASE64_PROPERTY;
                return new OperatorMasterKeyProvider(file, kek, source);
            default:
                throw new MasterKeyUnavailableException(PROVIDER_PROPERTY + " must be local or operator, not "
                        + master.provider());
        }
    }

    private static boolean present(@org.jspecify.annotations.Nullable String value) {
        return value != null && !value.isBlank();
    }
}
