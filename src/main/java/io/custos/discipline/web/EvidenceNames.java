package io.custos.discipline.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.custos.access.AccessReviews;
import io.custos.access.FlaggedAccess;
import io.custos.access.ReviewOutcome;
import io.custos.discipline.EvidenceKind;
import io.custos.discipline.Proposal;
import io.custos.discipline.Proposals;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.shared.web.Times;
import io.custos.supervision.ChecklistItem;
import io.custos.supervision.InspectionView;
import io.custos.supervision.Inspections;
import io.custos.supervision.RectificationView;
import io.custos.supervision.Rectifications;
import io.custos.whistleblowing.ReportView;
import io.custos.whistleblowing.Whistleblowing;

/**
 * Names a proposal's evidence as people know it (R-SUP-5, review LOOK-E F3/F11): an incident by
 * its reference, a whistleblowing report by the day it arrived, an inspection finding by the
 * department, quarter and item number, an access by whose it was and when; never by an id. With a
 * link to the evidence's page when the reader may open it. Also the evidence a proposer may cite,
 * for the form's list.
 */
@Component
class EvidenceNames {

    /** One piece of evidence: its form value ({@code KIND:id}), its name, its page if the reader may open it. */
    record Named(EvidenceKind kind, String id, String name, @Nullable String link, boolean found) {

        Named(EvidenceKind kind, String id, String name, @Nullable String link) {
            this(kind, id, name, link, true);
        }

        public String value() {
            return kind + ":" + id;
        }
    }

    private final Proposals proposals;
    private final Incidents incidents;
    private final Whistleblowing whistleblowing;
    private final Rectifications rectifications;
    private final Inspections inspections;
    private final AccessReviews reviews;
    private final Employees employees;
    private final Times times;
    private final MessageSource messages;

    EvidenceNames(Proposals proposals, Incidents incidents, Whistleblowing whistleblowing, Rectifications rectifications,
            Inspections inspections, AccessReviews reviews, Employees employees, Times times, MessageSource messages) {
        this.proposals = proposals;
        this.incidents = incidents;
        this.whistleblowing = whistleblowing;
        this.rectifications = rectifications;
        this.inspections = inspections;
        this.reviews = reviews;
        this.employees = employees;
        this.times = times;
        this.messages = messages;
    }

    /** The evidence this person may cite in a proposal, by kind (only the kinds they may propose on). */
    Map<EvidenceKind, List<Named>> choices(CustosUser by) {
        Map<EvidenceKind, List<Named>> choices = new LinkedHashMap<>();
        Map<UUID, String> departments = departmentNames();
        if (Proposals.mayPropose(by, EvidenceKind.WHISTLEBLOWING)) {
            choices.put(EvidenceKind.WHISTLEBLOWING, whistleblowing.verifiedFor(by).stream()
                    .map(r -> report(r.id(), r.receivedOn(), by)).toList());
        }
        if (Proposals.mayPropose(by, EvidenceKind.INCIDENT) && Incidents.reads(by)) {
            choices.put(EvidenceKind.INCIDENT, incidents.visibleTo(by, true).stream()
                    .map(i -> incident(i.id(), i.reference(), by)).toList());
        }
        if (Proposals.mayPropose(by, EvidenceKind.INSPECTION_FINDING)) {
            List<RectificationView> found = rectifications.visibleTo(by).stream()
                    .filter(r -> rectifications.ofFinding(r.id(), by).isPresent()).toList();
            Map<UUID, ChecklistItem> items = inspections.items(found.stream().map(RectificationView::itemId).toList());
            List<Named> named = new ArrayList<>();
            for (RectificationView r : found) {
                named.add(finding(r, departments, items, by));
            }
            choices.put(EvidenceKind.INSPECTION_FINDING, named);
        }
        if (Proposals.mayPropose(by, EvidenceKind.ACCESS_REVIEW)) {
            choices.put(EvidenceKind.ACCESS_REVIEW, proposals.accessReviewsProposedOn().stream()
                    .map(reviews::find).flatMap(Optional::stream)
                    .filter(a -> a.outcome() == ReviewOutcome.UNJUSTIFIED).map(this::access).toList());
        }
        return choices;
    }

