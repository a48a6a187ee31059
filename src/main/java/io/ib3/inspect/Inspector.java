package io.ib3.inspect;

import io.ib3.layout.Product;
import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection.BuiltinBackup;
import io.ib3.inspect.Inspection.CatalogInfo;
import io.ib3.inspect.Inspection.Counter;
import io.ib3.inspect.Inspection.DatabaseUsage;
import io.ib3.inspect.Inspection.NodeInfo;
import io.ib3.inspect.Inspection.ParquetSummary;
import io.ib3.inspect.Inspection.RecoveryPoint;
import io.ib3.inspect.Inspection.SeqSummary;
import io.ib3.inspect.Inspection.SnapshotSummary;
import io.ib3.inspect.Inspection.StaleCatalog;
import io.ib3.inspect.Inspection.TableUsage;
import io.ib3.inspect.Inspection.WalSummary;
import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.CatalogNames;
import io.ib3.layout.CatalogV3Header;
import io.ib3.layout.FileKind;
import io.ib3.layout.FramedCatalogFile;
import io.ib3.layout.LayoutPath;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.Seqs;
import io.ib3.layout.SnapshotFile;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Describes an InfluxDB 3 tree: one streaming pass over the listing, keeping counters and
 * sequence numbers only, then reads of the few objects that matter (each node's newest snapshot,
 * the catalog snapshot and newest log headers). Problems in what it reads become warnings, so a
 * damaged tree can still be inspected.
 */
public final class Inspector {

    private static final int SAMPLE = 10;
    private static final int GAP_LIMIT = 20;

    private Inspector() {
    }

    public static Inspection inspect(Store store, String rootPrefix) {
        return inspect(store, rootPrefix, shape -> (e, owner, path) -> { });
    }

    /**
     * As {@link #inspect(Store, String)}, and hands every entry of its listing pass to the consumer
     * {@code alsoListing} makes for the tree's shape: a caller that needs the listing too (a scan,
     * verify) reads it once. On an object store a listing costs a request per 1,000 objects.
     */
    public static Inspection inspect(Store store, String rootPrefix, Function<RootShape, Observer> alsoListing) {
        return inspect(store, rootPrefix, null, alsoListing);
    }

    /**
     * Sees every entry of the listing pass with what the pass made of it: the owner and the
     * classified path, or {@code null} for both when the entry is a folder, one of ib3's own files
     * or a loose file at the root. A scan then classifies each key once, not twice.
     */
    @FunctionalInterface
    public interface Observer {
        void accept(Entry entry, String owner, LayoutPath path);
    }

    /**
     * As above; {@code ownerHint} names the node when the prefix is a node directory without its
     * folder (see {@link RootShape#of(Store, String, String)}), {@code null} to find out.
     */
    public static Inspection inspect(Store store, String rootPrefix, String ownerHint,
                                     Function<RootShape, Observer> alsoListing) {
        RootShape shape = RootShape.of(store, rootPrefix, ownerHint);
        Listing listing = new Listing(shape, alsoListing.apply(shape));
        try (Stream<Entry> entries = store.list(shape.root())) {
            entries.forEach(listing::add);
        }
        return new Assembler(store, shape, listing).assemble();
    }

    /** Per-owner counters built during the listing pass. */
    static final class Owner {
        final String id;
        final String prefix;
        final Map<FileKind, long[]> byKind = new EnumMap<>(FileKind.class);
        final SequenceList wal = new SequenceList();
        final SequenceList snapshots = new SequenceList();
        final Map<CatalogGeneration, SequenceList> catalogLogs = new EnumMap<>(CatalogGeneration.class);
        /** "db\ttable" → {files, bytes}; names from 3.0–3.5 paths kept beside. */
        final Map<String, long[]> parquet = new TreeMap<>();
        final Map<String, String> pathNames = new TreeMap<>();
        final Map<String, long[]> backups = new TreeMap<>();
        final List<String> unknownSample = new ArrayList<>();
        final List<String> stagingSample = new ArrayList<>();
        final List<String> derivedSample = new ArrayList<>();
        final List<String> licences = new ArrayList<>();
        final List<String> enterpriseFiles = new ArrayList<>();

        Owner(String id, String prefix) {
            this.id = id;
            this.prefix = prefix;
        }

