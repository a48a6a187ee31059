package io.ib3.shell;

import io.ib3.error.Ib3Exception;
import io.ib3.profile.Credentials;
import io.ib3.profile.NamedProfile;
import io.ib3.layout.Product;
import io.ib3.profile.Profile;
import io.ib3.profile.Profiles;
import io.ib3.report.Table;
import io.ib3.session.Mount;
import io.ib3.session.Session;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Named profiles: {@code profile list|show|use|save|delete}. Nothing here ever prints a secret: profiles hold references only. */
public class ProfileCommands {

    static final String GROUP = "Profiles";

    private final Session session;
    private final Profiles profiles;
    private final Printer printer;
    private final ConsoleMode mode;

    public ProfileCommands(Session session, Printer printer, ConsoleMode mode) {
        this.session = session;
        this.profiles = session.profiles();
        this.printer = printer;
        this.mode = mode;
    }

    @Command(name = {"profile", "list"}, group = GROUP, description = "list the profiles and the folder each comes from")
    public void profileList(@Option(longName = "json", description = "print JSON") boolean json, CommandContext ctx) {
        List<Profiles.Listed> listed = profiles.list();
        if (json) {
            List<Map<String, Object>> rows = listed.stream().map(l -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", l.name());
                row.put("file", l.file().toString());
                row.put("folder", l.folder());
                row.put("shadowedBy", l.shadowedBy());
                return row;
            }).toList();
            printer.json(ctx.outputWriter(), Map.of("profiles", rows));
            return;
        }
        String title = listed.isEmpty() ? "no profiles; searched " + String.join(", ",
                profiles.searchPath().stream().map(f -> f.dir().toString()).toList()) : "";
        Table.Builder table = Table.builder(title, "NAME", "PRODUCT", "LOCATION", "FROM");
        for (Profiles.Listed l : listed) {
            if (l.shadowedBy() != null) {
                table.row(l.name(), "", "(hidden by the one in " + l.shadowedBy() + ")", l.file());
                continue;
            }
            String product;
            String location;
            try {
                Profile p = profiles.load(l.name()).profile();
                product = p.product().label();
                location = p.location();
            } catch (Ib3Exception e) {
                product = "";
                location = "invalid: " + e.getMessage();
            }
            table.row(l.name(), product, location, l.file());
        }
        printer.table(ctx.outputWriter(), table.build());
    }

    @Command(name = {"profile", "show"}, group = GROUP, completionProvider = "profileCompletion",
            description = "profile show NAME: a profile's settings (secrets appear as references)")
    public void profileShow(@Argument(index = 0, description = "profile name") String name,
                            @Option(longName = "json", description = "print JSON") boolean json,
                            CommandContext ctx) {
        NamedProfile named = profiles.load(requireName(name, "show"));
        Profile p = named.profile();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", named.name());
            doc.put("file", named.file().toString());
            doc.put("profile", p);
            doc.put("warnings", named.warnings());
            printer.json(ctx.outputWriter(), doc);
            return;
        }
        PrintWriter out = ctx.outputWriter();
        named.warnings().forEach(w -> out.println("warning: " + w));
        out.println("name:         " + named.name());
        out.println("file:         " + named.file());
        out.println("product:      " + p.product().label());
        out.println("location:     " + p.location());
        p.options().forEach((k, v) -> out.println("option:       " + k + "=" + v));
        printIf(out, "nodeId:       ", p.nodeId());
        printIf(out, "clusterId:    ", p.clusterId());
        if (!p.nodes().isEmpty()) {
            out.println("nodes:        " + String.join(", ", p.nodes()));
        }
        printIf(out, "compactor:    ", p.compactor());
        printIf(out, "backupTarget: ", p.backupTarget());
        out.println("credentials:  " + (p.credentials() == null ? "the store's default chain" : p.credentials().describe()));
    }

    @Command(name = {"profile", "use"}, group = GROUP, completionProvider = "profileCompletion",
            description = "profile use NAME: mount the profile's store as NAME:/ and go there")
    public void profileUse(@Argument(index = 0, description = "profile name") String name, CommandContext ctx) {
        Mount mount = session.use(requireName(name, "use"));
        ctx.outputWriter().println("mounted " + mount.name() + ":/ -> " + mount.location() + " (profile " + name + ")");
    }

    @Command(name = {"profile", "save"}, group = GROUP,
            description = "profile save NAME --location URI: write a profile (mode 600) to ./profiles or, with --global, ~/.config/ib3/profiles")
    public void profileSave(@Argument(index = 0, description = "profile name") String name,
                            @Option(longName = "location", required = true, description = "store URI of the data root") String location,
                            @Option(longName = "product", description = "core or enterprise", defaultValue = "core") String product,
                            @Option(longName = "node-id", description = "Core node id") String nodeId,
                            @Option(longName = "cluster-id", description = "Enterprise cluster id") String clusterId,
                            @Option(longName = "option", description = "store option KEY=VALUE (repeat for more)") String[] option,
                            @Option(longName = "env", description = "credential FIELD=ENV_VAR reference (repeat for more)") String[] env,
                            @Option(longName = "aws-profile", description = "credentials from this AWS profile") String awsProfile,
                            @Option(longName = "credentials-command", description = "credentials printed by this command") String credentialsCommand,
                            @Option(longName = "backup-target", description = "default backup destination") String backupTarget,
                            @Option(longName = "global", description = "save in ~/.config/ib3/profiles") boolean global,
                            @Option(longName = "force", description = "replace an existing profile") boolean force,
                            CommandContext ctx) {
        requireName(name, "save");
        // Spring Shell binds only the first --option/--env to the parameters; all of them come from the context
        Map<String, String> options = pairs(ShellOptions.all(ctx, "option"), "--option");
        Map<String, String> envRefs = pairs(ShellOptions.all(ctx, "env"), "--env");
        Credentials credentials = null;
        if (!envRefs.isEmpty() || awsProfile != null || credentialsCommand != null) {
            credentials = new Credentials(envRefs, awsProfile, credentialsCommand);
        }
        Profile profile = new Profile(Product.parseProfile(product), location, options, nodeId, clusterId, null, null, backupTarget, credentials);
        Path file = profiles.save(name, profile, global, force);
        ctx.outputWriter().println("saved profile " + name + " to " + file);
    }

    @Command(name = {"profile", "delete"}, group = GROUP, completionProvider = "profileCompletion",
            description = "profile delete NAME: remove a profile file (asks first; --yes in scripts)")
    public void profileDelete(@Argument(index = 0, description = "profile name") String name,
                              @Option(longName = "yes", description = "do not ask") boolean yes,
                              CommandContext ctx) throws Exception {
        requireName(name, "delete");
        Path file = profiles.find(name).orElseThrow(() -> Ib3Exception.usage("no profile named '" + name + "'", "see them with: profile list"));
        if (!yes) {
            if (!mode.interactive()) {
                throw Ib3Exception.refused("profile delete " + name + " needs --yes outside the interactive console",
                        "run: profile delete " + name + " --yes");
            }
            String answer = ctx.inputReader().readInput("delete profile " + name + " (" + file + ")? [y/N] ");
            if (answer == null || !answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
                ctx.outputWriter().println("kept " + file);
                return;
            }
        }
        ctx.outputWriter().println("deleted profile " + name + " (" + profiles.delete(name) + ")");
    }

    private static String requireName(String name, String verb) {
        if (name == null || name.isEmpty()) {
            throw Ib3Exception.usage("profile " + verb + " needs a profile NAME", "see them with: profile list");
        }
        return Profiles.requireName(name);
    }

    private static Map<String, String> pairs(List<String> values, String option) {
        Map<String, String> out = new TreeMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw Ib3Exception.usage(option + " needs KEY=VALUE, not '" + v + "'");
            }
            out.put(v.substring(0, eq).strip(), v.substring(eq + 1).strip());
        }
        return out;
    }

    private static void printIf(PrintWriter out, String label, String value) {
        if (value != null && !value.isEmpty()) {
            out.println(label + value);
        }
    }
}
