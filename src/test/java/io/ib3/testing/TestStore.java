package io.ib3.testing;

import io.ib3.manifest.Crc32c;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real {@link NioStore} with instruments and faults for tests: it records the order and number of
 * writes, watches how streams are read, fails chosen writes, truncates or blocks chosen reads, and
 * can act as a store with server-side copy and native CRC32C (done with java.nio on the real files).
 */
public final class TestStore implements Store {

    private final NioStore real;
    public final List<String> writeOrder = Collections.synchronizedList(new ArrayList<>());
    public final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    public final AtomicInteger liveStreams = new AtomicInteger();
    public final AtomicInteger maxLiveStreams = new AtomicInteger();
    public final AtomicLong maxSingleRead = new AtomicLong();
    public final AtomicLong bytesRead = new AtomicLong();
    public final AtomicInteger readAllBytesCalls = new AtomicInteger();
    /** Bytes read from this store's streams when a write into the target first received data; -1 before. */
    public final AtomicLong sourceBytesAtFirstTargetRead = new AtomicLong(-1);
    public final AtomicInteger serverSideCopies = new AtomicInteger();

    private final AtomicInteger dataWrites = new AtomicInteger();
    private volatile int failWriteNumber = -1;
    private volatile Predicate<String> failWritesOf = k -> false;
    private final Map<String, Long> truncate = new ConcurrentHashMap<>();
    private volatile CountDownLatch blockReads;
    private volatile CountDownLatch readBlocked;
    private volatile boolean serverSide;
    private volatile boolean nativeCrc;
    private volatile TestStore watchSource;

    public TestStore(NioStore real) {
        this.real = real;
    }

    public NioStore real() {
        return real;
    }

    /** Fails the n-th write (1-based) of a key outside ib3-journal/, once. */
    public TestStore failNthWrite(int n) {
        failWriteNumber = n;
        return this;
    }

    /** Fails every write of the matching keys. */
    public TestStore failWrites(Predicate<String> keys) {
        failWritesOf = keys;
        return this;
    }

    /** Streams of {@code key} end after {@code bytes}. */
    public TestStore truncate(String key, long bytes) {
        truncate.put(key, bytes);
        return this;
    }

    /** Every read blocks until interrupted; {@code entered} counts down when a read is blocked. */
    public TestStore blockReads(CountDownLatch entered) {
        blockReads = new CountDownLatch(1);
        readBlocked = entered;
        return this;
    }

    public TestStore serverSide(boolean on) {
        serverSide = on;
        return this;
    }

    public TestStore nativeCrc(boolean on) {
        nativeCrc = on;
        return this;
    }

    /** Record, at the first byte a write here receives, how many bytes {@code source} had delivered. */
    public TestStore watchSource(TestStore source) {
        watchSource = source;
        return this;
    }

    public int writesOf(String key) {
        AtomicInteger n = writes.get(key);
        return n == null ? 0 : n.get();
    }

    /** Writes of keys outside ib3's own journal. */
    public List<String> dataWriteOrder() {
        synchronized (writeOrder) {
            return writeOrder.stream().filter(k -> !k.startsWith("ib3-journal/")).toList();
        }
    }

    @Override
    public String location() {
        return real.location();
    }

    @Override
    public Set<Capability> capabilities() {
        EnumSet<Capability> caps = EnumSet.copyOf(real.capabilities());
        if (serverSide) {
            caps.add(Capability.SERVER_SIDE_COPY);
        }
        if (nativeCrc) {
            caps.add(Capability.NATIVE_CRC32C);
        }
        return caps;
    }

    @Override
    public Stream<Entry> list(String prefix) {
        return real.list(prefix);
    }

    @Override
    public List<Entry> children(String folder) {
        return real.children(folder);
    }

    @Override
    public Optional<Entry> stat(String key) {
        return real.stat(key);
    }

    @Override
    public InputStream open(String key, long offset) {
        InputStream in = real.open(key, offset);
        Long limit = truncate.get(key);
        return new Watched(in, limit == null ? Long.MAX_VALUE : limit);
    }

    @Override
    public void write(String key, InputStream content, long size) {
        writeOrder.add(key);
        writes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (!key.startsWith("ib3-journal/")) {
            int n = dataWrites.incrementAndGet();
            if (n == failWriteNumber || failWritesOf.test(key)) {
                throw new StoreException("injected write failure: " + location() + "/" + key, null);
            }
        }
        InputStream in = content;
        TestStore src = watchSource;
        if (src != null) {
            in = new FilterInputStream(content) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int r = super.read(b, off, len);
                    if (r > 0) {
                        src.sourceBytesAtFirstTargetRead.compareAndSet(-1, src.bytesRead.get());
                    }
                    return r;
                }
            };
        }
        real.write(key, in, size);
    }

    @Override
    public void delete(String key) {
        real.delete(key);
    }

    @Override
    public void move(String fromKey, String toKey) {
        real.move(fromKey, toKey);
    }

    @Override
    public boolean canCopyServerSide(Store source) {
        return serverSide && source instanceof TestStore t && t.serverSide;
    }

    @Override
    public void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        NioStore from = ((TestStore) source).real;
        writeOrder.add(targetKey);
        writes.computeIfAbsent(targetKey, k -> new AtomicInteger()).incrementAndGet();
        try {
            java.nio.file.Path to = real.root().resolve(targetKey);
            Files.createDirectories(to.getParent());
            Files.copy(from.root().resolve(sourceKey), to, StandardCopyOption.REPLACE_EXISTING);
            serverSideCopies.incrementAndGet();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new io.ib3.store.ObjectNotFoundException(source.location(), sourceKey);
        } catch (IOException e) {
            throw new StoreException("server-side copy failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> nativeCrc32c(String key) {
        if (!nativeCrc) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(real.root().resolve(key))) {
            return Optional.of(Crc32c.of(in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Counts reads and live streams; may truncate or block. */
    private final class Watched extends FilterInputStream {
        private final long limit;
        private long pos;
        private boolean closed;

        Watched(InputStream in, long limit) {
            super(in);
            this.limit = limit;
            int live = liveStreams.incrementAndGet();
            maxLiveStreams.accumulateAndGet(live, Math::max);
        }

        private void maybeBlock() throws IOException {
            CountDownLatch block = blockReads;
            if (block != null) {
                readBlocked.countDown();
                try {
                    block.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("read interrupted");
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            maybeBlock();
            maxSingleRead.accumulateAndGet(len, Math::max);
            if (pos >= limit) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, limit - pos));
            if (n > 0) {
                pos += n;
                bytesRead.addAndGet(n);
            }
            return n;
        }

        @Override
        public byte[] readAllBytes() throws IOException {
            readAllBytesCalls.incrementAndGet();
            return super.readAllBytes();
        }

        @Override
        public byte[] readNBytes(int len) throws IOException {
            readAllBytesCalls.incrementAndGet();
            return super.readNBytes(len);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                liveStreams.decrementAndGet();
            }
            super.close();
        }
    }
}
