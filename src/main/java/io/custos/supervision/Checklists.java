package io.custos.supervision;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;

/**
 * The inspection checklists (issue 20.1): the administration department edits them. A version no
 * inspection uses yet is edited in place; one an inspection uses (even only planned) is frozen, and
 * saving it makes the next version, which new inspections take from then on. The row lock on the
 * version makes planning and saving take turns, so an inspection never sees a version change.
 */
@Service
@Transactional
public class Checklists {

    static final int MAX_ITEMS = 40;
    private static final Set<String> CHAPTERS = Set.of("I", "II", "III", "IV", "V");

    private final JdbcClient jdbc;
    private final Inspections inspections;
    private final InspectionAudit audit;
    private final Clock clock;

    Checklists(JdbcClient jdbc, Inspections inspections, InspectionAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.inspections = inspections;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every version, newest first, for those who read inspections (404 for anyone else). */
    @Transactional(readOnly = true)
    public List<Checklist> versions(CustosUser by) {
        requireReader(by);
        return jdbc.sql("select id from inspection_checklist order by created_at desc, version_no desc").query(UUID.class)
                .list().stream().map(id -> inspections.checklist(id).orElseThrow()).toList();
    }

    /**
     * Saves the draft over the version, or as the next version when the version is in use.
     *
     * @return the version saved: the same one, or the new one
     */
    public Checklist save(UUID id, ChecklistDraft draft, CustosUser by) {
        if (!by.hasRole(Role.ADMIN_OFFICER) || by.partner()) {
            throw new DomainException("checklist-not-allowed", HttpStatus.FORBIDDEN);
        }
        jdbc.sql("select id from inspection_checklist where id = ? for update").param(id).query(UUID.class).optional()
                .orElseThrow(DomainException::notFound);
        Checklist current = inspections.checklist(id).orElseThrow();
        String titleZh = text(draft.titleZh(), "titleZh", 200);
        String titleEn = text(draft.titleEn(), "titleEn", 200);
        List<ChecklistDraft.Item> items = draft.items().stream().filter(i -> !i.blank()).toList();
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw DomainException.unprocessable("checklist-items-count", Map.of("field", "items", "max", MAX_ITEMS),
                    MAX_ITEMS);
        }
        List<Object[]> rows = new ArrayList<>();
        for (int n = 0; n < items.size(); n++) {
            ChecklistDraft.Item item = items.get(n);
            String field = "items[" + n + "]";
            if (item.chapter() == null || !CHAPTERS.contains(item.chapter())) {
                throw DomainException.unprocessable("checklist-item-invalid", Map.of("field", field + ".chapter"), n + 1);
            }
            rows.add(new Object[] {item.chapter(), itemText(item.questionZh(), field + ".questionZh", 500, n),
                itemText(item.questionEn(), field + ".questionEn", 500, n),
                itemText(item.guidanceZh(), field + ".guidanceZh", 2000, n),
                itemText(item.guidanceEn(), field + ".guidanceEn", 2000, n),
                item.evidence() == null ? null : item.evidence().name()});
        }
        UUID target = id;
        int version = current.versionNo();
        boolean newVersion = current.inUse();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (newVersion) {
            target = UUID.randomUUID();
            version = jdbc.sql("select max(version_no) from inspection_checklist where family_id = ?")
                    .param(current.familyId()).query(Integer.class).single() + 1;
            jdbc.sql("insert into inspection_checklist (id, family_id, version_no, title_zh, title_en, created_at, "
                    + "created_by, retired) values (?, ?, ?, ?, ?, ?, ?, false)")
                    .params(target, current.familyId(), version, titleZh, titleEn, Inspections.utc(now), by.id()).update();
        } else {
            jdbc.sql("update inspection_checklist set title_zh = ?, title_en = ? where id = ?").params(titleZh, titleEn, id)
                    .update();
            jdbc.sql("delete from inspection_checklist_item where checklist_id = ?").param(id).update();
        }
        for (int n = 0; n < rows.size(); n++) {
            Object[] r = rows.get(n);
            jdbc.sql("insert into inspection_checklist_item (id, checklist_id, position, chapter, question_zh, question_en, "
                    + "guidance_zh, guidance_en, evidence) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID(), target, n + 1, r[0], r[1], r[2], r[3], r[4], r[5]).update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checklist", target);
        details.put("version", version);
        details.put("items", rows.size());
        details.put("newVersion", newVersion);
        audit.checklist("supervision.inspection.checklist-saved", target, details);
        return inspections.checklist(target).orElseThrow();
    }

    /** The checklist is the company's rule book, not a secret: those who read inspections read it. */
    public static void requireReader(CustosUser by) {
        if (!mayRead(by)) {
            throw DomainException.notFound();
        }
    }

    public static boolean mayRead(CustosUser by) {
        return !by.partner() && (Inspections.readsAll(by) || by.hasRole(Role.DEPT_HEAD));
    }

    private static String itemText(@Nullable String value, String field, int max, int index) {
        try {
            return text(value, field, max);
        } catch (DomainException e) {
            throw DomainException.unprocessable("checklist-item-invalid", Map.of("field", field), index + 1);
        }
    }

    private static String text(@Nullable String value, String field, int max) {
        if (value == null || value.isBlank() || value.strip().length() > max
                || ControlCharacters.present(value.strip(), true)) {
            throw DomainException.unprocessable("checklist-text-invalid", Map.of("field", field, "max", max), max);
        }
        return value.strip();
    }
}
