package io.ib3.shell;

import io.ib3.inspect.Inspection;
import io.ib3.inspect.Inspector;
import io.ib3.report.Table;
import io.ib3.session.Session;
import io.ib3.session.Target;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

/** {@code inspect}: what an InfluxDB 3 tree is, for people and (--json) for scripts. */
public class LayoutCommands {

    static final String GROUP = "InfluxDB 3";

    private final Session session;
    private final Printer printer;

    public LayoutCommands(Session session, Printer printer) {
        this.session = session;
        this.printer = printer;
    }

    @Command(name = "inspect", group = GROUP, completionProvider = "locationCompletion",
            description = "inspect [LOCATION] [--json]: Core node or Enterprise cluster, catalog generation and sequence, snapshots, WAL, Parquet per database and table, recovery point, warnings")
    public void inspect(@Argument(index = 0, description = "data root, node or cluster folder (default: current folder)") String location,
                        @Option(longName = "json", description = "print the inspect JSON document") boolean json,
                        CommandContext ctx) {
        try (Target target = session.locate(location)) {
            Inspection inspection = Inspector.inspect(target.store(), target.key());
            if (json) {
                printer.json(ctx.outputWriter(), inspection.toJson());
                return;
            }
            for (Table t : InspectionTables.tables(inspection)) {
                printer.table(ctx.outputWriter(), t);
            }
        }
    }
}