        long files(FileKind k) {
            long[] c = byKind.get(k);
            return c == null ? 0 : c[0];
        }

        long bytes(FileKind k) {
            long[] c = byKind.get(k);
            return c == null ? 0 : c[1];
        }

        long files(java.util.function.Predicate<FileKind> p) {
            long n = 0;
            for (Map.Entry<FileKind, long[]> e : byKind.entrySet()) {
                if (p.test(e.getKey())) {
                    n += e.getValue()[0];
                }
            }
            return n;
        }

        long bytes(java.util.function.Predicate<FileKind> p) {
            long n = 0;
            for (Map.Entry<FileKind, long[]> e : byKind.entrySet()) {
                if (p.test(e.getKey())) {
                    n += e.getValue()[1];
                }
            }
            return n;
        }

        boolean hasNodeData() {
            return files(FileKind::isNodeData) > 0;
        }

        boolean hasCompactor() {
            return files(FileKind::isCompactor) > 0;
        }

        boolean hasCatalog() {
            return files(FileKind::isCatalog) > 0;
        }

        boolean isClusterish() {
            return files(FileKind.ENTERPRISE_CONFIG) + files(FileKind.LICENSE) + files(FileKind.BUILTIN_BACKUP) > 0;
        }

        boolean onlyUnknown() {
            return files(k -> k != FileKind.UNKNOWN && k != FileKind.STAGING) == 0;
        }

        CatalogGeneration liveGeneration() {
            CatalogGeneration live = null;
            for (CatalogGeneration g : CatalogGeneration.values()) {
                if (files(k -> k.generation() == g) > 0) {
                    live = g;
                }
            }
            return live;
        }
    }

    /** The streaming pass. */
    static final class Listing {
        final RootShape shape;
        final Map<String, Owner> owners = new TreeMap<>();
        long files;
        long bytes;
        long looseFiles;
        long ownFiles;
        long looseBytes;
        final List<String> looseSample = new ArrayList<>();
        private final Observer observer;

        Listing(RootShape shape, Observer observer) {
            this.shape = shape;
            this.observer = observer;
        }

        void add(Entry e) {
            if (e.folder()) {
                observer.accept(e, null, null);
                return;
            }
            String rel = Keys.relativize(shape.root(), e.key());
            if (rel.startsWith("ib3-")) {
                // ib3's own manifest, journals and quarantines: never part of the tree
                ownFiles++;
                observer.accept(e, null, null);
                return;
            }
            files++;
            bytes += e.size();
            String[] split = shape.split(rel);
            if (split == null) {
                looseFiles++;
                looseBytes += e.size();
                sample(looseSample, e.key());
                observer.accept(e, null, null);
                return;
            }
            Owner o = owners.computeIfAbsent(split[0], id -> new Owner(id, shape.ownerPrefix(id)));
            LayoutPath p = PathClassifier.classify(split[1]);
            observer.accept(e, o.id, p);
            long[] c = o.byKind.computeIfAbsent(p.kind(), k -> new long[2]);
            c[0]++;
            c[1] += e.size();
            switch (p.kind()) {
                case WAL -> o.wal.add(p.sequence());
                case SNAPSHOT -> o.snapshots.add(p.sequence());
                case CATALOG_V1_LOG, CATALOG_V2_LOG, CATALOG_V3_LOG ->
                        o.catalogLogs.computeIfAbsent(p.kind().generation(), g -> new SequenceList()).add(p.sequence());
                case PARQUET -> {
                    String k = p.database() + "\t" + p.table();
                    long[] t = o.parquet.computeIfAbsent(k, x -> new long[2]);
                    t[0]++;
                    t[1] += e.size();
                    if (p.databaseName() != null) {
                        o.pathNames.putIfAbsent(p.database(), p.databaseName());
                        o.pathNames.putIfAbsent(k, p.tableName());
                    }
                }
                case BUILTIN_BACKUP -> {
                    String rest = split[1].substring("backups/".length());
                    int slash = rest.indexOf('/');
                    long[] b = o.backups.computeIfAbsent(slash < 0 ? rest : rest.substring(0, slash), x -> new long[2]);
                    b[0]++;
                    b[1] += e.size();
                }
                case UNKNOWN -> sample(o.unknownSample, e.key());
                case STAGING -> sample(o.stagingSample, e.key());
                case LICENSE -> o.licences.add(e.key());
                case ENTERPRISE_CONFIG -> o.enterpriseFiles.add(e.key());
                default -> {
                    if (p.kind().isDerived()) {
                        sample(o.derivedSample, e.key());
                    }
                }
            }
        }

