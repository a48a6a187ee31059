package io.ib3.exec;

import java.util.List;
import java.util.Objects;

/**
 * A step of a plan as the executor sees it: items that may be copied in parallel with each other,
 * but only after every item of the previous phase succeeded. The barrier between phases is what
 * keeps the documented copy order (snapshots, Parquet, WAL, catalog).
 *
 * @param name            shown in progress and recorded in the manifest
 * @param items           copied in any order, in parallel
 * @param tolerateMissing when true a source object that no longer exists is recorded in
 *                        {@link ExecResult#missing()} and the run goes on (a WAL file the server
 *                        deleted after a snapshot is an expected race); when false it fails the run
 * @param alwaysCopy      when true the journal of an interrupted run is ignored for this phase:
 *                        for objects the server overwrites in place (the catalog checkpoint), where
 *                        an equal size does not mean equal content; an item without an expected
 *                        checksum whose source changed size since planning is taken at its new size
 */
public record CopyPhase(String name, List<CopyItem> items, boolean tolerateMissing, boolean alwaysCopy) {

    public CopyPhase {
        Objects.requireNonNull(name, "name");
        items = List.copyOf(items);
    }

    public CopyPhase(String name, List<CopyItem> items) {
        this(name, items, false, false);
    }

    public CopyPhase(String name, List<CopyItem> items, boolean tolerateMissing) {
        this(name, items, tolerateMissing, false);
    }

    public long bytes() {
        return items.stream().mapToLong(CopyItem::size).sum();
    }
}
