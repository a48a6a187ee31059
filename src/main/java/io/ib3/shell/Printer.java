package io.ib3.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ib3.error.Ib3Exception;
import io.ib3.report.Table;
import org.springframework.shell.jline.tui.table.ArrayTableModel;
import org.springframework.shell.jline.tui.table.BorderStyle;
import org.springframework.shell.jline.tui.table.CellMatchers;
import org.springframework.shell.jline.tui.table.SimpleHorizontalAligner;
import org.springframework.shell.jline.tui.table.TableBuilder;

import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Draws what commands produce. Tables get light box borders for a person at a terminal and plain
 * aligned columns in scripts and pipes ({@link Table#toPlainText()}), so logs and {@code grep}
 * stay simple. JSON is one pretty-printed document. Commands write to the command context's
 * output writer, never to {@code System.out}, so tests and the REPL see the same output.
 */
public final class Printer {

    private static final Pattern NUMERIC = Pattern.compile("-?[0-9][0-9.,]*( ?[KMGTPE]?i?B)?");

    private volatile boolean decorated;
    private volatile int width;
    private ObjectMapper json;

    /**
     * @param decorated draw borders (interactive terminal)
     * @param width     the terminal width tables are fitted to
     */
    public Printer(boolean decorated, int width) {
        this.decorated = decorated;
        this.width = width;
    }

    public boolean decorated() {
        return decorated;
    }

    /** Switched on by the interactive console, which knows its terminal. */
    public void setDecorated(boolean decorated, int width) {
        this.decorated = decorated;
        this.width = width > 20 ? width : 120;
    }

    /** Prints a table: bordered when decorated, plain otherwise. An empty table prints its title and headers. */
    public void table(PrintWriter out, Table table) {
        out.print(render(table));
        out.flush();
    }

    /** The text {@link #table} prints. */
    public String render(Table table) {
        if (!decorated) {
            return table.toPlainText();
        }
        int columns = table.headers().size();
        Object[][] data = new Object[table.rows().size() + 1][];
        data[0] = table.headers().toArray();
        for (int r = 0; r < table.rows().size(); r++) {
            data[r + 1] = table.rows().get(r).toArray();
        }
        TableBuilder builder = new TableBuilder(new ArrayTableModel(data)).addHeaderAndVerticalsBorders(BorderStyle.fancy_light);
        for (int c = 0; c < columns; c++) {
            if (numeric(table.rows(), c)) {
                builder.on(CellMatchers.column(c)).addAligner(SimpleHorizontalAligner.right);
            }
        }
        String title = table.title() == null || table.title().isEmpty() ? "" : table.title() + System.lineSeparator();
        return title + builder.build().render(width);
    }

    private static boolean numeric(List<List<String>> rows, int column) {
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.get(column).isEmpty() || NUMERIC.matcher(r.get(column)).matches());
    }

    /** Prints one JSON document (and nothing else: {@code --json} output is for programs). */
    public void json(PrintWriter out, Object document) {
        out.println(toJson(document));
        out.flush();
    }

    /** The pretty-printed JSON of a document (records, maps, lists). */
    public String toJson(Object document) {
        try {
            return mapper().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw Ib3Exception.failed("cannot write JSON: " + e.getOriginalMessage());
        }
    }

    /** The shared JSON mapper, built on first use (it costs start-up time that most commands never need). */
    public synchronized ObjectMapper mapper() {
        if (json == null) {
            json = new ObjectMapper()
                    .findAndRegisterModules()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        }
        return json;
    }
}
