package io.ib3.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class KeysNormalizeTest {

    @Test
    void stripsOuterSlashesAndCollapsesRepeatedOnes() {
        assertEquals("", Keys.normalize(null));
        assertEquals("", Keys.normalize(""));
        assertEquals("", Keys.normalize("/"));
        assertEquals("", Keys.normalize("///"));
        assertEquals("a", Keys.normalize("/a"));
        assertEquals("a", Keys.normalize("a//"));
        assertEquals("a/b", Keys.normalize("a//b"));
        assertEquals("a/b/c", Keys.normalize("//a///b//c//"));
        assertEquals("node0/wal/00000000000000000001.wal", Keys.normalize("/node0//wal/00000000000000000001.wal/"));
        assertEquals("a b/ c", Keys.normalize("a b/ c"));
    }

    @Test
    void aNormalKeyIsReturnedAsItIs() {
        String key = "node0/dbs/1/0/2026-06-17/14-00/0000000600.parquet";
        assertSame(key, Keys.normalize(key));
    }
}
