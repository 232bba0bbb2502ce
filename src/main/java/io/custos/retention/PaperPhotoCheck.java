package io.custos.retention;

import java.util.Map;
import java.util.Set;

import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

import io.custos.shared.DomainException;

/**
 * What an uploaded photograph of a paper destruction is, read from its bytes by Apache Tika (issue
 * 16.6): a JPEG or PNG image of at most 5 MB. The name and the type the client claims are not trusted.
 */
@Component
class PaperPhotoCheck {

    static final long MAX_BYTES = 5L * 1024 * 1024;
    static final Set<String> ACCEPTED = Set.of("image/png", "image/jpeg");

    private final Tika tika = new Tika();

    /** @return the detected media type, {@code image/png} or {@code image/jpeg} */
    String check(byte[] content) {
        if (content.length == 0) {
            throw DomainException.unprocessable("paper-photo-required", Map.of("field", "photo"));
        }
        if (content.length > MAX_BYTES) {
            throw DomainException.unprocessable("paper-photo-too-large", Map.of("field", "photo", "maxBytes", MAX_BYTES),
                    MAX_BYTES / (1024 * 1024));
        }
        String detected = tika.detect(content);
        if (!ACCEPTED.contains(detected)) {
            throw DomainException.unprocessable("paper-photo-type", Map.of("field", "photo"));
        }
        return detected;
    }
}