        private static void sample(List<String> list, String key) {
            if (list.size() < SAMPLE) {
                list.add(key);
            }
        }
    }

    /** Turns the counters into an {@link Inspection}, reading the few objects needed. */
    static final class Assembler {
        private final Store store;
        private final RootShape shape;
        private final Listing listing;
        private final List<String> warnings = new ArrayList<>();

        Assembler(Store store, RootShape shape, Listing listing) {
            this.store = store;
            this.shape = shape;
            this.listing = listing;
        }

        Inspection assemble() {
            List<Owner> clusterOwners = new ArrayList<>();
            boolean catalogLessNodes = listing.owners.values().stream().anyMatch(o -> (o.hasNodeData() || o.hasCompactor()) && !o.hasCatalog());
            for (Owner o : listing.owners.values()) {
                boolean catalogOnly = o.hasCatalog() && !o.hasNodeData() && !o.hasCompactor();
                if (o.isClusterish() || (catalogOnly && catalogLessNodes)) {
                    clusterOwners.add(o);
                }
            }
            boolean enterprise = !clusterOwners.isEmpty();
            Owner cluster = enterprise ? clusterOwners.get(0) : null;
            if (clusterOwners.size() > 1) {
                warnings.add("several cluster directories under one root (" + String.join(", ", clusterOwners.stream().map(o -> o.id).toList())
                        + "); inspecting " + cluster.id);
            }
            if (shape.pointedAtOwner() && shape.root().isEmpty()) {
                warnings.add("'" + displayRoot() + "' holds the files of " + shape.ownerId()
                        + " directly, without a node folder (as the documented Core copy script writes a backup); "
                        + ("snapshots".equals(shape.ownerSource()) ? "node id " + shape.ownerId() + " from its snapshots"
                        : "given".equals(shape.ownerSource()) ? "node id " + shape.ownerId() + " as given"
                        : "no snapshot names the node: id taken from the folder name; give --node-id if it differs"));
            } else if (shape.pointedAtOwner()) {
                warnings.add("'" + displayRoot() + "' is a node or cluster directory, not a data root: the data root is its parent '"
                        + (shape.dataRoot().isEmpty() ? "/" : shape.dataRoot()) + "'");
            }

            CatalogInfo clusterCatalog = cluster == null ? null : catalog(cluster, false);
            CatalogNames clusterNames = clusterCatalog == null ? CatalogNames.empty() : clusterCatalog.names();
            if (cluster != null && clusterCatalog == null) {
                warnings.add("cluster " + cluster.id + " has no catalog");
            }

            List<NodeInfo> nodes = new ArrayList<>();
            long unknownFiles = listing.looseFiles;
            long unknownBytes = listing.looseBytes;
            List<String> unknownSample = new ArrayList<>(listing.looseSample);
            for (Owner o : listing.owners.values()) {
                if (clusterOwners.contains(o)) {
                    continue;
                }
                if (o.onlyUnknown()) {
                    unknownFiles += o.files(k -> true);
                    unknownBytes += o.bytes(k -> true);
                    for (String s : o.unknownSample) {
                        if (unknownSample.size() < SAMPLE) {
                            unknownSample.add(s);
                        }
                    }
                    continue;
                }
                nodes.add(node(o, enterprise, clusterCatalog, clusterNames));
            }
            if (listing.ownFiles > 0) {
                warnings.add(listing.ownFiles + " object(s) of ib3 itself (ib3-…: manifest, journal, quarantine) are not part of the tree");
            }
            if (unknownFiles > 0) {
                warnings.add(unknownFiles + " object(s) outside any node or cluster directory, e.g. " + unknownSample.get(0));
            }

            List<String> licences = new ArrayList<>();
            List<String> enterpriseFiles = new ArrayList<>();
            List<BuiltinBackup> backups = new ArrayList<>();
            long pacha = 0;
            for (Owner o : listing.owners.values()) {
                licences.addAll(o.licences);
                enterpriseFiles.addAll(o.enterpriseFiles);
                o.backups.forEach((name, c) -> backups.add(new BuiltinBackup(name, Keys.join(o.prefix, "backups", name), c[0], c[1])));
                pacha += o.files(FileKind.PACHATREE);
            }
            String engine = pacha > 0 ? "pachatree" : "parquet";
            if (pacha > 0) {
                warnings.add(pacha + " PachaTree object(s) (*.pt): the upgraded storage engine is not supported by file copy;"
                        + " use the server's built-in backup");
            }
            if (nodes.isEmpty() && cluster == null) {
                warnings.add("no InfluxDB 3 node or cluster found under '" + displayRoot() + "'");
            }
            Product kind = enterprise ? Product.ENTERPRISE : nodes.isEmpty() ? Product.NONE : Product.CORE;
            CatalogInfo primary = clusterCatalog;
            if (!enterprise) {
                primary = nodes.stream().map(NodeInfo::catalog).filter(c -> c != null).findFirst().orElse(null);
            }
            return new Inspection(store.location(), shape.root(), kind, cluster == null ? null : cluster.id,
                    shape.pointedAtOwner() ? (cluster != null && nodes.isEmpty() ? "cluster" : "node") : null, shape,
                    primary, List.copyOf(nodes), engine, List.copyOf(licences), List.copyOf(enterpriseFiles), List.copyOf(backups),
                    new Counter(unknownFiles, unknownBytes, List.copyOf(unknownSample)), listing.files, listing.bytes, List.copyOf(warnings));
        }

