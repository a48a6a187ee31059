package io.ib3.plan;

import java.util.Locale;

/**
 * What a step of a plan copies. Backups copy steps in the documented order (see
 * {@link BackupPlanner}), restores in the reverse order; the label is what plans, manifests and
 * progress show ({@code wal}, {@code catalog-checkpoint}).
 */
public enum Phase {
    /** table-snapshots, db-indices, the conversion marker, snapshot-checkpoints: rebuilt by the server. */
    DERIVED(true),
    SNAPSHOTS(false),
    /** Parquet files. */
    DBS(false),
    WAL(false),
    /** Files of a node or cluster the layout does not know. */
    OTHER(false),
    /** A catalog without a live generation to tell logs from checkpoint. */
    CATALOG(true),
    /** The live catalog generation's logs. */
    CATALOG_LOGS(false),
    /** Older catalog generations left by upgrades. */
    CATALOG_STALE(false),
    /** The live catalog's checkpoint: overwritten in place by the server. */
    CATALOG_CHECKPOINT(true),
    /** A Core catalog left in a node after promotion to Enterprise. */
    CATALOG_LEFTOVER(false),
    COMPACTOR_CS(false),
    COMPACTOR_CD(false),
    COMPACTOR_C(false),
    /** The Enterprise configuration file. */
    ENTERPRISE(true),
    LICENCE(true),
    /** Objects of a quarantine that the layout does not place. */
    UNPLACED(false);

    private final boolean mutable;

    Phase(boolean mutable) {
        this.mutable = mutable;
    }

    /**
     * The server overwrites these objects in place: an equal size does not mean equal content, so
     * a journal never vouches for them and an incremental backup always copies them.
     */
    public boolean mutable() {
        return mutable;
    }

    /** {@code catalog-checkpoint}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The phase with this label. */
    public static Phase parse(String label) {
        for (Phase p : values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + label + "'");
    }

    /**
     * The phase a manifest entry records ({@code "wal node0"}: phase label, a space, the node or
     * cluster id), or {@code null} when it names no known phase.
     */
    public static Phase ofEntry(String entryPhase) {
        int space = entryPhase.indexOf(' ');
        try {
            return parse(space < 0 ? entryPhase : entryPhase.substring(0, space));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** How a manifest entry names its step: {@code "wal node0"}. */
    public String of(String node) {
        return node == null || node.isEmpty() ? label() : label() + " " + node;
    }
}
