package io.ib3.exec;

import io.ib3.layout.Bytes;
import io.ib3.layout.FileKind;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
import io.ib3.manifest.Crc32c;
import io.ib3.manifest.ManifestEntry;
import io.ib3.manifest.ManifestVerifier;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.plan.SourceScan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a deep verify checks of each object's bytes during the one read that checksums it: WAL and
 * catalog framing and CRCs, Parquet frames, and the snapshot files, parsed there for the
 * consistency rules. Reading every object once instead of once for the checksum and again for
 * the format halves what a deep verify of an object store downloads.
 */
final class DeepContent implements ManifestVerifier.ContentCheck {

    private final Map<String, SourceScan.Parsed> snapshots = new ConcurrentHashMap<>();
    private final List<Problem> formats = Collections.synchronizedList(new ArrayList<>());

    private static FileKind kindOf(ManifestEntry e) {
        int slash = e.key().indexOf('/');
        return slash < 0 ? FileKind.UNKNOWN : PathClassifier.kind(e.key().substring(slash + 1));
    }

    @Override
    public boolean wants(ManifestEntry e) {
        FileKind k = kindOf(e);
        return k == FileKind.SNAPSHOT || FormatCheck.applies(k);
    }

    @Override
    public String check(ManifestEntry e, InputStream in) throws IOException {
        FileKind k = kindOf(e);
        if (k == FileKind.SNAPSHOT) {
            try {
                byte[] bytes = Bytes.readAll(in, SnapshotFile.MAX_SIZE, e.key());
                snapshots.put(e.key(), new SourceScan.Parsed(SnapshotFile.parse(e.key(), bytes), Crc32c.of(bytes)));
            } catch (LayoutFormatException unreadable) {
                // the consistency scan reads it again and says why it does not parse
            }
            return null;
        }
        Problem p = FormatCheck.check(e.key(), k, in);
        if (p != null) {
            formats.add(p);
        }
        return null;
    }

    /** A snapshot file parsed during the read, by key; {@code null} when it was not (or did not parse). */
    SourceScan.Parsed snapshot(String key) {
        return snapshots.get(key);
    }

    /** What the format checks found, in no particular order. */
    List<Problem> formats() {
        return new ArrayList<>(formats);
    }
}
