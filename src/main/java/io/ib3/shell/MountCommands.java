package io.ib3.shell;

import io.ib3.error.Ib3Exception;
import io.ib3.report.Table;
import io.ib3.session.Mount;
import io.ib3.session.Session;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mount table: {@code mount}, {@code unmount}, {@code mounts}. */
public class MountCommands {

    static final String GROUP = "Mounts";

    private final Session session;
    private final Printer printer;

    public MountCommands(Session session, Printer printer) {
        this.session = session;
        this.printer = printer;
    }

    @Command(name = "mount", group = GROUP, completionProvider = "locationCompletion",
            description = "mount NAME LOCATION: mount a store (URI, mount path or @profile) under a name")
    public void mount(@Argument(index = 0, description = "mount name") String name,
                      @Argument(index = 1, description = "URI, mount path or @profile") String location,
                      CommandContext ctx) {
        if (name.isEmpty() || location.isEmpty()) {
            throw Ib3Exception.usage("mount needs NAME and LOCATION",
                    "for example: mount src file:///var/lib/influxdb3, mount bk s3://bucket/backups, mount prod @prod");
        }
        Mount mount = session.mount(name, location);
        ctx.outputWriter().println("mounted " + mount.name() + ":/ -> " + mount.location());
    }

    @Command(name = "unmount", group = GROUP, completionProvider = "mountCompletion",
            description = "unmount NAME: remove a mount (the store is not touched)")
    public void unmount(@Argument(index = 0, description = "mount name") String name, CommandContext ctx) {
        if (name.isEmpty()) {
            throw Ib3Exception.usage("unmount needs a mount NAME", "see the names with: mounts");
        }
        Mount mount = session.unmount(name);
        ctx.outputWriter().println("unmounted " + mount.name() + " (" + mount.location() + ")");
    }

    @Command(name = "mounts", group = GROUP, description = "list the mount table")
    public void mounts(@Option(longName = "json", description = "print JSON") boolean json, CommandContext ctx) {
        List<Mount> mounts = session.mounts();
        String current = session.currentMount().map(Mount::name).orElse(null);
        if (json) {
            List<Map<String, Object>> rows = mounts.stream().map(m -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", m.name());
                row.put("location", m.location());
                row.put("profile", m.profile());
                row.put("current", m.name().equals(current));
                return row;
            }).toList();
            printer.json(ctx.outputWriter(), Map.of("mounts", rows));
            return;
        }
        Table.Builder table = Table.builder(mounts.isEmpty() ? "nothing mounted (mount NAME LOCATION)" : "",
                "NAME", "LOCATION", "PROFILE", "CURRENT");
        for (Mount m : mounts) {
            table.row(m.name(), m.location(), m.profile() == null ? "" : m.profile(), m.name().equals(current) ? "*" : "");
        }
        printer.table(ctx.outputWriter(), table.build());
    }
}
