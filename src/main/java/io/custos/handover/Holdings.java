package io.custos.handover;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.access.AccessReviews;
import io.custos.access.FlaggedAccess;
import io.custos.audit.AuditFacts;
import io.custos.customer.CustomerOwnership;
import io.custos.retention.HeldPaper;
import io.custos.retention.PaperCustody;
import io.custos.shared.web.TimeProperties;
import io.custos.sharing.HeldExport;
import io.custos.sharing.HeldGrant;
import io.custos.sharing.HeldRequest;
import io.custos.sharing.SharingHandover;
import io.custos.training.HeldTraining;
import io.custos.training.TrainingHoldings;

/**
 * Everything a person holds, asked of the modules that keep it (issue 18.1). A case lists what
 * this returns when it opens and again whenever it is looked at or acted on, so what the person
 * took on while on notice is listed too, and what stopped being held meanwhile is marked gone.
 * Labels are language-neutral tuples ({@code a|b|c}) of codes, counts, dates and names that are
 * not customer values; {@link ItemWords} turns them into words for the reader.
 */
@Component
class Holdings {

    /** Exports of this long before the case opened are listed (GB/T 35273 §7.1). */
    static final Duration EXPORTS_LOOK_BACK = Duration.ofDays(90);
    /** The label's first part for a customer list exported as a file (not a package). */
    static final String FILE = "FILE";

    /** One thing held: its kind, its id in its module, and a label that is never a customer value. */
    record Held(ItemKind kind, UUID subjectId, @Nullable String label) {
    }

    private final CustomerOwnership ownership;
    private final SharingHandover sharing;
    private final PaperCustody paper;
    private final TrainingHoldings training;
    private final AccessReviews reviews;
    private final AuditFacts audit;
    private final TimeProperties time;

    Holdings(CustomerOwnership ownership, SharingHandover sharing, PaperCustody paper, TrainingHoldings training,
            AccessReviews reviews, AuditFacts audit, TimeProperties time) {
        this.audit = audit;
        this.ownership = ownership;
        this.sharing = sharing;
        this.paper = paper;
        this.training = training;
        this.reviews = reviews;
        this.time = time;
    }

    /**
     * Whether an open item no longer held is settled by that: all but exports, which stay until
     * the head confirms no copy is left.
     */
    boolean vanishes(ItemKind kind) {
        return kind != ItemKind.EXPORT;
    }

    /**
     * What the person holds for this case. A transfer hands over what belongs to the department
     * left; a departure hands over everything.
     */
    List<Held> of(HandoverCase handover, Instant now) {
        UUID person = handover.employeeId();
        boolean departure = handover.kind() == HandoverKind.DEPARTURE;
        List<Held> held = new ArrayList<>();
        for (CustomerOwnership.Owned c : ownership.ownedBy(person)) {
            if (departure || c.departmentId() == null || c.departmentId().equals(handover.departmentId())) {
                held.add(new Held(ItemKind.CUSTOMER, c.customerId(), null));
            }
        }
        for (HeldRequest r : sharing.pendingRequestsOf(person)) {
            held.add(new Held(ItemKind.SHARING_REQUEST, r.id(), label(r.purpose(), r.recipientType(),
                    r.recipientId(), r.customers(), date(r.validUntil()))));
        }
        for (HeldGrant g : sharing.activeGrantsOf(person)) {
            held.add(new Held(ItemKind.GRANT, g.id(), label(g.purpose(), g.recipientType(), g.recipientId(),
                    g.customers(), date(g.validUntil()))));
        }
        for (HeldExport e : sharing.exportsOf(person, handover.openedAt().minus(EXPORTS_LOOK_BACK))) {
            held.add(new Held(ItemKind.EXPORT, e.packageId(), label(e.state(), e.customers(), date(e.at()),
                    e.downloaded())));
        }
        for (AuditFacts.Act file : audit.actsOf(person, "customer.records.exported",
                handover.openedAt().minus(EXPORTS_LOOK_BACK))) {
            // A file of the customer list: recorded only in the log. Package downloads are listed above.
            if (!file.details().containsKey("exportPackage")) {
                held.add(new Held(ItemKind.EXPORT, file.eventId(), label(FILE, file.details().getOrDefault("rows", 0),
                        date(file.at()), true)));
            }
        }
        for (HeldPaper p : paper.inCustodyOf(person)) {
            if (departure || p.departmentId() == null || p.departmentId().equals(handover.departmentId())) {
                held.add(new Held(ItemKind.PAPER_RECORD, p.id(), label(p.reference(), p.type(), p.checkedOut())));
            }
        }
        if (departure) {
            // Titles in both languages: the case is read in either, long after it was listed.
            java.util.Map<UUID, String> english = new java.util.HashMap<>();
            training.administeredBy(person, java.util.Locale.ENGLISH).forEach(t -> english.put(t.id(), t.title()));
            for (HeldTraining t : training.administeredBy(person, java.util.Locale.SIMPLIFIED_CHINESE)) {
                held.add(new Held(ItemKind.TRAINING, t.id(), label(t.kind(), t.title(),
                        english.getOrDefault(t.id(), t.title()), t.state())));
            }
        }
        for (FlaggedAccess f : reviews.openItemsOf(person)) {
            held.add(new Held(ItemKind.FLAGGED_ACCESS, f.id(), label(f.kind(), date(f.at()),
                    AccessReviews.ON_NOTICE.equals(f.rule()))));
        }
        return held;
    }

    private LocalDate date(Instant at) {
        return LocalDate.ofInstant(at, zone());
    }

    private ZoneId zone() {
        return time.zone();
    }

    /** A label tuple; a value's own bars are replaced, so the tuple always splits the same way. */
    static String label(Object... parts) {
        StringBuilder label = new StringBuilder();
        for (Object part : parts) {
            if (!label.isEmpty()) {
                label.append('|');
            }
            label.append(String.valueOf(part).replace('|', '/'));
        }
        return label.length() > 300 ? label.substring(0, 300) : label.toString();
    }
}
