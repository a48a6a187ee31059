package io.ib3.layout;

/**
 * Sequence numbers in object names. All are Rust u64: parsed and printed unsigned, and the
 * inverted names use {@code u64::MAX - n}, which is {@code -1L - n} in Java arithmetic.
 */
public final class Seqs {

    private static final String ZEROS = "00000000000000000000";

    private Seqs() {
    }

    /** Left-pads an unsigned number to at least {@code width} digits, as Rust's {@code {:0N}}. */
    public static String pad(long unsigned, int width) {
        String s = Long.toUnsignedString(unsigned);
        return s.length() >= width ? s : ZEROS.substring(0, width - s.length()) + s;
    }

    public static String pad20(long unsigned) {
        return pad(unsigned, 20);
    }

    /** The 20-digit inverted name stem of a snapshot or checkpoint sequence. */
    public static String inverted(long seq) {
        return pad20(-1L - seq);
    }

    /** The sequence encoded by an inverted 20-digit name stem. */
    public static long fromInverted(String digits) {
        return -1L - Long.parseUnsignedLong(digits);
    }

    /** Name of the snapshot file for a sequence, relative to the node: {@code snapshots/….info.json}. */
    public static String snapshotPath(long seq) {
        return "snapshots/" + inverted(seq) + ".info.json";
    }

    /** Name of a WAL file relative to the node: {@code wal/{seq:011}.wal}. */
    public static String walPath(long seq) {
        return "wal/" + pad(seq, 11) + ".wal";
    }

    /** Unsigned comparison, for sorting sequence numbers. */
    public static int compare(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    public static String str(long unsigned) {
        return Long.toUnsignedString(unsigned);
    }
}
