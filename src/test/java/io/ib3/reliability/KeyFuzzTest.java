package io.ib3.reliability;

import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.manifest.ManifestEntry;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random object keys with spaces, unicode, '%', '#', '?', '+', '&', quotes and very long
 * segments, inside a node's tree next to the real files: listed, planned, copied, verified and
 * restored exactly, or left out by a layout rule ('#' staging files) — never mangled, never lost.
 */
class KeyFuzzTest {

    private static final long SEED = 77;
    private static final String ODD = " %#?+&'\"=;,!~()[]{}@$^`|<>:*";
    private static final String[] UNICODE = {"é", "ü", "ß", "日本", "данные", "🙂", "\u00a0", "ｘ", "Ω"};

    @TempDir
    Path tmp;

    static String segment(SplittableRandom r) {
        if (r.nextInt(12) == 0) {
            return "long-" + "x".repeat(180 + r.nextInt(40));
        }
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            if (kind == 0) {
                b.append(ODD.charAt(r.nextInt(ODD.length())));
            } else if (kind == 1) {
                b.append(UNICODE[r.nextInt(UNICODE.length)]);
            } else {
                b.append((char) ('a' + r.nextInt(26)));
            }
        }
        String s = b.toString().strip();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "k" + r.nextInt(1000) : s;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void oddKeysAreCopiedExactlyOrLeftOutByARule(Backends backend) {
        SplittableRandom r = new SplittableRandom(SEED);
        Store source = backend.open(tmp, "src");
        SampleTrees.core("node0").writeTo(source, "");
        Map<String, byte[]> odd = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            String parent = switch (r.nextInt(3)) {
                case 0 -> "node0/plugins";
                case 1 -> "node0/" + segment(r);
                default -> "node0/dbs/1/0/" + segment(r);
            };
            String key = Keys.join(parent, segment(r));
            byte[] bytes = ("object " + i + " at " + key).getBytes(StandardCharsets.UTF_8);
            try {
                Keys.requireSafe(key);
            } catch (IllegalArgumentException unsafe) {
                continue;
            }
            source.write(key, new ByteArrayInputStream(bytes), bytes.length);
            odd.put(key, bytes);
        }
        Map<String, byte[]> all = Backends.contents(source, "");
        odd.forEach((k, v) -> assertArrayEquals(v, all.get(k), "listed back exactly: " + k));

        Store backups = backend.open(tmp, "backups");
        BackupJob.Outcome b;
        try {
            b = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 3, 3), ProgressListener.NONE);
        } catch (Ib3Exception rejected) {
            assertTrue(rejected.getMessage().lines().count() == 1, rejected.getMessage());
            throw new AssertionError("keys a store accepts are backed up: " + rejected.getMessage());
        }
        Set<String> inManifest = b.manifest().entries().stream().map(ManifestEntry::key).collect(Collectors.toSet());
        int copied = 0;
        int leftOut = 0;
        for (String key : odd.keySet()) {
            if (inManifest.contains(key)) {
                copied++;
            } else {
                leftOut++;
                assertTrue(Keys.name(key).contains("#"), "only '#' staging names are left out: " + Keys.printable(key));
            }
        }
        Store backup = backups.at("b1");
        VerifyJob.Outcome v = VerifyJob.verify(backup, true, 2, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());

        Store restored = backend.open(tmp, "rt");
        RestoreJob.Options ro = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(backup, restored, ro, ProgressListener.NONE), backup, restored, ro, ProgressListener.NONE);
        Map<String, byte[]> back = Backends.contents(restored, "");
        Map<String, byte[]> expected = new TreeMap<>(all);
        expected.keySet().removeIf(k -> !inManifest.contains(k));
        assertEquals(expected.keySet(), back.keySet());
        expected.forEach((k, bytes) -> assertArrayEquals(bytes, back.get(k), Keys.printable(k)));
        Report.line("KeyFuzzTest " + backend, odd.size() + " odd keys (seed " + SEED + "): " + copied
                + " backed up, verified and restored byte for byte, " + leftOut + " left out as '#' staging names");
    }
}
