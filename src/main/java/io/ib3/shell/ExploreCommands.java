package io.ib3.shell;

import io.ib3.error.Ib3Exception;
import io.ib3.report.Sizes;
import io.ib3.report.Table;
import io.ib3.session.Session;
import io.ib3.session.Target;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Exploring mounted stores: {@code ls}, {@code cd}, {@code pwd}, {@code tree}, {@code du},
 * {@code stat}, {@code cat}. Every listing asks the store again (nothing is cached between
 * commands). Paths are resolved by {@link Session#locate}: mount paths, URIs and {@code @profile}.
 */
public class ExploreCommands {

    static final String GROUP = "Explore";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Session session;
    private final Printer printer;

    public ExploreCommands(Session session, Printer printer) {
        this.session = session;
        this.printer = printer;
    }

    @Command(name = "pwd", group = GROUP, description = "print the current folder")
    public void pwd(CommandContext ctx) {
        try (Target here = session.locate("")) {
            ctx.outputWriter().println(here.display());
        }
    }

    @Command(name = "cd", group = GROUP, completionProvider = "locationCompletion",
            description = "cd [PATH]: change the current folder (no PATH: the mount's root)")
    public void cd(@Argument(index = 0, description = "folder") String path) {
        session.cd(path);
    }

    @Command(name = "ls", group = GROUP, completionProvider = "locationCompletion",
            description = "ls [PATH]: list a folder")
    public void ls(@Argument(index = 0, description = "folder or file") String path,
                   @Option(shortName = 'l', longName = "long", description = "sizes and times") boolean longFormat,
                   @Option(longName = "human", description = "sizes as KiB, MiB …") boolean human,
                   @Option(longName = "json", description = "print JSON") boolean json,
                   CommandContext ctx) {
        try (Target target = session.locate(path)) {
            Entry self = existing(target);
            List<Entry> entries = self.folder() ? target.browse().children(target.key()) : List.of(self);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("location", target.display());
                doc.put("entries", entries.stream().map(e -> entryJson(e, Keys.name(e.key()))).toList());
                printer.json(ctx.outputWriter(), doc);
                return;
            }
            if (!longFormat) {
                entries.forEach(e -> ctx.outputWriter().println(e.name() + (e.folder() ? "/" : "")));
                return;
            }
            Table.Builder table = Table.builder("", "SIZE", "MODIFIED", "NAME");
            for (Entry e : entries) {
                table.row(e.folder() ? "" : size(e.size(), human), time(e.lastModified()), e.name() + (e.folder() ? "/" : ""));
            }
            printer.table(ctx.outputWriter(), table.build());
        }
    }

    @Command(name = "stat", group = GROUP, completionProvider = "locationCompletion",
            description = "stat PATH: size, time and tag of an object or folder")
    public void stat(@Argument(index = 0, description = "object or folder") String path,
                     @Option(longName = "json", description = "print JSON") boolean json,
                     CommandContext ctx) {
        if (path.isEmpty()) {
            throw Ib3Exception.usage("stat needs a PATH", "for example: stat src:/node0/catalog");
        }
        try (Target target = session.locate(path)) {
            Entry e = existing(target);
            if (json) {
                Map<String, Object> doc = entryJson(e, target.display());
                doc.put("store", target.store().location());
                printer.json(ctx.outputWriter(), doc);
                return;
            }
            PrintWriter out = ctx.outputWriter();
            out.println("path:     " + target.display());
            out.println("kind:     " + (e.folder() ? "folder" : "object"));
            if (!e.folder()) {
                out.println("size:     " + e.size() + (e.size() >= 1024 ? " (" + Sizes.human(e.size()) + ")" : ""));
            }
            if (e.lastModified() != null) {
                out.println("modified: " + time(e.lastModified()));
            }
            if (e.etag() != null) {
                out.println("etag:     " + e.etag());
            }
            out.println("store:    " + target.store().location());
        }
    }

    @Command(name = "tree", group = GROUP, completionProvider = "locationCompletion",
            description = "tree [PATH]: the folders and objects below a folder")
    public void tree(@Argument(index = 0, description = "folder") String path,
                     @Option(longName = "depth", description = "folder levels to show; deeper content is summed up (0 = all)") int depth,
                     @Option(longName = "human", description = "sizes as KiB, MiB …") boolean human,
                     CommandContext ctx) {
        if (depth < 0) {
            throw Ib3Exception.usage("option --depth of tree must be 0 or more, not " + depth);
        }
        try (Target target = session.locate(path)) {
            Entry self = existing(target);
            if (!self.folder()) {
                throw Ib3Exception.usage("not a folder: " + target.display(), "use stat or cat for an object");
            }
            TreeNode root = new TreeNode();
            try (Stream<Entry> entries = target.store().list(target.key())) {
                entries.forEach(e -> root.add(Keys.relativize(target.key(), e.key()), e.size(), depth));
            }
            PrintWriter out = ctx.outputWriter();
            out.println(target.display());
            root.print(out, "", printer.decorated(), human);
            out.println(root.folderCount() + " folders, " + root.files + " objects, " + size(root.bytes, human));
        }
    }

    @Command(name = "du", group = GROUP, completionProvider = "locationCompletion",
            description = "du [PATH] [--by kind|db|table] [--human] [--json]: bytes and objects below a folder, per child folder or grouped by InfluxDB file kind, database or table")
    public void du(@Argument(index = 0, description = "folder") String path,
                   @Option(longName = "human", description = "sizes as KiB, MiB …") boolean human,
                   @Option(longName = "json", description = "print JSON") boolean json,
                   @Option(longName = "by", description = "kind | db | table: group by InfluxDB file kind, database or table") String by,
                   CommandContext ctx) {
        try (Target target = session.locate(path)) {
            Entry self = existing(target);
            if (!self.folder()) {
                throw Ib3Exception.usage("not a folder: " + target.display(), "use stat for the size of an object");
            }
            if (by != null && !by.isEmpty()) {
                Table grouped = switch (by) {
                    case "kind" -> UsageTables.byKind(io.ib3.inspect.Usage.byKind(target.store(), target.key()));
                    case "db", "database" -> UsageTables.byDatabase(target.store(), target.key());
                    case "table" -> UsageTables.byTable(target.store(), target.key());
                    default -> throw Ib3Exception.usage("option --by of du takes kind, db or table, not '" + by + "'",
                            "for example: du --by kind");
                };
                if (json) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("location", target.display());
                    doc.put("by", by);
                    doc.put("rows", grouped.records());
                    printer.json(ctx.outputWriter(), doc);
                } else {
                    printer.table(ctx.outputWriter(), grouped);
                }
                return;
            }
            Usage usage = new Usage();
            try (Stream<Entry> entries = target.store().list(target.key())) {
                entries.forEach(e -> usage.add(Keys.relativize(target.key(), e.key()), e.size()));
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("location", target.display());
                doc.put("objects", usage.total.objects);
                doc.put("bytes", usage.total.bytes);
                doc.put("children", usage.children.entrySet().stream().map(c -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", c.getKey());
                    row.put("objects", c.getValue().objects);
                    row.put("bytes", c.getValue().bytes);
                    return row;
                }).toList());
                printer.json(ctx.outputWriter(), doc);
                return;
            }
            Table.Builder table = Table.builder("", "SIZE", "OBJECTS", "PATH");
            usage.children.forEach((name, c) -> table.row(size(c.bytes, human), c.objects, name));
            table.row(size(usage.total.bytes, human), usage.total.objects, "total " + target.display());
            printer.table(ctx.outputWriter(), table.build());
        }
    }

    /** Bytes of text shown at most; bigger objects should be copied, not printed. */
    static final long MAX_TEXT = 16L * 1024 * 1024;
    /** Bytes shown by --hex. */
    static final int HEX_BYTES = 512;

    @Command(name = "cat", group = GROUP, completionProvider = "locationCompletion",
            description = "cat PATH: print an object (JSON pretty-printed; binary refused, or a hex dump with --hex)")
    public void cat(@Argument(index = 0, description = "object") String path,
                    @Option(longName = "hex", description = "hex dump of the first 512 bytes") boolean hex,
                    CommandContext ctx) throws IOException {
        if (path.isEmpty()) {
            throw Ib3Exception.usage("cat needs a PATH", "for example: cat src:/node0/snapshots/00000000000000000001.info.json");
        }
        try (Target target = session.locate(path)) {
            Entry e = existing(target);
            if (e.folder()) {
                throw Ib3Exception.usage("is a folder: " + target.display(), "list it with: ls " + target.display());
            }
            PrintWriter out = ctx.outputWriter();
            if (hex) {
                byte[] head;
                try (InputStream in = target.browse().open(target.key())) {
                    head = in.readNBytes(HEX_BYTES);
                }
                out.print(Text.hexDump(head));
                if (e.size() > head.length) {
                    out.println("... " + (e.size() - head.length) + " more bytes");
                }
                return;
            }
            if (e.size() > MAX_TEXT) {
                throw Ib3Exception.usage(target.display() + " is " + Sizes.human(e.size()) + ", too big to print",
                        "look at its start with: cat --hex " + target.display());
            }
            byte[] content;
            try (InputStream in = target.browse().open(target.key())) {
                content = in.readAllBytes();
            }
            Optional<String> text = Text.decode(content);
            if (text.isEmpty()) {
                throw Ib3Exception.usage("binary content: " + target.display() + " (" + e.size() + " bytes)",
                        "show its first " + HEX_BYTES + " bytes with: cat --hex " + target.display());
            }
            String shown = Text.prettyJson(printer.mapper(), text.get()).orElse(text.get());
            out.print(shown);
            if (!shown.endsWith("\n")) {
                out.println();
            }
        }
    }

    /** The entry at a target, or a usage error naming it. */
    private static Entry existing(Target target) {
        Store store = target.browse();
        return store.stat(target.key()).orElseThrow(() -> Ib3Exception.usage("no such object or folder: " + target.display(),
                "list the parent with: ls " + (target.key().isEmpty() ? target.display() : parentDisplay(target))));
    }

    private static String parentDisplay(Target target) {
        String d = target.display();
        int slash = d.lastIndexOf('/');
        return slash > 0 && d.charAt(slash - 1) != '/' && d.charAt(slash - 1) != ':' ? d.substring(0, slash) : d.substring(0, slash + 1);
    }

    private static Map<String, Object> entryJson(Entry e, String name) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("kind", e.folder() ? "folder" : "object");
        if (!e.folder()) {
            row.put("size", e.size());
        }
        if (e.lastModified() != null) {
            row.put("lastModified", e.lastModified().toString());
        }
        if (e.etag() != null) {
            row.put("etag", e.etag());
        }
        return row;
    }

    static String size(long bytes, boolean human) {
        return human ? Sizes.human(bytes) : Long.toString(bytes);
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** Objects and bytes. */
    static final class Count {
        long objects;
        long bytes;
    }

    /** Totals per immediate child folder; objects directly in the folder count under ".". */
    static final class Usage {
        final Map<String, Count> children = new java.util.TreeMap<>();
        final Count total = new Count();

        void add(String relativeKey, long size) {
            int slash = relativeKey.indexOf('/');
            String child = slash < 0 ? "." : relativeKey.substring(0, slash) + "/";
            Count c = children.computeIfAbsent(child, k -> new Count());
            c.objects++;
            c.bytes += size;
            total.objects++;
            total.bytes += size;
        }
    }

    /**
     * The folders of a listing down to a depth, with objects as leaves; what lies deeper is only
     * counted, so memory follows what is shown, not the size of the store.
     */
    static final class TreeNode {
        final Map<String, TreeNode> folders = new java.util.TreeMap<>();
        final Map<String, Long> objects = new java.util.TreeMap<>();
        long files;
        long bytes;
        long hiddenFiles;

        void add(String relativeKey, long size, int depth) {
            String[] parts = relativeKey.split("/");
            TreeNode node = this;
            node.files++;
            node.bytes += size;
            for (int i = 0; i < parts.length - 1; i++) {
                if (depth > 0 && i >= depth) {
                    node.hiddenFiles++;
                    return;
                }
                node = node.folders.computeIfAbsent(parts[i], k -> new TreeNode());
                node.files++;
                node.bytes += size;
            }
            if (depth > 0 && parts.length - 1 >= depth) {
                node.hiddenFiles++;
                return;
            }
            node.objects.put(parts[parts.length - 1], size);
        }

        long folderCount() {
            long n = folders.size();
            for (TreeNode f : folders.values()) {
                n += f.folderCount();
            }
            return n;
        }

        void print(PrintWriter out, String indent, boolean unicode, boolean human) {
            int total = folders.size() + objects.size() + (hiddenFiles > 0 ? 1 : 0);
            int i = 0;
            for (Map.Entry<String, TreeNode> f : folders.entrySet()) {
                boolean last = ++i == total;
                TreeNode child = f.getValue();
                out.println(indent + branch(last, unicode) + f.getKey() + "/  (" + child.files + " objects, " + size(child.bytes, human) + ")");
                child.print(out, indent + (last ? "    " : (unicode ? "│   " : "|   ")), unicode, human);
            }
            for (Map.Entry<String, Long> o : objects.entrySet()) {
                boolean last = ++i == total;
                out.println(indent + branch(last, unicode) + o.getKey() + "  " + size(o.getValue(), human));
            }
            if (hiddenFiles > 0) {
                out.println(indent + branch(true, unicode) + "... " + hiddenFiles + " objects deeper");
            }
        }

        private static String branch(boolean last, boolean unicode) {
            if (unicode) {
                return last ? "└── " : "├── ";
            }
            return last ? "`-- " : "|-- ";
        }
    }
}
