package io.ib3.session;

import io.ib3.store.Entry;

import java.util.ArrayList;
import java.util.List;

/**
 * Completion of location arguments: mount names ({@code sr} → {@code src:/}), paths in mounted
 * stores ({@code src:/no} → {@code src:/node0/}), paths relative to the current folder, and
 * profiles after {@code @}. Lists only the one folder being completed, fresh each time (no cache:
 * a stale listing after a copy would be a bug).
 */
public final class LocationCompleter {

    /** Enough for a menu; a folder with more entries needs more typed letters first. */
    static final int MAX_CANDIDATES = 500;

    /**
     * A proposal.
     *
     * @param value    the whole word to put on the line
     * @param complete true when the word is finished (a file), false for a folder or mount that
     *                 the user will likely extend (no space is added after it)
     */
    public record Candidate(String value, boolean complete) {
    }

    private final Session session;

    public LocationCompleter(Session session) {
        this.session = session;
    }

    /** Proposals for a partly typed location; empty when there is nothing to propose or the store fails. */
    public List<Candidate> complete(String word) {
        String typed = word == null ? "" : word;
        try {
            if (typed.startsWith("@")) {
                return profiles("@", typed.substring(1));
            }
            List<Candidate> out = new ArrayList<>();
            int colon = typed.indexOf(':');
            if (colon > 0 && session.mount(typed.substring(0, colon)).isPresent() && !typed.startsWith("//", colon + 1)) {
                Mount mount = session.mount(typed.substring(0, colon)).get();
                String rest = typed.substring(colon + 1);
                String head = typed.substring(0, colon + 1) + (rest.startsWith("/") || rest.isEmpty() ? "/" : "");
                String path = rest.startsWith("/") ? rest.substring(1) : rest;
                children(mount, "", path, head, out);
                return out;
            }
            if (colon < 0 && !typed.contains("/")) {
                for (Mount m : session.mounts()) {
                    if (m.name().startsWith(typed)) {
                        out.add(new Candidate(m.name() + ":/", false));
                    }
                }
            }
            if (colon < 0) {
                session.currentMount().ifPresent(mount -> {
                    String base = typed.startsWith("/") ? "" : session.currentKey();
                    String path = typed.startsWith("/") ? typed.substring(1) : typed;
                    children(mount, base, path, typed.startsWith("/") ? "/" : "", out);
                });
            }
            return out;
        } catch (RuntimeException e) {
            // completion must never break the line being edited; a failing store just proposes nothing
            return List.of();
        }
    }

    /** Profile names starting with {@code prefix}, each preceded by {@code lead}. */
    public List<Candidate> profiles(String lead, String prefix) {
        try {
            return session.profiles().names().stream()
                    .filter(n -> n.startsWith(prefix))
                    .map(n -> new Candidate(lead + n, true))
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Mount names starting with {@code prefix}. */
    public List<Candidate> mountNames(String prefix) {
        return session.mounts().stream()
                .filter(m -> m.name().startsWith(prefix == null ? "" : prefix))
                .map(m -> new Candidate(m.name(), true))
                .toList();
    }

    /**
     * Lists the folder of {@code path} (the part up to its last '/') below {@code base} in a
     * mount, proposing {@code head + path-so-far + child}.
     */
    private static void children(Mount mount, String base, String path, String head, List<Candidate> out) {
        int slash = path.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : path.substring(0, slash + 1);
        String namePrefix = slash < 0 ? path : path.substring(slash + 1);
        String folder = Session.normalizeDots(base, dirPart);
        for (Entry e : mount.browse().children(folder)) {
            if (out.size() >= MAX_CANDIDATES) {
                return;
            }
            if (e.name().startsWith(namePrefix)) {
                out.add(new Candidate(head + dirPart + e.name() + (e.folder() ? "/" : ""), !e.folder()));
            }
        }
    }
}
