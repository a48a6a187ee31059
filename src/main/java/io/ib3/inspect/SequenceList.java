package io.ib3.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable list of u64 sequence numbers held as a plain long array: a listing of 100k WAL
 * files costs 800 KB, not 100k objects. Sort before asking for ranges.
 */
public final class SequenceList {

    private long[] values = new long[16];
    private int size;
    private boolean sorted = true;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && Long.compareUnsigned(values[size - 1], v) > 0) {
            sorted = false;
        }
        values[size++] = v;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private void sort() {
        if (!sorted) {
            // all sequences in practice are far below 2^63, where signed order equals unsigned order
            Arrays.sort(values, 0, size);
            sorted = true;
        }
    }

    public long first() {
        sort();
        return values[0];
    }

    public long last() {
        sort();
        return values[size - 1];
    }

    public long get(int i) {
        sort();
        return values[i];
    }

    public boolean contains(long v) {
        sort();
        return Arrays.binarySearch(values, 0, size, v) >= 0;
    }

    /** How many are strictly greater than {@code v}. */
    public int countAbove(long v) {
        sort();
        int idx = Arrays.binarySearch(values, 0, size, v);
        int firstAbove = idx >= 0 ? idx + 1 : -idx - 1;
        while (idx >= 0 && firstAbove < size && values[firstAbove] == v) {
            firstAbove++;
        }
        return size - firstAbove;
    }

    /** Missing numbers between first and last, as inclusive ranges, at most {@code limit} of them. */
    public List<Range> gaps(int limit) {
        return gapsBetween(size == 0 ? 0 : first(), size == 0 ? 0 : last(), limit);
    }

    /** Total count of missing numbers between first and last. */
    public long missingCount() {
        if (size == 0) {
            return 0;
        }
        long distinct = distinctCount();
        return last() - first() + 1 - distinct;
    }

    private long distinctCount() {
        sort();
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                n++;
            }
        }
        return n;
    }

    /** Missing numbers in {@code [from, to]}, as inclusive ranges, at most {@code limit}. */
    public List<Range> gapsBetween(long from, long to, int limit) {
        sort();
        List<Range> out = new ArrayList<>();
        if (to < from) {
            return out;
        }
        long expect = from;
        int i = Arrays.binarySearch(values, 0, size, from);
        i = i >= 0 ? i : -i - 1;
        for (; i < size && values[i] <= to && out.size() < limit; i++) {
            long v = values[i];
            if (v > expect) {
                out.add(new Range(expect, v - 1));
            }
            if (v >= expect) {
                expect = v + 1;
            }
        }
        if (expect <= to && out.size() < limit) {
            out.add(new Range(expect, to));
        }
        return out;
    }

    /** The highest {@code n} such that every number in {@code [from, n]} is present; {@code from - 1} if none. */
    public long contiguousFrom(long from) {
        sort();
        int i = Arrays.binarySearch(values, 0, size, from);
        if (i < 0) {
            return from - 1;
        }
        long last = from;
        for (i++; i < size; i++) {
            if (values[i] == last) {
                continue;
            }
            if (values[i] != last + 1) {
                break;
            }
            last = values[i];
        }
        return last;
    }

    /** An inclusive range of sequence numbers. */
    public record Range(long from, long to) {
        public long count() {
            return to - from + 1;
        }

        @Override
        public String toString() {
            return from == to ? Long.toUnsignedString(from) : Long.toUnsignedString(from) + ".." + Long.toUnsignedString(to);
        }
    }
}