    /** The evidence of each proposal, named for this reader. */
    Map<UUID, Named> of(List<Proposal> list, CustosUser by) {
        Map<UUID, String> departments = departmentNames();
        Map<UUID, Named> named = new LinkedHashMap<>();
        for (Proposal p : list) {
            named.put(p.id(), of(p.evidenceKind(), p.evidenceId(), p.evidenceReference(), departments, by));
        }
        return named;
    }

    /** One piece of evidence named for this reader (its kind alone when it cannot be found or seen). */
    Named of(EvidenceKind kind, String id, @Nullable String reference, CustosUser by) {
        return of(kind, id, reference, departmentNames(), by);
    }

    private Named of(EvidenceKind kind, String id, @Nullable String reference, Map<UUID, String> departments,
            CustosUser by) {
        UUID uuid = uuid(id);
        Named plain = new Named(kind, id, text("discipline.evidence." + kind), null, false);
        if (uuid == null) {
            return kind == EvidenceKind.INCIDENT && Incidents.reads(by)
                    ? incidents.find(id, by).map(i -> incident(i.id(), i.reference(), by)).orElse(plain) : plain;
        }
        return switch (kind) {
            case INCIDENT -> reference != null ? incident(uuid, reference, by) : !Incidents.reads(by) ? plain
                    : incidents.find(id, by).map(i -> incident(i.id(), i.reference(), by)).orElse(plain);
            case WHISTLEBLOWING -> whistleblowing.receivedOn(uuid).map(day -> report(uuid, day, by)).orElse(plain);
            case INSPECTION_FINDING -> rectifications.ofFinding(uuid, by)
                    .map(r -> finding(r, departments, inspections.items(List.of(r.itemId())), by)).orElse(plain);
            case ACCESS_REVIEW -> reviews.find(uuid).map(this::access).orElse(plain);
        };
    }

    private Named incident(UUID id, String reference, CustosUser by) {
        return new Named(EvidenceKind.INCIDENT, id.toString(), text("discipline.evidence.name.INCIDENT", reference),
                Incidents.reads(by) ? "/incidents/" + id : null);
    }

    private Named report(UUID id, LocalDate receivedOn, CustosUser by) {
        return new Named(EvidenceKind.WHISTLEBLOWING, id.toString(),
                text("discipline.evidence.name.WHISTLEBLOWING", receivedOn.toString()),
                whistleblowing.mayOpen(id, by) ? "/whistleblowing/reports/" + id : null);
    }

    private Named finding(RectificationView r, Map<UUID, String> departments, Map<UUID, ChecklistItem> items,
            CustosUser by) {
        String period = inspectionOf(r, by).map(InspectionView::quarter)
                .map(q -> text("inspection.quarter", q.yearText(), q.number())).orElse("");
        ChecklistItem item = items.get(r.itemId());
        return new Named(EvidenceKind.INSPECTION_FINDING, r.id().toString(),
                text("discipline.evidence.name.INSPECTION_FINDING", departments.getOrDefault(r.departmentId(), ""),
                        period, item == null ? "" : String.valueOf(item.position())),
                "/supervision/rectifications/" + r.id());
    }

    private Optional<InspectionView> inspectionOf(RectificationView r, CustosUser by) {
        try {
            return Optional.of(inspections.seen(r.inspectionId(), by));
        } catch (io.custos.shared.DomainException notTheirs) {
            return Optional.empty();
        }
    }

    private Named access(FlaggedAccess a) {
        String person = employees.byId(a.employeeId()).map(EmployeeView::displayName)
                .orElseGet(() -> text("people.former"));
        return new Named(EvidenceKind.ACCESS_REVIEW, a.id().toString(), text("discipline.evidence.name.ACCESS_REVIEW",
                person, LocalDate.ofInstant(a.at(), times.zone()).toString()), null);
    }

    private Map<UUID, String> departmentNames() {
        Locale locale = LocaleContextHolder.getLocale();
        return employees.departments().stream().collect(Collectors.toMap(DepartmentView::id, d -> d.name(locale),
                (a, b) -> a));
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    private static @Nullable UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
