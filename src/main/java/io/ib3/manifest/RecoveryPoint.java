package io.ib3.manifest;

/**
 * What a backup restores to, for one node. Values are filled in by the layout-aware caller; any may
 * be {@code null} when the node has none (a node without a snapshot yet).
 *
 * @param node            node id
 * @param snapshot        sequence of the newest included snapshot
 * @param walFirst        first WAL file sequence included
 * @param walLast         last WAL file sequence included
 * @param minTime         earliest data time, nanoseconds since the epoch (as InfluxDB records it)
 * @param maxTime         latest data time, nanoseconds since the epoch
 * @param catalogSequence catalog sequence number included
 */
public record RecoveryPoint(String node, Long snapshot, Long walFirst, Long walLast, Long minTime, Long maxTime,
                            Long catalogSequence) {
}
