package io.ib3.sample;

/**
 * Small, faithful InfluxDB 3 object trees written into any store: the demo profile and the tests
 * use them. Deterministic for a seed; tens of files and KBs by default.
 *
 * <pre>{@code
 * SampleTree t = SampleTrees.core("node0").catalog(CatalogGeneration.V3).snapshots(5)
 *         .walAfterSnapshot(3).staging(true).writeTo(store, "");
 * SampleTrees.enterprise("cluster0").nodes("ingest1", "ingest2").compactor("compactor0").writeTo(store, "");
 * }</pre>
 */
public final class SampleTrees {

    private SampleTrees() {
    }

    /** A Core node: catalog and data both under {@code nodeId/}. */
    public static SampleTreeBuilder core(String nodeId) {
        return new SampleTreeBuilder(null, nodeId);
    }

    /** An Enterprise cluster: catalog and licences under {@code clusterId/}, nodes beside it. */
    public static SampleTreeBuilder enterprise(String clusterId) {
        return new SampleTreeBuilder(clusterId, null);
    }
}
