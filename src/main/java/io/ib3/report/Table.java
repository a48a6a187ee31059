package io.ib3.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled table of text cells: what the core hands to the shell to draw for people. The shell
 * draws it with Spring Shell's table builder; {@link #toPlainText()} is for logs and tests.
 *
 * @param title   one line above the table, may be empty
 * @param headers column names
 * @param rows    cells, each row as long as headers
 */
public record Table(String title, List<String> headers, List<List<String>> rows) {

    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** Builds a table row by row. */
    public static Builder builder(String title, String... headers) {
        return new Builder(title, List.of(headers));
    }

    public static final class Builder {
        private final String title;
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(String title, List<String> headers) {
            this.title = title;
            this.headers = headers;
        }

        public Builder row(Object... cells) {
            if (cells.length != headers.size()) {
                throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
            }
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(c == null ? "" : c.toString());
            }
            rows.add(r);
            return this;
        }

        public Table build() {
            return new Table(title, headers, rows);
        }
    }

    /** The rows as records keyed by column name, in column order (for --json of tabular commands). */
    public List<java.util.Map<String, String>> records() {
        List<java.util.Map<String, String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            java.util.Map<String, String> r = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                r.put(headers.get(i), row.get(i));
            }
            out.add(r);
        }
        return out;
    }

    /** Left-aligned columns separated by two spaces, title first: stable text for tests and batch logs. */
    public String toPlainText() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (title != null && !title.isEmpty()) {
            out.append(title).append('\n');
        }
        appendRow(out, headers, widths);
        for (List<String> row : rows) {
            appendRow(out, row, widths);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(String.format("%-" + Math.max(1, widths[i]) + "s", cells.get(i)));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
