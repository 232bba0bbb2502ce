package io.custos.handover;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.training.PolicyDocuments;

/**
 * The handover use cases (R-EMP-5, issue 18): what each person may see of a case, settling its
 * items, the undertaking and the sign-off. Who may do what:
 * <ul>
 * <li>the head of the department the person leaves settles items, records a signed paper
 * undertaking and signs off; never their own case (a head must be replaced before leaving);</li>
 * <li>the person reads their own case and gives the undertaking;</li>
 * <li>the administration department (HR), auditors and management read every case and its report;</li>
 * <li>anyone else gets 404, as for a case that does not exist.</li>
 * </ul>
 * Every change refreshes the case first, so nobody acts on a list that is out of date.
 */
@Service
public class Handovers {

    private static final Logger log = LoggerFactory.getLogger(Handovers.class);
    /** Roles that read every case: HR (administration), internal audit, management. */
    static final Set<Role> READERS = Set.of(Role.ADMIN_OFFICER, Role.AUDITOR, Role.MANAGEMENT);
    static final Actor SYSTEM = Actor.system("handover");
    /** At most this many items settled in one request (a bulk reassignment). */
    static final int MAX_BULK = 500;

    private final HandoverRepository cases;
    private final Holdings holdings;
    private final Settlements settlements;
    private final Successors successors;
    private final Employees employees;
    private final Subjects subjects;
    private final PolicyDocuments documents;
    private final HandoverAudit audit;
    private final Clock clock;

    Handovers(HandoverRepository cases, Holdings holdings, Settlements settlements, Successors successors,
            Employees employees, Subjects subjects, PolicyDocuments documents, HandoverAudit audit, Clock clock) {
        this.successors = successors;
        this.cases = cases;
        this.holdings = holdings;
        this.settlements = settlements;
        this.employees = employees;
        this.subjects = subjects;
        this.documents = documents;
        this.audit = audit;
        this.clock = clock;
    }

    /** A case with its items and what the viewer may do with it. */
    public record CaseDetail(HandoverCase handover, List<HandoverItem> items, boolean head, boolean own,
            boolean reader, @Nullable String departmentName, @Nullable String toDepartmentName,
            @Nullable UUID headId, @Nullable UUID agreementDocument) {

        public boolean maySettle() {
            return head && handover.open();
        }

        public boolean mayUndertake() {
            return own && handover.open() && !handover.undertakingGiven();
        }

        public boolean mayRecordPaperUndertaking() {
            return head && handover.open() && !handover.undertakingGiven();
        }

        public boolean maySignOff() {
            return head && handover.readyToSignOff();
        }

        public long open(ItemKind kind) {
            return items.stream().filter(i -> i.kind() == kind && !i.settled()).count();
        }
    }

    // ---------------------------------------------------------------- reading

    /** The cases this person may read, open ones first. */
    @Transactional(readOnly = true)
    public List<HandoverCase> visibleTo(CustosUser by) {
        if (by.roles().stream().anyMatch(READERS::contains)) {
            return cases.all();
        }
        Map<UUID, HandoverCase> visible = new LinkedHashMap<>();
        for (DepartmentView d : employees.departments()) {
            if (by.id().equals(d.headId())) {
                cases.ofDepartment(d.id()).forEach(c -> visible.put(c.id(), c));
            }
        }
        cases.ofEmployee(by.id()).forEach(c -> visible.putIfAbsent(c.id(), c));
        return List.copyOf(visible.values());
    }

    /** Open cases the person settles as head: for the home page. */
    @Transactional(readOnly = true)
    public List<HandoverCase> waitingForHead(UUID headId) {
        List<HandoverCase> waiting = new ArrayList<>();
        for (DepartmentView d : employees.departments()) {
            if (headId.equals(d.headId())) {
                cases.ofDepartment(d.id()).stream().filter(HandoverCase::open).forEach(waiting::add);
            }
        }
        return waiting;
    }

    /** The person's own open case. */
    @Transactional(readOnly = true)
    public Optional<HandoverCase> openCaseOf(UUID employeeId) {
        return cases.openCaseOf(employeeId);
    }

    /**
     * One case as its viewer may see it; an open case is brought up to date first.
     *
     * @throws DomainException 404 for a case the person may not read
     */
    @Transactional
    public CaseDetail detail(UUID id, CustosUser by) {
        HandoverCase handover = readable(id, by);
        if (handover.open()) {
            refresh(handover);
            handover = cases.find(id).orElseThrow();
        }
        return detailOf(handover, by);
    }

