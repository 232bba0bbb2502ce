package io.custos.sharing.web;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.custos.sharing.ExportPackages;

/** A package file as a download: no copy in a cache, the password never with it. */
final class PackageFiles {

    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private PackageFiles() {
    }

    static ResponseEntity<byte[]> send(ExportPackages.PackageFile file) {
        return ResponseEntity.ok().contentType(XLSX).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.fileName())
                        .build().toString())
                .body(file.content());
    }
}
