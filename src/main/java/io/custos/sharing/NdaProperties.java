package io.custos.sharing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param ndaMaxBytes the largest scanned NDA accepted ({@code custos.sharing.nda-max-bytes}, 10 MB);
 *        keep {@code spring.servlet.multipart.max-file-size} at least as large, so a larger file is
 *        answered with this module's problem rather than the generic upload limit
 */
@ConfigurationProperties("custos.sharing")
public record NdaProperties(@DefaultValue("10MB") DataSize ndaMaxBytes) {
}
