package io.ib3.layout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a key relative to a node or cluster prefix ({@code wal/00000000001.wal},
 * {@code catalog/v3/snapshot} …) into a {@link FileKind}, with the numbers its name encodes.
 * Patterns follow the server's path builders (influxdb3-layout.md §1.2). Parquet file stems are
 * not trusted to be {@code {wal_seq:010}}: the directory shape decides.
 */
public final class PathClassifier {

    private static final Pattern SNAPSHOT = Pattern.compile("snapshots/(\\d{20})\\.info\\.json");
    private static final Pattern WAL = Pattern.compile("wal/(\\d{11,20})\\.wal");
    private static final Pattern PARQUET = Pattern.compile("dbs/([^/]+)/([^/]+)/\\d{4}-\\d{2}-\\d{2}/\\d{2}-\\d{2}/[^/]+\\.parquet");
    private static final Pattern TABLE_SNAPSHOT = Pattern.compile("table-snapshots/(\\d+)/(\\d+)/(\\d{20})\\.info\\.json");
    private static final Pattern DB_INDEX = Pattern.compile("db-indices/(\\d+)/(\\d+)/.*");
    private static final Pattern CHECKPOINT = Pattern.compile("snapshot-checkpoints/\\d{4}-\\d{2}/(\\d{20})\\.checkpoint\\.json");
    private static final Pattern V3_LOG = Pattern.compile("catalog/v3/logs/(\\d{20})\\.catalog");
    private static final Pattern V2_LOG = Pattern.compile("catalog/v2/logs/(\\d{20})\\.catalog");
    private static final Pattern V1_LOG = Pattern.compile("catalogs/(\\d{20})\\.catalog");
    private static final Pattern NAME_ID_SEGMENT = Pattern.compile("(.+)-(\\d+)");

    private PathClassifier() {
    }

    /** The kind of a key relative to a node or cluster prefix. */
    public static FileKind kind(String path) {
        return classify(path).kind();
    }

    /** Classifies a key relative to a node or cluster prefix. Never throws for odd keys: UNKNOWN. */
    public static LayoutPath classify(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        // in-progress uploads of the file object store: "{dest}#{n}"
        if (name.indexOf('#') >= 0) {
            return LayoutPath.of(FileKind.STAGING, path);
        }
        if (path.startsWith("backups/")) {
            return LayoutPath.of(FileKind.BUILTIN_BACKUP, path);
        }
        if (name.endsWith(".pt")) {
            return LayoutPath.of(FileKind.PACHATREE, path);
        }
        // each pattern only where its folder says it can match: a listing classifies every key,
        // and most keys are Parquet files that would otherwise fail two patterns first
        Matcher m;
        if (path.startsWith("wal/") && (m = WAL.matcher(path)).matches()) {
            return LayoutPath.withSequence(FileKind.WAL, path, Long.parseUnsignedLong(m.group(1)));
        }
        if (path.startsWith("snapshots/") && (m = SNAPSHOT.matcher(path)).matches()) {
            return LayoutPath.withSequence(FileKind.SNAPSHOT, path, Seqs.fromInverted(m.group(1)));
        }
        if (path.startsWith("dbs/") && (m = PARQUET.matcher(path)).matches()) {
            return parquet(path, m.group(1), m.group(2));
        }
        if (path.startsWith("table-snapshots/")) {
            m = TABLE_SNAPSHOT.matcher(path);
            if (m.matches()) {
                return new LayoutPath(FileKind.TABLE_SNAPSHOT, path, Long.parseUnsignedLong(m.group(3)), true,
                        m.group(1), m.group(2), null, null);
            }
            return LayoutPath.of(FileKind.TABLE_SNAPSHOT, path);
        }
        if (path.startsWith("db-indices/")) {
            m = DB_INDEX.matcher(path);
            return m.matches()
                    ? new LayoutPath(FileKind.DB_INDEX, path, 0, false, m.group(1), m.group(2), null, null)
                    : LayoutPath.of(FileKind.DB_INDEX, path);
        }
        if (path.equals("table-index-conversion-completed")) {
            return LayoutPath.of(FileKind.CONVERSION_MARKER, path);
        }
        if (path.startsWith("snapshot-checkpoints/")) {
            m = CHECKPOINT.matcher(path);
            return m.matches()
                    ? LayoutPath.withSequence(FileKind.SNAPSHOT_CHECKPOINT, path, Seqs.fromInverted(m.group(1)))
                    : LayoutPath.of(FileKind.SNAPSHOT_CHECKPOINT, path);
        }
        if (path.equals("catalog/v3/snapshot")) {
            return LayoutPath.of(FileKind.CATALOG_V3_SNAPSHOT, path);
        }
        if ((m = V3_LOG.matcher(path)).matches()) {
            return LayoutPath.withSequence(FileKind.CATALOG_V3_LOG, path, Long.parseUnsignedLong(m.group(1)));
        }
        if (path.equals("catalog/v2/snapshot")) {
            return LayoutPath.of(FileKind.CATALOG_V2_SNAPSHOT, path);
        }
        if ((m = V2_LOG.matcher(path)).matches()) {
            return LayoutPath.withSequence(FileKind.CATALOG_V2_LOG, path, Long.parseUnsignedLong(m.group(1)));
        }
        if (path.equals("_catalog_checkpoint")) {
            return LayoutPath.of(FileKind.CATALOG_V1_CHECKPOINT, path);
        }
        if ((m = V1_LOG.matcher(path)).matches()) {
            return LayoutPath.withSequence(FileKind.CATALOG_V1_LOG, path, Long.parseUnsignedLong(m.group(1)));
        }
        if (path.startsWith("catalog/restores/")) {
            return LayoutPath.of(FileKind.CATALOG_RESTORE_STAGING, path);
        }
        if (path.startsWith("cs/")) {
            return LayoutPath.of(FileKind.COMPACTION_SUMMARY, path);
        }
        if (path.startsWith("cd/")) {
            return LayoutPath.of(FileKind.COMPACTION_DETAIL, path);
        }
        if (path.startsWith("c/")) {
            return LayoutPath.of(FileKind.GENERATION, path);
        }
        if (path.equals("enterprise")) {
            return LayoutPath.of(FileKind.ENTERPRISE_CONFIG, path);
        }
        if (path.equals("commercial_license") || path.equals("trial_or_home_license")) {
            return LayoutPath.of(FileKind.LICENSE, path);
        }
        return LayoutPath.of(FileKind.UNKNOWN, path);
    }

    private static LayoutPath parquet(String path, String dbSegment, String tableSegment) {
        String[] db = idAndName(dbSegment);
        String[] table = idAndName(tableSegment);
        return new LayoutPath(FileKind.PARQUET, path, 0, false, db[0], table[0], db[1], table[1]);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** "12" → {"12", null}; "my%2Edb-12" → {"12", "my.db"}; anything else → {segment, null}. */
    private static String[] idAndName(String segment) {
        if (allDigits(segment)) {
            return new String[] {segment, null};
        }
        Matcher m = NAME_ID_SEGMENT.matcher(segment);
        if (m.matches()) {
            return new String[] {m.group(2), decode(m.group(1))};
        }
        return new String[] {segment, null};
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
