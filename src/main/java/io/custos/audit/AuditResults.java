package io.custos.audit;

import java.util.List;

/**
 * One page of a search, newest first.
 *
 * @param page the page number, from 0
 * @param hasMore whether a next page has events
 * @param total how many events match the search in all
 */
public record AuditResults(List<AuditEntry> items, int page, int size, boolean hasMore, long total) {

    public AuditResults {
        items = List.copyOf(items);
    }
}
