package io.custos.whistleblowing.web;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.whistleblowing.FollowUp;
import io.custos.whistleblowing.Submitted;
import io.custos.whistleblowing.Whistleblowing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The whistleblower's API (R-SUP-4), without any account: a report answers its follow-up code
 * once; the code reads the status and answers and adds facts. A wrong code is a 404, too many
 * wrong codes from one client a 429.
 */
@RestController
@RequestMapping("/api/public/v1/whistleblowing")
@Tag(name = "Whistleblowing (public)")
class PublicWhistleblowingApi {

    private final Whistleblowing reports;

    PublicWhistleblowingApi(Whistleblowing reports) {
        this.reports = reports;
    }

    record ReportJson(@Nullable String text, @Nullable Boolean concernsAdministration) {
        @Override
        public String toString() {
            return "ReportJson[]";
        }
    }

    record MessageJson(@Nullable String text) {
        @Override
        public String toString() {
            return "MessageJson[]";
        }
    }

    record CodeJson(String code, LocalDate receivedOn) {
        @Override
        public String toString() {
            return "CodeJson[]";
        }
    }

    @PostMapping
    @Operation(summary = "Make a report; the answer's code is the only way back to it, keep it")
    ResponseEntity<CodeJson> submit(@RequestBody ReportJson body, HttpServletRequest request) {
        Submitted submitted = reports.submit(body.text(), Boolean.TRUE.equals(body.concernsAdministration()),
                request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.CREATED).body(new CodeJson(submitted.code(), submitted.receivedOn()));
    }

    @GetMapping("/{code}")
    @Operation(summary = "The report's status, verdict and the messages, by its code")
    FollowUp followUp(@PathVariable String code, HttpServletRequest request) {
        return reports.followUp(code, request.getRemoteAddr());
    }

    @PostMapping("/{code}/messages")
    @Operation(summary = "Add facts or evidence (text) to an open report, by its code")
    ResponseEntity<FollowUp> add(@PathVariable String code, @RequestBody MessageJson body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(reports.addMessage(code, body.text(), request.getRemoteAddr()));
    }
}
