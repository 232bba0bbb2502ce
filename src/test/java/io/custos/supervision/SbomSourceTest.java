package io.custos.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** Reading an SBOM (issue 20.7): nested components count, what is not CycloneDX is refused, a build without one has none. */
class SbomSourceTest {

    @Test
    void countsNestedComponentsAndDigestsTheBytesAsWritten() {
        byte[] bytes = """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:1",
                 "metadata": {"component": {"name": "custos", "version": "1.0"}},
                 "components": [{"name": "a"}, {"name": "b", "components": [{"name": "b1"}, {"name": "b2"}]}]}
                """.getBytes(StandardCharsets.UTF_8);
        SbomSource.Sbom sbom = SbomSource.read(bytes);
        assertThat(sbom.summary().componentCount()).isEqualTo(4);
        assertThat(sbom.summary().specVersion()).isEqualTo("1.6");
        assertThat(sbom.summary().buildName()).isEqualTo("custos");
        assertThat(sbom.summary().sizeBytes()).isEqualTo(bytes.length);
        // SHA-256 of the bytes, not of a re-serialised tree.
        assertThat(sbom.summary().sha256()).isEqualTo(SbomSource.sha256(bytes)).hasSize(64);
    }

    @Test
    void refusesWhatIsNotCycloneDxAndFindsNoneWhereTheBuildWroteNone() {
        assertThatThrownBy(() -> SbomSource.read("{\"bomFormat\": \"SPDX\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SbomSource(new DefaultResourceLoader(), "classpath:META-INF/sbom/none.cdx.json").current())
                .isEmpty();
        assertThat(new SbomSource(new DefaultResourceLoader(), "classpath:META-INF/sbom/application.cdx.json")
                .current()).isPresent();
    }
}
