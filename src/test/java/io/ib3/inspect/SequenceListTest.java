package io.ib3.inspect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SequenceListTest {

    private static SequenceList of(long... values) {
        SequenceList l = new SequenceList();
        for (long v : values) {
            l.add(v);
        }
        return l;
    }

    @Test
    void gapsAndContiguity() {
        SequenceList l = of(9, 3, 4, 5, 8, 12);
        assertEquals(3, l.first());
        assertEquals(12, l.last());
        assertEquals(List.of(new SequenceList.Range(6, 7), new SequenceList.Range(10, 11)), l.gaps(10));
        assertEquals(List.of(new SequenceList.Range(6, 7)), l.gaps(1));
        assertEquals(4, l.missingCount());
        assertEquals(5, l.contiguousFrom(3));
        assertEquals(9, l.contiguousFrom(8));
        assertEquals(5, l.contiguousFrom(6), "absent start gives start - 1");
        assertEquals(3, l.countAbove(5));
        assertEquals(6, l.countAbove(0));
        assertEquals(List.of(new SequenceList.Range(13, 15)), l.gapsBetween(12, 15, 10));
        assertEquals(List.of(new SequenceList.Range(1, 2), new SequenceList.Range(6, 7)), l.gapsBetween(1, 8, 10));
        assertEquals("6..7", l.gaps(1).get(0).toString());
    }

    @Test
    void duplicatesDoNotCountAsPresentTwice() {
        SequenceList l = of(1, 1, 2, 4);
        assertEquals(1, l.missingCount());
        assertEquals(2, l.contiguousFrom(1));
        assertEquals(1, l.countAbove(2));
    }
}