        private String displayRoot() {
            return shape.root().isEmpty() ? store.location() : shape.root();
        }

        // ------------------------------------------------------------ nodes

        private NodeInfo node(Owner o, boolean enterprise, CatalogInfo clusterCatalog, CatalogNames clusterNames) {
            String role = o.hasCompactor() ? "compactor" : enterprise ? "ingest/query" : "core";
            CatalogInfo own = o.hasCatalog() ? catalog(o, enterprise) : null;
            CatalogInfo governing = enterprise ? clusterCatalog : own;
            if (!enterprise && own == null && o.hasNodeData()) {
                warnings.add(o.id + ": no catalog beside the node's data");
            }
            SnapshotSummary latest = null;
            if (!o.snapshots.isEmpty()) {
                latest = readSnapshot(o, o.snapshots.last());
            }
            SeqSummary snaps = summary(o.snapshots);
            if (snaps.missing() > 0) {
                warnings.add(o.id + ": " + snaps.missing() + " snapshot number(s) missing (" + ranges(snaps.gaps())
                        + "); normal before 3.9.13, which skipped empty snapshots");
            }
            long walSeq = latest != null ? latest.walSequence() : 0;
            boolean hasSnapshot = latest != null;
            long past = hasSnapshot ? o.wal.countAbove(walSeq) : o.wal.size();
            List<SequenceList.Range> missingAfter = List.of();
            Long replayFirst = null;
            Long replayLast = null;
            if (past > 0) {
                long start = hasSnapshot ? walSeq + 1 : o.wal.first();
                long last = o.wal.last();
                missingAfter = o.wal.gapsBetween(start, last, GAP_LIMIT);
                long contiguous = o.wal.contiguousFrom(start);
                if (contiguous >= start) {
                    replayFirst = start;
                    replayLast = contiguous;
                }
                if (!missingAfter.isEmpty()) {
                    warnings.add(o.id + ": WAL file(s) " + ranges(missingAfter) + " missing after "
                            + (hasSnapshot ? "snapshot " + Seqs.str(latest.sequence()) + " (wal " + Seqs.str(walSeq) + ")" : "the first WAL file")
                            + ": writes after that point are lost on restore");
                }
            } else if (hasSnapshot && o.wal.isEmpty() && !o.snapshots.isEmpty()) {
                // nothing to replay: the snapshot is the whole state
                replayFirst = null;
            }
            SeqSummary walFiles = summary(o.wal);
            if (walFiles.missing() > 0 && missingAfter.isEmpty()) {
                warnings.add(o.id + ": WAL numbers missing among snapshotted files (" + ranges(walFiles.gaps())
                        + "); not needed for restore");
            }
            if (latest != null && governing != null && Long.compareUnsigned(governing.sequence(), latest.catalogSequence()) < 0) {
                warnings.add(o.id + ": catalog sequence " + Seqs.str(governing.sequence()) + " is below snapshot "
                        + Seqs.str(latest.sequence()) + "'s catalog sequence " + Seqs.str(latest.catalogSequence())
                        + ": the catalog is older than the data");
            }
            long staging = o.files(FileKind.STAGING);
            if (staging > 0) {
                warnings.add(o.id + ": " + staging + " in-progress upload file(s) (name with '#'), e.g. " + o.stagingSample.get(0)
                        + "; never copied");
            }
            long unknown = o.files(FileKind.UNKNOWN);
            if (unknown > 0) {
                warnings.add(o.id + ": " + unknown + " unknown object(s), e.g. " + o.unknownSample.get(0));
            }
            if (o.files(FileKind.CATALOG_RESTORE_STAGING) > 0) {
                warnings.add(o.id + ": catalog restore staging objects present (catalog/restores/): an in-product restore may be running");
            }
            CatalogNames names = (own == null ? CatalogNames.empty() : own.names()).orElse(enterprise ? clusterNames : null);
            ParquetSummary parquet = parquet(o, names);
            RecoveryPoint rp = null;
            if (o.hasNodeData()) {
                rp = new RecoveryPoint(o.id, hasSnapshot ? latest.sequence() : null, walSeq, replayFirst, replayLast,
                        latest == null ? null : latest.minTime(), latest == null ? null : latest.maxTime());
            }
            Map<FileKind, Counter> byKind = new EnumMap<>(FileKind.class);
            o.byKind.forEach((k, c) -> byKind.put(k, new Counter(c[0], c[1], List.of())));
            return new NodeInfo(o.id, o.prefix, role, own, latest, snaps,
                    new WalSummary(walFiles, o.bytes(FileKind.WAL), past, missingAfter), parquet,
                    new Counter(o.files(FileKind::isDerived), o.bytes(FileKind::isDerived), List.copyOf(o.derivedSample)),
                    new Counter(staging, o.bytes(FileKind.STAGING), List.copyOf(o.stagingSample)),
                    new Counter(unknown, o.bytes(FileKind.UNKNOWN), List.copyOf(o.unknownSample)),
                    new Counter(o.files(FileKind::isCompactor), o.bytes(FileKind::isCompactor), List.of()),
                    new Counter(o.files(FileKind.PACHATREE), o.bytes(FileKind.PACHATREE), List.of()),
                    rp, byKind);
        }

