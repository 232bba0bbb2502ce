package io.custos.identity.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

final class BearerTokens {

    private BearerTokens() {
    }

    static String of(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "";
        }
        return header.substring(7).strip();
    }
}