    /** The case's items with customers' public names, for the report. */
    @Transactional(readOnly = true)
    public CaseDetail report(UUID id, CustosUser by) {
        return detailOf(readable(id, by), by);
    }

    private CaseDetail detailOf(HandoverCase handover, CustosUser by) {
        List<HandoverItem> items = cases.items(handover.id());
        List<UUID> customers = items.stream().filter(i -> i.kind() == ItemKind.CUSTOMER).map(HandoverItem::subjectId)
                .toList();
        Map<UUID, String> names = customers.isEmpty() ? Map.of() : subjects.companyNames(customers);
        List<HandoverItem> named = items.stream()
                .map(i -> i.kind() == ItemKind.CUSTOMER ? i.named(names.get(i.subjectId())) : i).toList();
        Optional<DepartmentView> department = employees.department(handover.departmentId());
        Optional<DepartmentView> to = handover.toDepartmentId() == null ? Optional.empty()
                : employees.department(handover.toDepartmentId());
        boolean head = isHead(handover, by);
        return new CaseDetail(handover, named, head, handover.employeeId().equals(by.id()),
                by.roles().stream().anyMatch(READERS::contains), department.map(DepartmentView::code).orElse(null),
                to.map(DepartmentView::code).orElse(null), department.map(DepartmentView::headId).orElse(null),
                documents.agreementInForce().orElse(null));
    }

    private HandoverCase readable(UUID id, CustosUser by) {
        HandoverCase handover = cases.find(id).orElseThrow(DomainException::notFound);
        boolean reader = by.roles().stream().anyMatch(READERS::contains);
        if (!reader && !isHead(handover, by) && !handover.employeeId().equals(by.id())) {
            throw DomainException.notFound();
        }
        return handover;
    }

    private boolean isHead(HandoverCase handover, CustosUser by) {
        return by.status() == EmployeeStatus.ACTIVE && !handover.employeeId().equals(by.id())
                && employees.department(handover.departmentId()).map(d -> by.id().equals(d.headId())).orElse(false);
    }

    /**
     * The colleagues the head may choose as successor: those the checks would accept, so the page
     * offers no one who would be refused. The checks run again when the head chooses.
     */
    @Transactional(readOnly = true)
    public List<EmployeeView> successorChoices(HandoverCase handover) {
        return employees.current().stream().filter(e -> handover.departmentId().equals(e.departmentId()))
                .filter(e -> accepted(() -> successors.require(e.id(), handover.departmentId(), handover.employeeId())))
                .sorted(java.util.Comparator.comparing(EmployeeView::displayName)).toList();
    }

