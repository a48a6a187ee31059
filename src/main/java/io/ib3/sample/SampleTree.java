package io.ib3.sample;

import io.ib3.layout.CatalogGeneration;

import java.util.List;

/**
 * What {@link SampleTreeBuilder#writeTo} wrote, for tests and the demo to assert against.
 *
 * @param kind              "core" or "enterprise"
 * @param clusterId         Enterprise cluster id, {@code null} for Core
 * @param prefix            the store prefix the tree was written under (the data root)
 * @param catalogOwner      node id (Core) or cluster id (Enterprise) holding the live catalog
 * @param catalogGeneration live catalog generation
 * @param catalogSequence   newest catalog sequence (newest log)
 * @param staleGenerations  older generations left behind, with their EOF markers
 * @param nodes             nodes written, in order
 * @param keys              every key written and still present, sorted, relative to the store
 * @param stagingKeys       in-progress upload names ({@code #}) among them
 * @param derivedKeys       derived-group keys among them
 * @param deletedKeys       Parquet keys listed by snapshots but deleted (retention), not in {@code keys}
 */
public record SampleTree(String kind, String clusterId, String prefix, String catalogOwner, CatalogGeneration catalogGeneration,
                         long catalogSequence, List<CatalogGeneration> staleGenerations, List<Node> nodes, List<String> keys,
                         List<String> stagingKeys, List<String> derivedKeys, List<String> deletedKeys) {

    /**
     * One node of the tree.
     *
     * @param id                node id
     * @param role              "core", "ingest" or "compactor"
     * @param snapshotSequences snapshot sequences written, ascending (gaps are deliberate)
     * @param walSequence       newest snapshot's {@code wal_file_sequence_number}, 0 without snapshots
     * @param walFirst          lowest WAL number present, 0 without WAL
     * @param walLast           highest WAL number present, 0 without WAL
     * @param parquetFiles      Parquet files present under {@code dbs/}
     * @param parquetBytes      their bytes
     * @param snapshotCatalogSequence the catalog sequence the snapshots record
     */
    public record Node(String id, String role, List<Long> snapshotSequences, long walSequence, long walFirst, long walLast,
                       long parquetFiles, long parquetBytes, long snapshotCatalogSequence) {

        /** Newest snapshot sequence, or -1 without snapshots. */
        public long newestSnapshot() {
            return snapshotSequences.isEmpty() ? -1 : snapshotSequences.get(snapshotSequences.size() - 1);
        }

        public long walCount() {
            return walLast == 0 ? 0 : walLast - walFirst + 1;
        }
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in sample tree"));
    }
}
