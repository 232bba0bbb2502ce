package io.custos.sharing;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.tika.Tika;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.shared.DomainException;

/**
 * What an uploaded NDA scan is, read from its bytes by Apache Tika's magic numbers (issue 15.2): a
 * PDF, PNG or JPEG. The file's name and the content type the client sent are only compared with it:
 * when they claim another of the accepted types, the upload is refused as well, so a scan is never
 * stored under a name that makes a viewer open it as something else.
 */
@Component
class NdaFileCheck {

    static final Set<String> ACCEPTED = Set.of("application/pdf", "image/png", "image/jpeg");
    private static final Map<String, String> EXTENSIONS = Map.of("pdf", "application/pdf", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg");

    private final Tika tika = new Tika();

    /** @return the detected media type, one of {@link #ACCEPTED} */
    String check(byte[] content, String fileName, @Nullable String claimedType) {
        if (content.length == 0) {
            throw DomainException.unprocessable("nda-file-required", Map.of("field", "file"));
        }
        // Bytes only: no name is given to the detector, so it cannot be talked into a type.
        String detected = tika.detect(content);
        if (!ACCEPTED.contains(detected)) {
            throw typeRefused();
        }
        String byName = EXTENSIONS.get(extension(fileName));
        if (byName == null || !byName.equals(detected)) {
            throw typeRefused();
        }
        if (claimedType != null && !claimedType.isBlank()) {
            String claimed = claimedType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
            if (ACCEPTED.contains(claimed) && !claimed.equals(detected)) {
                throw typeRefused();
            }
        }
        return detected;
    }

    private static DomainException typeRefused() {
        return DomainException.unprocessable("nda-file-type", Map.of("field", "file"));
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file's kind as a code for the audit log: {@code pdf}, {@code png} or {@code jpeg}. */
    static String format(String detected) {
        return detected.substring(detected.indexOf('/') + 1);
    }

    /** The name kept for the download: no path, no control characters, at most 200 characters. */
    static String safeName(@Nullable String fileName, String detected) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty()) {
            name = "nda." + (detected.equals("application/pdf") ? "pdf" : detected.equals("image/png") ? "png" : "jpg");
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }
}
