package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.manifest.ManifestEntry;
import io.ib3.store.Keys;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run did.
 *
 * @param items           objects in the target, in plan order (phase by phase)
 * @param failures        objects that failed the run; empty on success
 * @param missing         source objects that had vanished, in phases that tolerate it
 * @param phasesCompleted names of the phases that finished completely, in order
 * @param phasesPlanned   number of phases in the plan
 * @param cancelled       true when the run was cancelled (token or thread interrupt)
 */
public record ExecResult(List<ItemResult> items, List<ItemFailure> failures, List<ItemFailure> missing,
                         List<String> phasesCompleted, int phasesPlanned, boolean cancelled) {

    public ExecResult {
        items = List.copyOf(items);
        failures = List.copyOf(failures);
        missing = List.copyOf(missing);
        phasesCompleted = List.copyOf(phasesCompleted);
    }

    /** True when every phase completed and nothing failed; only then may the caller write a manifest. */
    public boolean ok() {
        return failures.isEmpty() && !cancelled && phasesCompleted.size() == phasesPlanned;
    }

    public long files() {
        return items.size();
    }

    public long bytes() {
        return items.stream().mapToLong(ItemResult::size).sum();
    }

    /** Bytes that went through ib3 (zero for a run made only of server-side copies and skips). */
    public long clientBytes() {
        return items.stream().mapToLong(ItemResult::clientBytes).sum();
    }

    /** Bytes read back from the target to checksum server-side copies (see {@link ItemResult#readBackBytes}). */
    public long readBackBytes() {
        return items.stream().mapToLong(ItemResult::readBackBytes).sum();
    }

    public long count(CopyMethod method) {
        return items.stream().filter(i -> i.method() == method).count();
    }

    /** Objects whose CRC32C is not known (server-side copies without a native checksum). */
    public long notChecksummed() {
        return items.stream().filter(i -> i.crc32c() == null).count();
    }

    /** The manifest entries of the copied objects, in plan order. */
    public List<ManifestEntry> manifestEntries() {
        List<ManifestEntry> out = new ArrayList<>(items.size());
        for (ItemResult i : items) {
            out.add(new ManifestEntry(i.key(), i.phase(), i.size(), i.crc32c()));
        }
        return out;
    }

    /**
     * The error to end the command with when {@link #ok()} is false: exit 1, naming the first failed
     * key and how many others failed.
     */
    public Ib3Exception toException(String operation) {
        if (cancelled && failures.stream().allMatch(f -> f.kind() == ItemFailure.Kind.CANCELLED)) {
            return new Ib3Exception(ExitCode.FAILED, operation + " cancelled after " + items.size() + " objects",
                    "run the same command again: objects already copied are kept and skipped");
        }
        if (failures.isEmpty()) {
            return new Ib3Exception(ExitCode.FAILED, operation + " stopped after " + phasesCompleted.size()
                    + " of " + phasesPlanned + " phases");
        }
        ItemFailure first = failures.get(0);
        String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "";
        String at = first.sourceKey().isEmpty() ? "" : " at " + Keys.printable(first.sourceKey());
        return new Ib3Exception(ExitCode.FAILED, operation + " failed" + at + more + ": " + first.message(),
                "run the same command again: objects already copied are kept and skipped");
    }
}
