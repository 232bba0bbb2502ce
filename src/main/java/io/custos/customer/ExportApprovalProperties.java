package io.custos.customer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.export.*} (issue 15.5, R-USE-5).
 *
 * @param approvalThreshold the most customers one direct export (CSV or Excel, page or API) may hold
 *        for anyone; a larger one is refused with {@code export-needs-approval} and has to be
 *        requested as an export package that the department head approves
 */
@ConfigurationProperties("custos.export")
record ExportApprovalProperties(@DefaultValue("50") int approvalThreshold) {

    ExportApprovalProperties {
        if (approvalThreshold < 1) {
            throw new IllegalArgumentException("custos.export.approval-threshold must be at least 1");
        }
    }
}
