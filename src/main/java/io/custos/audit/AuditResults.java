package io.custos.audit;

import java.util.List;

/**
 * One page of a search, newest first.
 *
 * @param page the page number, from 0
 * @param hasMore whether a next page has events
 */
public record AuditResults(List<AuditEntry> items, int page, int size, boolean hasMore) {

    public AuditResults {
        items = List.copyOf(items);
    }
}
