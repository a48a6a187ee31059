package io.ib3.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compares two trees of objects byte for byte and names the keys that differ. */
public final class TreeAssert {

    private TreeAssert() {
    }

    public static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        List<String> differ = expected.keySet().stream()
                .filter(actual::containsKey)
                .filter(k -> !Arrays.equals(expected.get(k), actual.get(k)))
                .toList();
        assertEquals("missing=[] extra=[] differ=[]", "missing=" + missing + " extra=" + extra + " differ=" + differ);
    }
}