        private SnapshotSummary readSnapshot(Owner o, long seq) {
            String key = Keys.join(o.prefix, Seqs.snapshotPath(seq));
            try {
                SnapshotFile s = SnapshotFile.parse(key, store.open(key));
                if (s.sequence() != seq) {
                    warnings.add(o.id + ": snapshot " + key + " holds sequence " + Seqs.str(s.sequence()) + ", its name says " + Seqs.str(seq));
                }
                if (!s.nodeId().equals(o.id)) {
                    warnings.add(o.id + ": newest snapshot was written by node '" + s.nodeId() + "' (renamed directory?)");
                }
                boolean times = s.hasTimeRange();
                return new SnapshotSummary(key, s.sequence(), s.walSequence(), s.catalogSequence(), times ? s.minTime() : null,
                        times ? s.maxTime() : null, s.parquetSizeBytes(), s.rowCount(), s.added().size(), s.removed().size(), s.nodeId());
            } catch (Ib3Exception e) {
                warnings.add(o.id + ": cannot read newest snapshot: " + e.getMessage());
                return null;
            }
        }

        private ParquetSummary parquet(Owner o, CatalogNames names) {
            Map<String, List<TableUsage>> tables = new LinkedHashMap<>();
            Map<String, long[]> dbTotals = new LinkedHashMap<>();
            long files = 0;
            long bytes = 0;
            for (Map.Entry<String, long[]> e : o.parquet.entrySet()) {
                String[] ids = e.getKey().split("\t", 2);
                String name = o.pathNames.get(e.getKey());
                if (name == null) {
                    name = lookup(ids[0], ids[1], names);
                }
                tables.computeIfAbsent(ids[0], k -> new ArrayList<>()).add(new TableUsage(ids[1], name, e.getValue()[0], e.getValue()[1]));
                long[] t = dbTotals.computeIfAbsent(ids[0], k -> new long[2]);
                t[0] += e.getValue()[0];
                t[1] += e.getValue()[1];
                files += e.getValue()[0];
                bytes += e.getValue()[1];
            }
            List<DatabaseUsage> dbs = new ArrayList<>();
            List<String> ordered = new ArrayList<>(dbTotals.keySet());
            ordered.sort(Inspector::compareIds);
            for (String db : ordered) {
                String name = o.pathNames.get(db);
                if (name == null) {
                    name = lookup(db, null, names);
                }
                List<TableUsage> ts = new ArrayList<>(tables.get(db));
                ts.sort((a, b) -> compareIds(a.id(), b.id()));
                dbs.add(new DatabaseUsage(db, name, dbTotals.get(db)[0], dbTotals.get(db)[1], List.copyOf(ts)));
            }
            return new ParquetSummary(files, bytes, List.copyOf(dbs));
        }

