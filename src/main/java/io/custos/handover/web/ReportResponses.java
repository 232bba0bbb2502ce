package io.custos.handover.web;

import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.custos.handover.HandoverReport;
import io.custos.identity.CustosUser;

/** The report as a download, the same from the page and the API; never cached (it names people and customers). */
final class ReportResponses {

    private ReportResponses() {
    }

    static ResponseEntity<byte[]> pdf(HandoverReport report, UUID id, CustosUser me, String lang, ZoneId zone) {
        Locale locale = lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        byte[] pdf = report.render(id, me, locale, zone);
        String suffix = locale == Locale.ENGLISH ? "en" : "zh";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("handover-" + id + "-" + suffix + ".pdf").build().toString())
                .body(pdf);
    }
}
