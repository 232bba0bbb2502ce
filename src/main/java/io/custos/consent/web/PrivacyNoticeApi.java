package io.custos.consent.web;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.custos.consent.PrivacyNotice;
import io.custos.consent.PrivacyNotices;
import io.custos.identity.CustosUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Privacy notices: anyone signed in reads them; the service enforces who drafts, approves and publishes. */
@RestController
@RequestMapping("/api/v1/privacy-notices")
@Tag(name = "Consent")
class PrivacyNoticeApi {

    private final PrivacyNotices notices;

    PrivacyNoticeApi(PrivacyNotices notices) {
        this.notices = notices;
    }

    record Content(@NotBlank @Size(max = 200) String titleZh, @NotBlank @Size(max = 200) String titleEn,
            @NotBlank @Size(max = 20000) String bodyZh, @NotBlank @Size(max = 20000) String bodyEn,
            @NotNull @Size(min = 1, max = 20) Set<String> purposes, @NotNull @Size(max = 200) Set<String> categories) {
    }

    @GetMapping
    List<PrivacyNotice> all() {
        return notices.all();
    }

    @GetMapping("/current")
    PrivacyNotice current() {
        return notices.current();
    }

    @GetMapping("/{version}")
    PrivacyNotice get(@PathVariable int version) {
        return notices.get(version);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a new draft from the latest version (ADMIN_OFFICER)")
    PrivacyNotice draft(@AuthenticationPrincipal CustosUser me) {
        return notices.draft(me);
    }

    @PutMapping("/{version}")
    @Operation(summary = "Change a draft (ADMIN_OFFICER)")
    PrivacyNotice edit(@PathVariable int version, @Valid @RequestBody Content content,
            @AuthenticationPrincipal CustosUser me) {
        return notices.edit(version, new PrivacyNotices.NoticeContent(content.titleZh(), content.titleEn(),
                content.bodyZh(), content.bodyEn(), content.purposes(), content.categories()), me);
    }

    @PostMapping("/{version}/submission")
    @Operation(summary = "Submit a draft for approval (ADMIN_OFFICER)")
    PrivacyNotice submit(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return notices.submit(version, me);
    }

    @PostMapping("/{version}/approval")
    @Operation(summary = "Approve a submitted version (MANAGEMENT)")
    PrivacyNotice approve(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return notices.approve(version, me);
    }

    @PostMapping("/{version}/rejection")
    @Operation(summary = "Send a submitted version back to draft (MANAGEMENT)")
    PrivacyNotice sendBack(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return notices.sendBack(version, me);
    }

    @PostMapping("/{version}/publication")
    @Operation(summary = "Publish an approved version (ADMIN_OFFICER); customers under older versions that it "
            + "widens must consent again")
    PrivacyNotice publish(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return notices.publish(version, me);
    }
}
