package io.custos.identity.web;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CredentialLinks;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.IssuedCredential;
import io.custos.identity.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Account administration for SYSTEM_ADMIN (the service enforces the role). */
@RestController
@RequestMapping("/api/v1/employees")
@Tag(name = "Employees")
class EmployeeApi {

    static final String USERNAME_PATTERN = "[a-z][a-z0-9._-]{2,63}";

    private final EmployeeManagement management;

    EmployeeApi(EmployeeManagement management) {
        this.management = management;
    }

    record CreateEmployee(@NotBlank @Pattern(regexp = USERNAME_PATTERN) String username,
            @NotBlank @Size(max = 100) String displayName, @Nullable @Email @Size(max = 254) String email,
            @Nullable UUID departmentId, @Nullable @Size(max = 100) String position, @NotEmpty Set<Role> roles) {
    }

    /**
     * {@code reason} is required when roles are removed or the status changes; it is audited.
     * {@code leavesOn} (ISO date) is required with the status ON_NOTICE: access ends at 00:00 company time that day.
     */
    record UpdateEmployee(@NotBlank @Size(max = 100) String displayName, @Nullable @Email @Size(max = 254) String email,
            @Nullable UUID departmentId, @Nullable @Size(max = 100) String position, @NotEmpty Set<Role> roles,
            @NotNull EmployeeStatus status, @Nullable @Size(max = 500) String reason,
            java.time.@Nullable LocalDate leavesOn) {
    }

    /** Why a destructive action is taken; kept and audited, so never customer data. */
    record Reason(@Nullable @Size(max = 500) String reason) {
    }

    /**
     * The one-time password never reaches the administrator (issue 24.4): {@code mailedTo} is the
     * masked address the single-use link went to, or else {@code link} is the link to hand over in
     * person (opening it is recorded, and refused in a session of anybody but its owner);
     * {@code expiresAt}: when the password stops working (24 hours). {@code roleGrantId}: roles that
     * wait for approval; {@code resetRequestId}: a reset of a privileged account that waits for a
     * second person (and so has no link yet).
     */
    record Credential(UUID id, String username, @Nullable String mailedTo, @Nullable String link,
            java.time.@Nullable Instant expiresAt, @Nullable UUID roleGrantId, @Nullable UUID resetRequestId) {
        static Credential of(IssuedCredential c) {
            CredentialLinks.Delivery d = c.delivery();
            return new Credential(c.employeeId(), c.username(), d == null ? null : d.mailedTo(),
                    d == null ? null : d.link(), d == null ? null : d.expiresAt(), c.roleGrantId(), c.resetRequestId());
        }

        @Override
        public String toString() {
            return "Credential[id=" + id + "]";
        }
    }

    @GetMapping
    List<EmployeeView> list() {
        return management.list();
    }

    @GetMapping("/{id}")
    EmployeeView get(@PathVariable UUID id) {
        return management.get(id);
    }

    @PostMapping
    @Operation(summary = "Create an account", description = "Issues a one-time password, valid 24 hours and to be "
            + "changed at first sign-in, by a single-use link: mailed to the account's address (mailedTo) or answered "
            + "to hand over (link); the password itself is never in the answer. Roles that reach customer content "
            + "(EMPLOYEE, DEPT_HEAD, ADMIN_OFFICER, MANAGEMENT) are requested, not given: they hold once the department "
            + "head or management approves (roleGrantId). So are SYSTEM_ADMIN, SECURITY_ADMIN and AUDITOR: they hold "
            + "once another system or security administrator, or management, approves.")
    ResponseEntity<Credential> create(@Valid @RequestBody CreateEmployee request, @AuthenticationPrincipal CustosUser me) {
        IssuedCredential credential = management.create(new EmployeeManagement.NewEmployee(request.username(),
                request.displayName(), request.email(), request.departmentId(), request.position(), request.roles()), me);
        return ResponseEntity.created(URI.create("/api/v1/employees/" + credential.employeeId()))
                .body(Credential.of(credential));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change an account", description = "Removing roles or changing the status needs a reason. "
            + "Added roles that reach customer content, and a move of someone holding them, wait for approval "
            + "(see /api/v1/role-grants), and so do added SYSTEM_ADMIN, SECURITY_ADMIN and AUDITOR roles. "
            + "Nobody changes their own roles, department or status (403).")
    EmployeeView update(@PathVariable UUID id, @Valid @RequestBody UpdateEmployee request,
            @AuthenticationPrincipal CustosUser me) {
        return management.update(id, new EmployeeManagement.EmployeeUpdate(request.displayName(), request.email(),
                request.departmentId(), request.position(), request.roles(), request.status(), request.reason(),
                request.leavesOn()), me);
    }

    @PostMapping("/{id}/unlock")
    ResponseEntity<Void> unlock(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        management.unlock(id, me);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/password-reset")
    @Operation(summary = "Reset the password", description = "Takes {\"reason\"} (audited). The old password stops "
            + "working and a one-time password (24 hours) goes to the person by single-use link (mailedTo or link, as "
            + "for a new account); they choose a new one at next sign-in; their sessions and tokens end. For a "
            + "SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR account nothing happens yet: resetRequestId waits for a second "
            + "person (/api/v1/privileged-resets). Not for one's own account (403).")
    Credential resetPassword(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable Reason reason,
            @AuthenticationPrincipal CustosUser me) {
        return Credential.of(management.resetPassword(id, reason == null ? null : reason.reason(), me));
    }

    @PostMapping("/{id}/second-factor-reset")
    @Operation(summary = "Reset the second factor", description = "Takes {\"reason\"}; every session and token of "
            + "the person ends, and they enrol again at next sign-in (204). For a SYSTEM_ADMIN, SECURITY_ADMIN or "
            + "AUDITOR account it is only requested (202 with {\"resetRequestId\"}) and happens once a second person "
            + "approves (/api/v1/privileged-resets). Not for one's own account (403).")
    ResponseEntity<?> resetSecondFactor(@PathVariable UUID id,
            @Valid @RequestBody(required = false) @Nullable Reason reason, @AuthenticationPrincipal CustosUser me) {
        UUID request = management.resetSecondFactor(id, reason == null ? null : reason.reason(), me);
        return request == null ? ResponseEntity.noContent().build()
                : ResponseEntity.accepted().body(java.util.Map.of("resetRequestId", request));
    }
}
