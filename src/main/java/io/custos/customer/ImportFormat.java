package io.custos.customer;

/** The files customers are imported from. */
public enum ImportFormat {
    /** Comma-separated values in UTF-8 (with or without byte order mark) or GB18030. */
    CSV,
    /** An Office Open XML workbook; its first sheet is read. */
    XLSX
}
