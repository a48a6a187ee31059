package io.ib3.store.object;

import io.ib3.store.Entry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walk against an in-memory bucket that pages as S3 does (sorted keys, continuation tokens,
 * delimiter folders): every key exactly once, whatever the page size and the shape of the tree.
 */
class PrefixWalkTest {

    /** A sorted key set listed in pages of {@code size}, counting requests. */
    static final class Bucket implements PrefixWalk.Lister {
        final NavigableSet<String> keys = new TreeSet<>();
        final int size;
        final AtomicInteger requests = new AtomicInteger();
        final List<String> prefixes = new CopyOnWriteArrayList<>();
        volatile String failOn;

        Bucket(int size) {
            this.size = size;
        }

        @Override
        public ListPage list(String prefix, boolean delimited, String token) {
            requests.incrementAndGet();
            prefixes.add(prefix + (delimited ? " /" : ""));
            if (prefix.equals(failOn)) {
                throw new IllegalStateException("503 SlowDown on " + prefix);
            }
            List<Entry> objects = new ArrayList<>();
            List<String> folders = new ArrayList<>();
            String from = token == null ? prefix : token;
            String lastReturned = token;
            int n = 0;
            for (String k : token == null ? keys.tailSet(from, true) : keys.tailSet(from, false)) {
                if (!k.startsWith(prefix)) {
                    break;
                }
                int slash = delimited ? k.indexOf('/', prefix.length()) : -1;
                String folder = slash >= 0 ? k.substring(0, slash + 1) : null;
                if (folder != null && lastReturned != null && lastReturned.startsWith(folder)) {
                    lastReturned = k;   // a common prefix is listed once, on the page where it starts
                    continue;
                }
                if (n == size) {
                    return new ListPage(objects, folders, lastReturned);
                }
                if (folder != null) {
                    folders.add(folder);
                } else {
                    objects.add(new Entry(k, k.length(), Instant.EPOCH, false, null));
                }
                lastReturned = k;
                n++;
            }
            return new ListPage(objects, folders, null);
        }
    }

    private static List<String> walk(PrefixWalk.Lister bucket, String prefix) {
        try (Stream<Entry> s = PrefixWalk.stream(bucket, prefix, 4)) {
            return s.map(Entry::key).toList();
        }
    }

    private static void assertListedOnce(Bucket b, String prefix) {
        List<String> listed = walk(b, prefix);
        List<String> expected = b.keys.stream().filter(k -> k.startsWith(prefix)).toList();
        assertEquals(expected.size(), listed.size(), "each key once");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(listed));
    }

    @Test
    void aPrefixOnOnePageCostsOneRequest() {
        Bucket b = new Bucket(1000);
        for (int i = 0; i < 50; i++) {
            b.keys.add("node0/dbs/1/0/" + i + ".parquet");
        }
        assertListedOnce(b, "node0/");
        assertEquals(1, b.requests.get());
    }

    @Test
    void aLargePrefixIsSplitIntoItsFoldersAndEachKeyIsListedOnce() {
        Bucket b = new Bucket(3);
        for (String node : new String[] {"ingest1", "ingest2", "compactor0"}) {
            for (int t = 0; t < 4; t++) {
                for (int h = 0; h < 5; h++) {
                    b.keys.add(node + "/dbs/1/" + t + "/2026-06-17/" + h + "-00/" + (h * 7) + ".parquet");
                }
            }
            for (int s = 0; s < 7; s++) {
                b.keys.add(node + "/snapshots/" + (99999 - s) + ".info.json");
            }
            b.keys.add(node + "/wal/00001.wal");
        }
        b.keys.add("catalog/v3/logs/00001.catalog");
        b.keys.add("ib3-manifest.json");
        assertListedOnce(b, "");
        assertTrue(b.prefixes.contains("ingest2/"), () -> "walked by folder: " + b.prefixes);
    }

    @Test
    void randomTreesAndPageSizesListEveryKeyOnce() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            Bucket b = new Bucket(1 + r.nextInt(6));
            int n = r.nextInt(80);
            for (int i = 0; i < n; i++) {
                StringBuilder k = new StringBuilder();
                int depth = r.nextInt(4);
                for (int d = 0; d < depth; d++) {
                    k.append((char) ('a' + r.nextInt(3))).append('/');
                }
                k.append((char) ('a' + r.nextInt(4))).append(r.nextInt(5));
                b.keys.add(k.toString());
            }
            assertListedOnce(b, "");
            assertListedOnce(b, "a/");
        }
    }

    @Test
    void aFailedRequestEndsTheStreamWithItsError() {
        Bucket b = new Bucket(2);
        for (int i = 0; i < 30; i++) {
            b.keys.add("n/" + (char) ('a' + i % 5) + "/" + i);
        }
        b.failOn = "n/c/";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> walk(b, "n/"));
        assertTrue(e.getMessage().contains("503"), e.getMessage());
    }

    @Test
    void closingTheStreamEarlyStopsTheWalk() {
        Bucket b = new Bucket(2);
        for (int i = 0; i < 2000; i++) {
            b.keys.add("n/" + (i % 40) + "/" + i);
        }
        try (Stream<Entry> s = PrefixWalk.stream(b, "n/", 4)) {
            assertEquals(5, s.limit(5).count());
        }
        int after = b.requests.get();
        assertTrue(after < 2000 / 2, "stopped long before the end: " + after + " requests");
    }
}
