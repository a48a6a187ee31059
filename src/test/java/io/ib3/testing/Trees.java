package io.ib3.testing;

import io.ib3.exec.CopyItem;
import io.ib3.manifest.Crc32c;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds source trees with known content for copy tests. */
public final class Trees {

    private Trees() {
    }

    /** Writes {@code size} pseudo-random bytes (seeded by the key) at root/key; returns the copy item. */
    public static CopyItem file(Path root, String key, int size) throws IOException {
        byte[] data = content(key, size);
        Path p = root.resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return CopyItem.of(key, size);
    }

    public static byte[] content(String key, int size) {
        byte[] data = new byte[size];
        new Random(key.hashCode()).nextBytes(data);
        return data;
    }

    /** Writes a large file in 1 MiB steps without holding it in memory. */
    public static CopyItem bigFile(Path root, String key, long size) throws IOException {
        Path p = root.resolve(key);
        Files.createDirectories(p.getParent());
        byte[] chunk = new byte[1 << 20];
        Random r = new Random(7);
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            while (left > 0) {
                r.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return CopyItem.of(key, size);
    }

    /** {@code count} small files under {@code folder}, named 000.bin, 001.bin … */
    public static List<CopyItem> files(Path root, String folder, int count, int size) throws IOException {
        List<CopyItem> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(file(root, folder + "/" + String.format("%03d.bin", i), size + i % 7));
        }
        return out;
    }

    public static String crcOf(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return Crc32c.of(in);
        }
    }
}
