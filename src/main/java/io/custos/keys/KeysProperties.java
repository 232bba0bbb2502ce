package io.custos.keys;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code custos.keys.*}: where the local master keyset lives. */
@ConfigurationProperties("custos.keys")
public record KeysProperties(@DefaultValue("./data/keys") Path directory) {
}
