package io.ib3.store.object;

import io.ib3.store.StoreException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reading a write's content when its size is announced up front. Object stores send the size
 * before the bytes, so a source that turns out shorter or longer must fail the write rather
 * than store something else under the key.
 */
public final class SizedBody {

    private SizedBody() {
    }

    /**
     * Reads exactly {@code size} bytes (a small object, held in memory) and checks that the source
     * has nothing more. {@code location} names the target object in the error.
     */
    public static byte[] readExactly(InputStream content, long size, String location) {
        try {
            // straight into an array of the announced size: readNBytes(int) would gather 8 KiB
            // chunks and copy them again (a tenth of a file-to-S3 backup's samples)
            byte[] data = new byte[(int) size];
            int n = content.readNBytes(data, 0, data.length);
            if (n < size) {
                throw sizeMismatch(location, size, n);
            }
            if (content.read() >= 0) {
                throw sizeMismatch(location, size, size + 1);
            }
            return data;
        } catch (IOException e) {
            throw new StoreException("cannot write " + location + ": reading the source failed: " + e.getMessage(), e);
        }
    }

    /** The error for a source whose length differs from the announced size; {@code got > expected} means "has more". */
    public static StoreException sizeMismatch(String location, long expected, long got) {
        return new StoreException("cannot write " + location + ": expected " + expected + " bytes, the source "
                + (got > expected ? "has more" : "ended after " + got), null,
                "the source changed or was truncated while it was read; run the command again");
    }
}
