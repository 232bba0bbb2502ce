package io.custos.customer.web;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.access.FlaggedAccess;
import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.customer.CustomerListing;
import io.custos.customer.CustomerReading;
import io.custos.customer.CustomerRegistration;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The customer registry over HTTP: values of L3-L4 fields come back masked. */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers")
class CustomerApi {

    private final CustomerRegistration registration;
    private final CustomerReading reading;
    private final CustomerListing listing;

    CustomerApi(CustomerRegistration registration, CustomerReading reading, CustomerListing listing) {
        this.registration = registration;
        this.reading = reading;
        this.listing = listing;
    }

    /** The consent collected with the data (issue contract: noticeVersion, purposes, two separate consents, channel). */
    record ConsentRequest(@NotNull Integer noticeVersion, @NotNull @Size(min = 1, max = 20) Set<String> purposes,
            @Nullable Boolean sensitiveConsent, @Nullable Boolean thirdPartyConsent, @NotNull Channel channel) {
        ConsentGrant grant() {
            return new ConsentGrant(noticeVersion, purposes, Boolean.TRUE.equals(sensitiveConsent),
                    Boolean.TRUE.equals(thirdPartyConsent), channel);
        }
    }

    record CreateCustomer(@Nullable @Size(max = 64) String ownerUsername,
            @NotNull @Size(min = 1, max = 100) Map<String, String> fields, @NotNull @Valid ConsentRequest consent,
            @Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {
        @Override
        public String toString() {
            return "CreateCustomer[fields=" + fields.keySet() + "]";
        }
    }

    record UpdateCustomer(@NotNull @Size(min = 1, max = 100) Map<String, @Nullable String> fields,
            @Nullable Long version) {
        @Override
        public String toString() {
            return "UpdateCustomer[fields=" + fields.keySet() + "]";
        }
    }

    record CustomerResponse(UUID id, String ownerUsername, @Nullable String department, Map<String, String> fields,
            List<String> masked, List<String> unreadable, boolean editable, Instant createdAt, Instant updatedAt,
            long version, @Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {
        static CustomerResponse of(CustomerReading.CustomerView view) {
            return new CustomerResponse(view.id(), view.ownerUsername(), view.departmentCode(), view.fields(),
                    view.masked(), view.unreadable(), view.editable(), view.createdAt(), view.updatedAt(), view.version(),
                    view.lastContactOn(), view.lastTransactionOn());
        }
    }

    /** ISO dates ({@code 2026-03-15}); a null or missing one keeps the date recorded. */
    record ActivityRequest(@Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn,
            @Nullable Long version) {
    }

    record ActivityResponse(@Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {
    }

    record CustomerItem(UUID id, String ownerUsername, @Nullable String department, Map<String, String> fields,
            List<String> masked) {
    }

    record CustomerList(List<CustomerItem> items, int page, int size, long total) {
    }

    @PostMapping
    @Operation(summary = "Create a customer", description = "The owner defaults to the caller; a department head may "
            + "name an owner of the department. Unknown field keys and malformed values answer 422 naming the field.")
    ResponseEntity<CustomerResponse> create(@Valid @RequestBody CreateCustomer request,
            @AuthenticationPrincipal CustosUser me) {
        UUID id = registration.create(new CustomerRegistration.NewCustomer(request.ownerUsername(), request.fields(),
                request.consent().grant(), request.lastContactOn(), request.lastTransactionOn()), me);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id))
                .body(CustomerResponse.of(reading.view(id, me)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One customer, L3-L4 masked; a customer you may not see answers 404 like a missing one")
    CustomerResponse get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return CustomerResponse.of(reading.view(id, me));
    }

    record RevealRequest(@NotNull @Size(min = 1, max = 50) List<@NotNull @Size(max = 64) String> fields,
            @NotNull @Size(min = 1, max = 40) String purpose) {
    }

    /** The values in clear; {@code refused} names each refused field with its reason code. */
    record RevealResponse(Map<String, String> fields, Map<String, String> refused, List<String> empty,
            int policyVersion) {
        @Override
        public String toString() {
            return "RevealResponse[fields=" + fields.keySet() + "]";
        }
    }

    @PostMapping("/{id}/reveal")
    @Operation(summary = "Reveal fields for a declared purpose",
            description = "200 with the revealed values when at least one field is revealed, the others listed in "
                    + "`refused` with a reason code (purpose-not-consented, training-expired, not-revealable...); "
                    + "403 `reveal-refused` with the same `refused` map when none is. Every field is audited.")
    RevealResponse reveal(@PathVariable UUID id, @Valid @RequestBody RevealRequest request,
            @AuthenticationPrincipal CustosUser me) {
        CustomerReading.Revealed revealed = reading.reveal(id, request.fields(), request.purpose(), me);
        if (revealed.fields().isEmpty() && !revealed.refused().isEmpty()) {
            throw new DomainException("reveal-refused", HttpStatus.FORBIDDEN, Map.of("refused", revealed.refused(),
                    "policyVersion", revealed.policyVersion()));
        }
        return new RevealResponse(revealed.fields(), revealed.refused(), revealed.empty(), revealed.policyVersion());
    }

    record BreakGlassRequest(@NotNull @Size(max = 2000) String justification) {
        @Override
        public String toString() {
            return "BreakGlassRequest";
        }
    }

    record BreakGlassResponse(UUID id, UUID customerId, Instant openedAt, @Nullable Instant expiresAt) {
    }

    @PostMapping("/{id}/break-glass")
    @Operation(summary = "Open emergency access to a customer for an hour",
            description = "Needs a written justification (at least 20 characters). Alerts the security "
                    + "administrators and the department head; stays on their review list until reviewed.")
    ResponseEntity<BreakGlassResponse> breakGlass(@PathVariable UUID id, @Valid @RequestBody BreakGlassRequest request,
            @AuthenticationPrincipal CustosUser me) {
        FlaggedAccess access = reading.breakGlass(id, request.justification(), me);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new BreakGlassResponse(access.id(), access.customerId(), access.at(), access.until()));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Set fields (a value) or clear them (null); others stay",
            description = "With `version`, a record changed meanwhile answers 409 customer-changed.")
    CustomerResponse update(@PathVariable UUID id, @Valid @RequestBody UpdateCustomer request,
            @AuthenticationPrincipal CustosUser me) {
        registration.update(id, request.fields(), request.version(), me);
        return CustomerResponse.of(reading.view(id, me));
    }

    @PutMapping("/{id}/activity")
    @Operation(summary = "Record the dates of the last contact and the last transaction (retention counts from them)",
            description = "ISO dates. A null or missing date keeps the one recorded: a date can be corrected, never "
                    + "removed. A date later than today in your time zone answers 422 activity-date-in-future, one "
                    + "before 1900 activity-date-invalid, neither date activity-dates-required. Only who may edit the "
                    + "customer may (403 otherwise); with `version`, a record changed meanwhile answers 409.")
    ActivityResponse recordActivity(@PathVariable UUID id, @RequestBody ActivityRequest request,
            @AuthenticationPrincipal CustosUser me) {
        CustomerRegistration.ActivityDates dates = registration.recordActivity(id, request.lastContactOn(),
                request.lastTransactionOn(), request.version(), me);
        return new ActivityResponse(dates.lastContactOn(), dates.lastTransactionOn());
    }

    @GetMapping
    @Operation(summary = "Customers you may see, newest first",
            description = "name matches the start of the company or contact name. A phone, e-mail or ID number "
                    + "never goes in a URL (browser history, proxy logs, Referer): such a query answers 400 "
                    + "`search-value-in-url`; search by them with POST /api/v1/customers/search.")
    CustomerList search(@RequestParam(required = false) @Nullable String phone,
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String idNumber,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @AuthenticationPrincipal CustosUser me) {
        if (phone != null || email != null || idNumber != null) {
            // Refused before anything is looked up, so a value sent this way is neither searched nor counted.
            throw new DomainException("search-value-in-url", HttpStatus.BAD_REQUEST,
                    Map.of("field", phone != null ? "phone" : email != null ? "email" : "idNumber",
                            "searchWith", "POST /api/v1/customers/search"));
        }
        return list(new CustomerListing.CustomerQuery(null, null, null, name, page, size), me);
    }

    /** What to search by; the confidential values travel only in this body. */
    record SearchRequest(@Nullable @Size(max = 32) String phone, @Nullable @Size(max = 254) String email,
            @Nullable @Size(max = 32) String idNumber, @Nullable @Size(max = 100) String name,
            @Nullable Integer page, @Nullable Integer size) {
        @Override
        public String toString() {
            return "SearchRequest[page=" + page + ", size=" + size + "]";
        }
    }

    @PostMapping("/search")
    @Operation(summary = "Customers you may see that match a phone, e-mail, ID number or name",
            description = "phone, email and idNumber match exactly in any usual notation (+86, spaces, case), only "
                    + "customers whose field you may reveal now; such searches are throttled per person "
                    + "(429 search-throttled with Retry-After). name matches the start of the company or contact name.")
    CustomerList searchByValue(@Valid @RequestBody SearchRequest request, @AuthenticationPrincipal CustosUser me) {
        return list(new CustomerListing.CustomerQuery(request.phone(), request.email(), request.idNumber(),
                request.name(), request.page() == null ? 0 : request.page(),
                request.size() == null ? 20 : request.size()), me);
    }

    private CustomerList list(CustomerListing.CustomerQuery query, CustosUser me) {
        CustomerListing.CustomerPage result = listing.search(query, me);
        return new CustomerList(result.items().stream()
                .map(s -> new CustomerItem(s.id(), s.ownerUsername(), s.departmentCode(), s.fields(), s.masked()))
                .toList(), result.page(), result.size(), result.total());
    }
}
