package io.custos.compliance;

import static io.custos.compliance.Control.*;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The map Custos proposes for a policy nobody has mapped yet, for the two texts it knows: the template
 * policy it ships, and the company's original policy pasted as text (chapters 一 to 五). A clause is
 * recognised by its chapter's Chinese heading and its place in the chapter, so a chapter the company
 * rewrote starts unmapped (and shows so) rather than inheriting a guess; the administration department
 * maps it, and management approves the map with the policy.
 */
final class DefaultMaps {

    /** Chapter heading, then the controls of each clause (index 0 for a chapter that is one clause). */
    private static final Map<String, Map<Integer, List<Control>>> BY_HEADING = new LinkedHashMap<>();

    static {
        // The template policy (training/template-policy.zh.md).
        chapter("什么是客户信息", Map.of(3, List.of(CLASSIFICATION_AND_ENCRYPTION),
                4, List.of(CLASSIFICATION_AND_ENCRYPTION, CONSENT)));
        chapter("职责", Map.of(1, List.of(POLICY_AND_TRAINING, POLICY_REVIEW),
                2, List.of(POLICY_AND_TRAINING, AGREEMENTS, POLICY_REVIEW),
                3, List.of(INSPECTIONS, EMERGENCY_ACCESS),
                4, List.of(AUDIT_LOG, BACKUPS, SECURITY_ASSESSMENT, AUTHENTICATION),
                5, List.of(INSPECTIONS),
                6, List.of(POLICY_AND_TRAINING, RISK_REPORTS_AND_INCIDENTS)));
        chapter("客户信息的收集和使用", Map.of(1, List.of(CONSENT),
                2, List.of(CLASSIFICATION_AND_ENCRYPTION),
                3, List.of(MONITORING, AUDIT_LOG, EMERGENCY_ACCESS),
                4, List.of(POLICY_AND_TRAINING, AGREEMENTS),
                5, List.of(MONITORING)));
        chapter("共享与披露", Map.of(1, List.of(SHARING_GRANTS, EXPORT_APPROVAL),
                2, List.of(EXPORT_APPROVAL, MONITORING)));
        chapter("存储、保存期限与销毁", Map.of(1, List.of(RETENTION_AND_DESTRUCTION, BACKUPS),
                3, List.of(RETENTION_AND_DESTRUCTION)));
        chapter("离职或调岗", Map.of(0, List.of(HANDOVER)));
        chapter("培训与确认", Map.of(0, List.of(POLICY_AND_TRAINING, AGREEMENTS)));
        chapter("报告与责任", Map.of(0, List.of(RISK_REPORTS_AND_INCIDENTS, WHISTLEBLOWING, INSPECTIONS)));
        chapter("评审", Map.of(0, List.of(POLICY_REVIEW)));
        // The company's original policy, pasted as text.
        chapter("组织架构与职责划分", Map.of(1, List.of(POLICY_REVIEW, POLICY_AND_TRAINING),
                2, List.of(POLICY_AND_TRAINING, INSPECTIONS),
                3, List.of(POLICY_AND_TRAINING, INSPECTIONS),
                4, List.of(CLASSIFICATION_AND_ENCRYPTION, AUTHENTICATION, SECURITY_ASSESSMENT)));
        chapter("管理流程", Map.of(1, List.of(CONSENT),
                2, List.of(CLASSIFICATION_AND_ENCRYPTION, BACKUPS, AUTHENTICATION),
                3, List.of(SHARING_GRANTS, EXPORT_APPROVAL, EMERGENCY_ACCESS, MONITORING),
                4, List.of(RETENTION_AND_DESTRUCTION)));
        chapter("权利与义务", Map.of(1, List.of(POLICY_AND_TRAINING, RISK_REPORTS_AND_INCIDENTS),
                2, List.of(AGREEMENTS, HANDOVER, POLICY_AND_TRAINING),
                3, List.of(CUSTOMER_REQUESTS)));
        chapter("监督与奖惩机制", Map.of(1, List.of(INSPECTIONS, MONITORING, AUDIT_LOG, WHISTLEBLOWING)));
    }

    private DefaultMaps() {
    }

    private static void chapter(String heading, Map<Integer, List<Control>> clauses) {
        BY_HEADING.put(heading, clauses);
    }

    /** The proposed controls of each clause the defaults recognise. */
    static Map<String, Set<Control>> of(List<Clause> clauses) {
        Map<String, Set<Control>> map = new LinkedHashMap<>();
        for (Clause clause : clauses) {
            Map<Integer, List<Control>> chapter = BY_HEADING.get(clause.headingZh());
            if (chapter == null) {
                continue;
            }
            int dot = clause.key().indexOf('.');
            int index = dot < 0 ? 0 : Integer.parseInt(clause.key().substring(dot + 1));
            List<Control> controls = chapter.get(index);
            if (controls != null) {
                map.put(clause.key(), EnumSet.copyOf(controls));
            }
        }
        return map;
    }
}