        private static String lookup(String db, String table, CatalogNames names) {
            try {
                long dbId = Long.parseLong(db);
                return table == null ? names.database(dbId) : names.table(dbId, Long.parseLong(table));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        // ------------------------------------------------------------ catalog

        private CatalogInfo catalog(Owner o, boolean leftoverInNode) {
            CatalogGeneration live = o.liveGeneration();
            if (live == null) {
                return null;
            }
            boolean crcOk = true;
            Long snapshotSeq = null;
            String uuid = null;
            CatalogNames names = CatalogNames.empty();
            String snapshotKey = null;
            FileKind snapshotKind = Arrays.stream(FileKind.values()).filter(k -> k.isCatalogSnapshot() && k.generation() == live)
                    .findFirst().orElseThrow();
            if (o.files(snapshotKind) > 0) {
                snapshotKey = live.snapshotKey(o.prefix);
                try {
                    if (live == CatalogGeneration.V3) {
                        CatalogV3Header h = CatalogV3Header.read(snapshotKey, store.open(snapshotKey));
                        snapshotSeq = h.sequence();
                        uuid = h.uuidHex();
                        if (!h.isSnapshot()) {
                            warnings.add(o.id + ": " + snapshotKey + " is flagged as a log, not a snapshot");
                        }
                    } else {
                        FramedCatalogFile f = FramedCatalogFile.parse(snapshotKey, store.open(snapshotKey));
                        crcOk &= f.crcOk();
                        if (!f.crcOk()) {
                            warnings.add(o.id + ": catalog snapshot " + snapshotKey + " fails its CRC check");
                        }
                        snapshotSeq = f.sequence();
                        names = f.names();
                    }
                } catch (Ib3Exception e) {
                    crcOk = false;
                    warnings.add(o.id + ": cannot read catalog snapshot: " + e.getMessage());
                }
            }
            SequenceList logs = o.catalogLogs.getOrDefault(live, new SequenceList());
            String newestLogKey = null;
            long sequence = snapshotSeq == null ? 0 : snapshotSeq;
            if (!logs.isEmpty()) {
                long newest = logs.last();
                newestLogKey = live.logKey(o.prefix, newest);
                sequence = Math.max(sequence, newest);
                try {
                    if (live == CatalogGeneration.V3) {
                        CatalogV3Header h = CatalogV3Header.validate(newestLogKey, store.open(newestLogKey));
                        if (h.sequence() != newest) {
                            warnings.add(o.id + ": catalog log " + newestLogKey + " holds sequence " + Seqs.str(h.sequence()));
                        }
                        if (uuid != null && !uuid.equals(h.uuidHex())) {
                            warnings.add(o.id + ": newest catalog log belongs to another catalog (uuid " + h.uuidHex() + ", snapshot " + uuid
                                    + "): the server refuses to load it");
                        }
                    } else {
                        FramedCatalogFile f = FramedCatalogFile.parse(newestLogKey, store.open(newestLogKey));
                        crcOk &= f.crcOk();
                        if (!f.crcOk()) {
                            warnings.add(o.id + ": catalog log " + newestLogKey + " fails its CRC check");
                        }
                        if (f.type() == FramedCatalogFile.Type.EOF) {
                            warnings.add(o.id + ": the live " + live.label() + " catalog ends in an upgrade marker but no newer catalog exists");
                        }
                    }
                } catch (Ib3Exception e) {
                    crcOk = false;
                    warnings.add(o.id + ": newest catalog log is damaged: " + e.getMessage());
                }
                SeqSummary ls = summary(logs);
                if (ls.missing() > 0) {
                    warnings.add(o.id + ": catalog " + live.label() + " logs missing: " + ranges(ls.gaps()));
                }
            }
            if (snapshotKey == null && live != CatalogGeneration.V1) {
                warnings.add(o.id + ": catalog " + live.label() + " has logs but no snapshot");
            }
            List<StaleCatalog> stale = new ArrayList<>();
            CatalogNames fallbackNames = CatalogNames.empty();
            for (CatalogGeneration g : CatalogGeneration.values()) {
                if (g.ordinal() >= live.ordinal() || o.files(k -> k.generation() == g) == 0) {
                    continue;
                }
                StaleCatalog s = stale(o, g);
                stale.add(s);
                warnings.add(o.id + ": stale catalog " + g.label() + " (sequence " + Seqs.str(s.sequence()) + ", " + s.files()
                        + " files) left by an upgrade; not a valid rollback source"
                        + (Boolean.FALSE.equals(s.upgradeMarker()) ? "; its last log is not the idb3.EOF.l upgrade marker" : ""));
                if (g != CatalogGeneration.V3) {
                    fallbackNames = staleNames(o, g).orElse(fallbackNames);
                }
            }
            if (leftoverInNode) {
                warnings.add(o.id + ": node directory holds its own catalog " + live.label()
                        + " (left from Core before promotion to Enterprise); the cluster catalog is live");
            }
            long files = o.files(k -> k.generation() == live);
            long bytes = o.bytes(k -> k.generation() == live);
            return new CatalogInfo(o.id, o.prefix, live, sequence, snapshotKey, snapshotSeq, summary(logs), newestLogKey, crcOk, uuid,
                    files, bytes, List.copyOf(stale), names.orElse(fallbackNames));
        }

        private StaleCatalog stale(Owner o, CatalogGeneration g) {
            SequenceList logs = o.catalogLogs.getOrDefault(g, new SequenceList());
            long files = o.files(k -> k.generation() == g);
            long bytes = o.bytes(k -> k.generation() == g);
            if (logs.isEmpty()) {
                return new StaleCatalog(g, files, bytes, 0, false);
            }
            long newest = logs.last();
            String key = g.logKey(o.prefix, newest);
            Boolean marker;
            try {
                if (g == CatalogGeneration.V3) {
                    marker = false;
                } else {
                    marker = FramedCatalogFile.parse(key, store.open(key)).type() == FramedCatalogFile.Type.EOF;
                }
            } catch (Ib3Exception e) {
                marker = null;
            }
            // the marker is written at last_sequence + 1; the catalog itself ended one before
            long seq = Boolean.TRUE.equals(marker) ? newest - 1 : newest;
            return new StaleCatalog(g, files, bytes, seq, marker);
        }

        private CatalogNames staleNames(Owner o, CatalogGeneration g) {
            FileKind snapshotKind = g == CatalogGeneration.V1 ? FileKind.CATALOG_V1_CHECKPOINT : FileKind.CATALOG_V2_SNAPSHOT;
            if (o.files(snapshotKind) == 0) {
                return CatalogNames.empty();
            }
            String key = g.snapshotKey(o.prefix);
            try {
                return FramedCatalogFile.parse(key, store.open(key)).names();
            } catch (Ib3Exception e) {
                return CatalogNames.empty();
            }
        }
    }

    static SeqSummary summary(SequenceList list) {
        if (list.isEmpty()) {
            return SeqSummary.EMPTY;
        }
        return new SeqSummary(list.size(), list.first(), list.last(), list.gaps(GAP_LIMIT), list.missingCount());
    }

    static String ranges(List<SequenceList.Range> ranges) {
        StringBuilder b = new StringBuilder();
        for (SequenceList.Range r : ranges) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(r);
        }
        return b.toString();
    }

    /** Numeric ids sort numerically, anything else after them by text. */
    static int compareIds(String a, String b) {
        boolean na = !a.isEmpty() && a.chars().allMatch(Character::isDigit) && a.length() < 19;
        boolean nb = !b.isEmpty() && b.chars().allMatch(Character::isDigit) && b.length() < 19;
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
