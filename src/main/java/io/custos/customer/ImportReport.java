package io.custos.customer;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problems an import found: which row, which field, why (a reason code), never the value. The
 * first {@value #MAX_LISTED} are kept, in file order; the rest are only counted.
 */
final class ImportReport {

    static final int MAX_LISTED = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param row the row number as a spreadsheet shows it (the heading row is 1) */
    record Problem(int row, String field, String reason) {
    }

    private final List<Problem> listed = new ArrayList<>();
    private int count;

    void add(Problem problem) {
        count++;
        if (listed.size() < MAX_LISTED) {
            listed.add(problem);
        }
    }

    int count() {
        return count;
    }

    String json() {
        return JSON.writeValueAsString(listed);
    }

    static List<Problem> parse(String json) {
        return JSON.readValue(json, new TypeReference<List<Problem>>() {
        });
    }
}
