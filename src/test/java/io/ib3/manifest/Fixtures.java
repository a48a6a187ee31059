package io.ib3.manifest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

final class Fixtures {

    private Fixtures() {
    }

    static Manifest manifest(List<ManifestEntry> entries) {
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        plan.putArray("phases").addObject().put("name", "wal").put("files", entries.size());
        return Manifest.of("0.1.0", Instant.parse("2025-06-01T10:00:00Z"), Instant.parse("2025-06-01T10:05:00.123Z"),
                "s3://bucket/influx", io.ib3.layout.Product.CORE, null, List.of("node0"), "v3",
                List.of(new RecoveryPoint("node0", 12L, 40L, 57L, 1_700_000_000_000_000_000L, 1_700_000_360_000_000_000L, 88L)),
                plan, entries);
    }

    static List<ManifestEntry> someEntries() {
        return List.of(new ManifestEntry("node0/snapshots/18446744073709551603.info.json", "snapshots", 120, "0a1b2c3d"),
                new ManifestEntry("node0/wal/00000000057.wal", "wal", 4096, null),
                new ManifestEntry("catalog/v3/logs/00000000000000000088.catalog", "catalog", 0, "00000000"));
    }
}