    /** Who may take paper records into custody: active colleagues of the department and the administration. */
    @Transactional(readOnly = true)
    public List<EmployeeView> custodianChoices(HandoverCase handover) {
        return employees.current().stream().filter(e -> accepted(() -> successors.requireCustodian(e.id(),
                handover.departmentId(), handover.employeeId())))
                .sorted(java.util.Comparator.comparing(EmployeeView::displayName)).toList();
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (DomainException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- acting

    /**
     * The head settles items of one kind in one step (issue 18.2): customers or requests to a
     * successor, requests withdrawn, grants continued under the head or ended, paper records checked
     * in to a custodian, exports and training drafts acknowledged. All or nothing: if one item
     * cannot be settled, none is.
     *
     * @param person the successor or custodian, when the outcome names one
     * @throws DomainException 404 (not readable), 403 (not the head), 409 (case closed, item settled
     *         or changed meanwhile), 422 (an outcome the items do not allow, a successor who may not
     *         take them, with the reason)
     */
    @Transactional
    public HandoverCase settle(UUID caseId, List<UUID> itemIds, ItemOutcome outcome, @Nullable UUID person,
            CustosUser by) {
        HandoverCase handover = requireHead(caseId, by, "handover.items.settled");
        if (itemIds.isEmpty() || itemIds.size() > MAX_BULK) {
            throw DomainException.unprocessable("handover-items-invalid", Map.of("field", "items", "max", MAX_BULK),
                    MAX_BULK);
        }
        refresh(handover);
        List<HandoverItem> chosen = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        Map<UUID, HandoverItem> listed = new HashMap<>();
        cases.items(caseId).forEach(i -> listed.put(i.id(), i));
        for (UUID itemId : itemIds) {
            if (!seen.add(itemId)) {
                continue;
            }
            HandoverItem item = listed.get(itemId);
            if (item == null) {
                throw DomainException.notFound();
            }
            if (item.settled()) {
                throw DomainException.conflict("handover-item-settled");
            }
            if (!item.kind().choices().contains(outcome)) {
                throw DomainException.unprocessable("handover-outcome-not-allowed", Map.of("field", "outcome"));
            }
            chosen.add(item);
        }
        if (chosen.stream().map(HandoverItem::kind).distinct().count() > 1) {
            throw DomainException.unprocessable("handover-items-mixed", Map.of("field", "items"));
        }
        if (ItemKind.needsPerson(outcome) && person == null) {
            throw DomainException.unprocessable("successor-required", Map.of("field", "successor"));
        }
        UUID headId = by.id();
        UUID named = ItemKind.needsPerson(outcome) ? person : outcome == ItemOutcome.CONTINUED ? headId : null;
        settlements.settle(handover, chosen, outcome, named, by.actor());
        Instant now = clock.instant();
        for (HandoverItem item : chosen) {
            if (!cases.settle(item.id(), outcome, named, now, by.id())) {
                throw DomainException.conflict("handover-item-settled");
            }
        }
        cases.touch(caseId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", chosen.get(0).kind());
        details.put("outcome", outcome);
        details.put("count", chosen.size());
        if (named != null) {
            details.put("successor", named);
        }
        audit.handover("handover.items.settled", caseId, details, by.actor());
        log.info("Handover {}: {} item(s) of kind {} settled as {} by {}", caseId, chosen.size(),
                chosen.get(0).kind(), outcome, by.id());
        return cases.find(caseId).orElseThrow();
    }

    /**
     * The person confirms the departure undertaking (issue 18.3): they handed everything over,
     * keep no copy in any form, and their duty of confidentiality continues after they leave. The
     * agreement version in force is recorded with it.
     */
    @Transactional
    public HandoverCase undertake(UUID caseId, CustosUser by) {
        HandoverCase handover = readable(caseId, by);
        if (!handover.employeeId().equals(by.id())) {
            audit.refused("handover.undertaking.given", caseId, "not-the-person", by.actor());
            throw new DomainException("handover-not-the-person", HttpStatus.FORBIDDEN);
        }
        return giveUndertaking(handover, "ONLINE", by);
    }

    /** The head records that the person signed the undertaking on paper (someone who left before doing it here). */
    @Transactional
    public HandoverCase recordPaperUndertaking(UUID caseId, CustosUser by) {
        return giveUndertaking(requireHead(caseId, by, "handover.undertaking.given"), "PAPER", by);
    }

    private HandoverCase giveUndertaking(HandoverCase handover, String method, CustosUser by) {
        if (!handover.open()) {
            throw DomainException.conflict("handover-closed");
        }
        UUID agreement = documents.agreementInForce().orElse(null);
        if (!cases.undertaking(handover.id(), clock.instant(), method, by.id(), agreement, null)) {
            throw DomainException.conflict("handover-undertaking-given");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        if (agreement != null) {
            details.put("agreement", agreement);
        }
        audit.handover("handover.undertaking.given", handover.id(), details, by.actor());
        return cases.find(handover.id()).orElseThrow();
    }

    /**
     * The head signs the case off (issue 18.3): only with every item settled and the undertaking
     * given. {@code expectedVersion} is the version the head looked at: a case that changed since
     * (a new customer listed, say) is shown again rather than signed blind.
     */
    @Transactional
    public HandoverCase signOff(UUID caseId, int expectedVersion, CustosUser by) {
        HandoverCase handover = requireHead(caseId, by, "handover.signed-off");
        refresh(handover);
        HandoverCase now = cases.find(caseId).orElseThrow();
        if (now.openItems() > 0) {
            throw DomainException.conflict("handover-items-open");
        }
        if (!now.undertakingGiven()) {
            throw DomainException.conflict("handover-undertaking-missing");
        }
        if (!cases.close(caseId, HandoverStatus.SIGNED_OFF, clock.instant(), by.id(), expectedVersion)) {
            throw DomainException.conflict("handover-changed");
        }
        audit.handover("handover.signed-off", caseId, Map.of("items", now.items()), by.actor());
        log.info("Handover {} signed off by {}", caseId, by.id());
        return cases.find(caseId).orElseThrow();
    }

    private HandoverCase requireHead(UUID caseId, CustosUser by, String action) {
        HandoverCase handover = readable(caseId, by);
        if (!isHead(handover, by)) {
            audit.refused(action, caseId, "not-the-head", by.actor());
            throw new DomainException("handover-not-the-head", HttpStatus.FORBIDDEN);
        }
        if (!handover.open()) {
            throw DomainException.conflict("handover-closed");
        }
        return handover;
    }

    // ---------------------------------------------------------------- the life cycle (HandoverOpening)

    /** Opens a case listing what the person holds; the id of the case. */
    UUID open(UUID employeeId, HandoverKind kind, UUID departmentId, @Nullable UUID toDepartmentId,
            LocalDate effectiveOn, @Nullable UUID openedBy, Actor actor) {
        UUID id = UUID.randomUUID();
        cases.insertCase(id, employeeId, kind, departmentId, toDepartmentId, effectiveOn, clock.instant(), openedBy);
        HandoverCase handover = cases.find(id).orElseThrow();
        refresh(handover);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("employee", employeeId);
        details.put("kind", kind);
        details.put("effectiveOn", effectiveOn);
        details.put("items", cases.items(id).size());
        audit.handover("handover.opened", id, details, actor);
        log.info("Handover {} opened for account {} ({}, effective {})", id, employeeId, kind, effectiveOn);
        return id;
    }

    void moveDate(HandoverCase handover, LocalDate effectiveOn, Actor actor) {
        if (!handover.effectiveOn().equals(effectiveOn)) {
            cases.setEffectiveOn(handover.id(), effectiveOn);
            audit.handover("handover.date-changed", handover.id(), Map.of("effectiveOn", effectiveOn), actor);
        }
    }

    void withdraw(HandoverCase handover, Actor actor) {
        if (cases.close(handover.id(), HandoverStatus.WITHDRAWN, clock.instant(), null, handover.version())) {
            audit.handover("handover.withdrawn", handover.id(), Map.of("settled",
                    handover.items() - handover.openItems()), actor);
        }
    }

    /**
     * The person's access has ended (departed, or moved out of the department): recorded on the
     * case, and for a departure whatever is still unsettled goes to the department head (issue
     * 18.4), so nothing stays with someone who is gone.
     */
    void accessEnded(HandoverCase handover, boolean departed) {
        cases.accessEnded(handover.id(), clock.instant());
        refresh(handover);
        if (!departed) {
            return;
        }
        UUID headId = employees.department(handover.departmentId()).map(DepartmentView::headId).orElse(null);
        if (headId == null || headId.equals(handover.employeeId())) {
            log.warn("Handover {}: department {} has no head to take over what is unsettled", handover.id(),
                    handover.departmentId());
            return;
        }
        Map<ItemKind, List<HandoverItem>> open = new HashMap<>();
        for (HandoverItem item : cases.items(handover.id())) {
            if (!item.settled() && settlements.fallsToHead(item.kind())) {
                open.computeIfAbsent(item.kind(), k -> new ArrayList<>()).add(item);
            }
        }
        Instant now = clock.instant();
        int moved = 0;
        for (Map.Entry<ItemKind, List<HandoverItem>> e : open.entrySet()) {
            for (Map.Entry<HandoverItem, ItemOutcome> done : settlements.toHead(handover, e.getValue(), headId,
                    SYSTEM).entrySet()) {
                cases.settle(done.getKey().id(), done.getValue(),
                        done.getValue() == ItemOutcome.TO_HEAD ? headId : null, now, null);
                moved++;
            }
        }
        cases.touch(handover.id());
        audit.handover("handover.access-ended", handover.id(), Map.of("toHead", moved, "head", headId), SYSTEM);
    }

    /**
     * Lists what the person holds now that the case does not list yet, and settles what they no
     * longer hold: reviewed accesses as reviewed, anything else as gone.
     */
    void refresh(HandoverCase handover) {
        Instant now = clock.instant();
        List<Holdings.Held> held = holdings.of(handover, now);
        // What the case lists already, read once: a refresh runs on every look at the case.
        List<HandoverItem> listed = cases.items(handover.id());
        Set<String> known = new HashSet<>();
        listed.forEach(i -> known.add(i.kind() + ":" + i.subjectId()));
        Set<String> still = new HashSet<>();
        boolean changed = false;
        for (Holdings.Held h : held) {
            String key = h.kind() + ":" + h.subjectId();
            still.add(key);
            if (known.add(key)) {
                cases.insertItem(handover.id(), h.kind(), h.subjectId(), h.label(), now);
                changed = true;
            }
        }
        for (HandoverItem item : listed) {
            if (!item.settled() && !still.contains(item.kind() + ":" + item.subjectId())
                    && holdings.vanishes(item.kind())) {
                changed |= cases.settle(item.id(), item.kind() == ItemKind.FLAGGED_ACCESS ? ItemOutcome.REVIEWED
                        : ItemOutcome.GONE, null, now, null);
            }
        }
        if (changed) {
            cases.touch(handover.id());
        }
    }
}
