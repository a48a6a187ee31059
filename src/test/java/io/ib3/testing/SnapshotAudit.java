package io.ib3.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.store.Entry;
import io.ib3.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An auditor of backups that shares no code with ib3's own consistency check: it reads the snapshot
 * files of a backed-up tree with plain Jackson, folds them as the server does (add each snapshot's
 * files by id in sequence order, drop the ids a later snapshot lists in {@code removed_files}),
 * and says which of the live Parquet files the tree does not hold with the recorded size. A test
 * that trusts {@code Consistency} to judge a backup would share its blind spots.
 */
public final class SnapshotAudit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SNAPSHOT = Pattern.compile("(?:^|.*/)snapshots/(\\d{20})\\.info\\.json");

    private SnapshotAudit() {
    }

    /** A live Parquet file the tree lacks, or holds with another size than its snapshot records. */
    public record Finding(String path, long recordedSize, Long actualSize) {
        @Override
        public String toString() {
            return path + (actualSize == null ? " absent" : " has " + actualSize + " bytes") + " (snapshot records " + recordedSize + ")";
        }
    }

    /**
     * Every live Parquet file the snapshots in {@code tree} reference that {@code tree} does not hold
     * with the recorded size, by key (the snapshot's path, relative to the data root).
     */
    public static Map<String, Finding> unheld(Store tree) {
        Map<String, Long> sizes = new HashMap<>();
        Map<Long, String> snapshotKeys = new TreeMap<>(Long::compareUnsigned);
        try (Stream<Entry> s = tree.list("")) {
            s.forEach(e -> {
                sizes.put(e.key(), e.size());
                Matcher m = SNAPSHOT.matcher(e.key());
                if (m.matches()) {
                    // inverted name: u64::MAX - sequence
                    snapshotKeys.put(-1L - Long.parseUnsignedLong(m.group(1)), e.key());
                }
            });
        }
        Map<Long, JsonNode> live = new LinkedHashMap<>();
        for (String key : snapshotKeys.values()) {
            JsonNode snapshot = read(tree, key);
            for (JsonNode f : files(snapshot.get("databases"))) {
                live.put(f.get("id").asLong(), f);
            }
            for (JsonNode f : files(snapshot.get("removed_files"))) {
                live.remove(f.get("id").asLong());
            }
        }
        Map<String, Finding> out = new TreeMap<>();
        for (JsonNode f : live.values()) {
            String path = f.get("path").asText();
            long recorded = f.get("size_bytes").asLong();
            Long actual = sizes.get(path);
            if (actual == null || actual != recorded) {
                out.put(path, new Finding(path, recorded, actual));
            }
        }
        return out;
    }

    /** [[db, {"tables": [[table, [file…]]…]}]…] → the files. */
    private static List<JsonNode> files(JsonNode databases) {
        List<JsonNode> out = new ArrayList<>();
        if (databases == null) {
            return out;
        }
        for (JsonNode db : databases) {
            for (JsonNode table : db.get(1).get("tables")) {
                table.get(1).forEach(out::add);
            }
        }
        return out;
    }

    private static JsonNode read(Store tree, String key) {
        try (InputStream in = tree.open(key)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
