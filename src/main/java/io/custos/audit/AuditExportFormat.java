package io.custos.audit;

import io.custos.shared.web.TableWriter;

/** The file formats of an audit export. */
public enum AuditExportFormat {
    CSV(TableWriter.Format.CSV),
    XLSX(TableWriter.Format.XLSX);

    private final TableWriter.Format table;

    AuditExportFormat(TableWriter.Format table) {
        this.table = table;
    }

    public String extension() {
        return table.extension();
    }

    public String contentType() {
        return table.contentType();
    }

    TableWriter.Format table() {
        return table;
    }
}
