package io.ib3.inspect;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.layout.Seqs;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 100k-object listing is consumed as a stream, once, with only a handful of reads. */
class StreamingTest {

    /**
     * A real small tree plus 100k WAL entries that exist only in the listing, generated lazily one
     * at a time; the store counts listings and reads.
     */
    static final class HugeListingStore implements Store {
        final Store base;
        final String walPrefix;
        final long from;
        final int count;
        final AtomicInteger listings = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final List<String> opened = new ArrayList<>();

        HugeListingStore(Store base, String walPrefix, long from, int count) {
            this.base = base;
            this.walPrefix = walPrefix;
            this.from = from;
            this.count = count;
        }

        @Override
        public String location() {
            return "huge://test";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public Stream<Entry> list(String prefix) {
            listings.incrementAndGet();
            Iterator<Entry> generated = new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < count;
                }

                @Override
                public Entry next() {
                    return Entry.file(walPrefix + "/" + Seqs.walPath(from + i++), 100, null);
                }
            };
            Stream<Entry> extra = StreamSupport.stream(Spliterators.spliteratorUnknownSize(generated, 0), false);
            return Stream.concat(base.list(prefix), extra).onClose(() -> closed.set(true));
        }

        @Override
        public List<Entry> children(String folder) {
            return base.children(folder);
        }

        @Override
        public Optional<Entry> stat(String key) {
            return base.stat(key);
        }

        @Override
        public InputStream open(String key, long offset) {
            opens.incrementAndGet();
            opened.add(key);
            return base.open(key, offset);
        }

        @Override
        public void write(String key, InputStream content, long size) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void delete(String key) {
            throw new UnsupportedOperationException("read-only");
        }
    }

    @Test
    void hundredThousandWalFilesInOnePass() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Files.createDirectories(fs.getPath("/data"));
            NioStore mem = new NioStore(fs.getPath("/data"), "mem:///data");
            SampleTree t = SampleTrees.core("node0").walAfterSnapshot(0).walKept(0).writeTo(mem, "");
            long w = t.node("node0").walSequence();
            HugeListingStore huge = new HugeListingStore(mem, "node0", w + 1, 100_000);

            Inspection in = Inspector.inspect(huge, "");

            assertEquals(1, huge.listings.get(), "one listing pass");
            assertTrue(huge.closed.get(), "the listing stream is closed");
            assertTrue(huge.opens.get() <= 4, "reads only the newest snapshot and catalog files: " + huge.opened);
            Inspection.NodeInfo n = in.node("node0");
            assertEquals(100_000, n.wal().files().count());
            assertEquals(w + 1, n.wal().files().first());
            assertEquals(w + 100_000, n.wal().files().last());
            assertEquals(100_000, n.wal().pastSnapshot());
            assertEquals(w + 100_000, n.recoveryPoint().walLast());
            assertEquals(t.keys().size() + 100_000, in.files());
        }
    }
}
