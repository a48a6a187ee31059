package io.ib3.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of {@code verify}: the store-level checks of {@link ManifestVerifier}, plus any checks
 * added on top ({@link #withCheck}: the layout-aware ones). {@link #ok()} is false as soon as there is
 * one problem; warnings never fail a verify.
 *
 * @param location       the backup
 * @param entries        objects the manifest lists
 * @param present        of those, found in the listing with the right size
 * @param bytes          bytes of the present objects
 * @param deep           true when every object was also read (or its native checksum compared)
 * @param deepChecked    objects whose checksum was compared
 * @param noChecksum     objects read in a deep verify whose manifest entry has no CRC32C to compare
 * @param checks         named checks in the order they ran
 * @param problems       what is wrong, by path (sorted)
 * @param warnings       what is odd but harmless, by path (sorted)
 * @param sourceProblems what the backup faithfully holds but its source already lacked (referenced
 *                       Parquet files absent when it was backed up) and nobody accepted: not damage
 *                       of the backup, yet not a good backup either (exit 5)
 */
public record VerifyReport(String location, long entries, long present, long bytes, boolean deep, long deepChecked,
                           long noChecksum, List<Check> checks, List<Problem> problems, List<Problem> warnings,
                           List<Problem> sourceProblems) {

    /** One finding; {@code path} is the key inside the backup. */
    public record Problem(String path, String problem) {
    }

    /** One named check and how many problems it found. */
    public record Check(String name, boolean ok, String detail) {
    }

    private static final Comparator<Problem> BY_PATH = Comparator.comparing(Problem::path).thenComparing(Problem::problem);

    public VerifyReport(String location, long entries, long present, long bytes, boolean deep, long deepChecked,
                        long noChecksum, List<Check> checks, List<Problem> problems, List<Problem> warnings) {
        this(location, entries, present, bytes, deep, deepChecked, noChecksum, checks, problems, warnings, List.of());
    }

    public VerifyReport {
        sourceProblems = sourceProblems.stream().sorted(BY_PATH).toList();
        checks = List.copyOf(checks);
        problems = problems.stream().sorted(BY_PATH).toList();
        warnings = warnings.stream().sorted(BY_PATH).toList();
    }

    /** Nothing wrong with the backup, and nothing missing from its source that was not accepted. */
    public boolean ok() {
        return problems.isEmpty() && sourceProblems.isEmpty();
    }

    /** The exit code of a verify with this result: 3 for damage, 5 for a source that lacked data, else 0. */
    public io.ib3.error.ExitCode exitCode() {
        return !problems.isEmpty() ? io.ib3.error.ExitCode.VERIFY_FAILED
                : !sourceProblems.isEmpty() ? io.ib3.error.ExitCode.SOURCE_INCOMPLETE : io.ib3.error.ExitCode.OK;
    }

    /** This report plus one more named check and what it found. */
    public VerifyReport withCheck(String name, String detail, List<Problem> moreProblems, List<Problem> moreWarnings) {
        List<Check> c = new ArrayList<>(checks);
        c.add(new Check(name, moreProblems.isEmpty(), detail));
        List<Problem> p = new ArrayList<>(problems);
        p.addAll(moreProblems);
        List<Problem> w = new ArrayList<>(warnings);
        w.addAll(moreWarnings);
        return new VerifyReport(location, entries, present, bytes, deep, deepChecked, noChecksum, c, p, w, sourceProblems);
    }

    /** This report plus a check of what the source lacked: each file a source problem, or (accepted) a warning. */
    public VerifyReport withSourceCheck(String detail, boolean ok, List<Problem> source, List<Problem> moreWarnings) {
        List<Check> c = new ArrayList<>(checks);
        c.add(new Check("source", ok, detail));
        List<Problem> w = new ArrayList<>(warnings);
        w.addAll(moreWarnings);
        List<Problem> sp = new ArrayList<>(sourceProblems);
        sp.addAll(source);
        return new VerifyReport(location, entries, present, bytes, deep, deepChecked, noChecksum, c, problems, w, sp);
    }

    /**
     * The {@code verify --json} document: {@code ok}, {@code recoveryPoint} (from the manifest, when
     * given), {@code problems} [{path, problem}], {@code warnings}, {@code checks}, {@code checked}.
     */
    public ObjectNode toJson(Manifest manifest) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("ok", ok());
        root.put("backup", location);
        ArrayNode rps = root.putArray("recoveryPoint");
        if (manifest != null) {
            for (RecoveryPoint rp : manifest.recoveryPoint()) {
                rps.add(BackupCatalog.recoveryPointJson(rp));
            }
        }
        ArrayNode ps = root.putArray("problems");
        problems.forEach(p -> ps.addObject().put("path", p.path()).put("problem", p.problem()));
        ArrayNode sps = root.putArray("sourceProblems");
        sourceProblems.forEach(p -> sps.addObject().put("path", p.path()).put("problem", p.problem()));
        ArrayNode ws = root.putArray("warnings");
        warnings.forEach(p -> ws.addObject().put("path", p.path()).put("problem", p.problem()));
        ArrayNode cs = root.putArray("checks");
        checks.forEach(c -> cs.addObject().put("name", c.name()).put("ok", c.ok()).put("detail", c.detail()));
        ObjectNode checked = root.putObject("checked");
        checked.put("entries", entries);
        checked.put("present", present);
        checked.put("bytes", bytes);
        checked.put("deep", deep);
        checked.put("checksumsCompared", deepChecked);
        checked.put("withoutChecksum", noChecksum);
        return root;
    }
}
