package io.ib3.plan;

/**
 * What a backup restores a node to: the newest snapshot it holds, the WAL files replayed after it
 * and the time range of the persisted data.
 *
 * @param node            node id
 * @param snapshot        newest snapshot sequence ({@code -1} when the node has no snapshot yet)
 * @param snapshotWal     that snapshot's {@code wal_file_sequence_number} (replay starts after it)
 * @param walFirst        first WAL file in the backup ({@code -1} when none)
 * @param walLast         last WAL file in the backup ({@code -1} when none)
 * @param minTime         earliest persisted row time, ns since the epoch ({@code Long.MAX_VALUE} when none)
 * @param maxTime         latest persisted row time, ns ({@code Long.MIN_VALUE} when none)
 * @param catalogSequence highest catalog sequence any included snapshot needs
 */
public record RecoveryPoint(String node, long snapshot, long snapshotWal, long walFirst, long walLast,
                            long minTime, long maxTime, long catalogSequence) {
}
