package io.custos.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive calendar months as instants in a zone (the company's, for the dashboards), and the
 * SQL that counts a table's rows per month in one pass over the whole span: one conditional count
 * per month, so the database reads each row once through the index on the time column and Java
 * receives twelve numbers, never the rows. Portable between H2 and PostgreSQL.
 */
public record Months(List<YearMonth> months, List<Instant> bounds) {

    public Months {
        months = List.copyOf(months);
        bounds = List.copyOf(bounds);
        if (months.isEmpty() || bounds.size() != months.size() + 1) {
            throw new IllegalArgumentException("each month needs its start, and the last its end");
        }
    }

    /** The {@code count} months ending with {@code last}, oldest first. */
    public static Months ending(YearMonth last, int count, ZoneId zone) {
        return of(last.minusMonths(count - 1L), count, zone);
    }

    /** The {@code count} months starting with {@code first}. */
    public static Months of(YearMonth first, int count, ZoneId zone) {
        if (count < 1 || count > 36) {
            throw new IllegalArgumentException("between one and 36 months");
        }
        List<YearMonth> months = new ArrayList<>();
        List<Instant> bounds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            YearMonth m = first.plusMonths(i);
            months.add(m);
            bounds.add(m.atDay(1).atStartOfDay(zone).toInstant());
        }
        bounds.add(first.plusMonths(count).atDay(1).atStartOfDay(zone).toInstant());
        return new Months(months, bounds);
    }

    public int size() {
        return months.size();
    }

    /** The first month's start. */
    public Instant start() {
        return bounds.get(0);
    }

    /** The last month's end (the next month's start). */
    public Instant end() {
        return bounds.get(bounds.size() - 1);
    }

    /** One {@code count(case when column >= ? and column < ? then 1 end)} per month, comma-separated. */
    public String countColumns(String column) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            columns.add("count(case when " + column + " >= ? and " + column + " < ? then 1 end)");
        }
        return String.join(", ", columns);
    }

    /** The parameters of {@link #countColumns}: each month's start and end. */
    public List<Object> countParams() {
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            params.add(bounds.get(i).atOffset(ZoneOffset.UTC));
            params.add(bounds.get(i + 1).atOffset(ZoneOffset.UTC));
        }
        return params;
    }

    /** The parameters that bound the whole span: its start and end, for the index range. */
    public List<Object> spanParams() {
        return List.of(start().atOffset(ZoneOffset.UTC), end().atOffset(ZoneOffset.UTC));
    }

    /** Reads the counts of {@link #countColumns} from the first columns of the row. */
    public List<Long> read(ResultSet rs) throws SQLException {
        List<Long> counts = new ArrayList<>();
        for (int i = 1; i <= months.size(); i++) {
            counts.add(rs.getLong(i));
        }
        return List.copyOf(counts);
    }

    /** No row counted: every month zero. */
    public List<Long> zeros() {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            counts.add(0L);
        }
        return List.copyOf(counts);
    }

    /** {@code ?, ?, ?} for an IN list. */
    public static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
