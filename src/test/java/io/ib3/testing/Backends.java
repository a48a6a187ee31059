package io.ib3.testing;

import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.StoreFactory;
import io.ib3.store.vfs.VfsStores;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** The stores the job tests run on: a local directory (NioStore) and Commons VFS's ram://. */
public enum Backends {
    NIO, RAM;

    private static final AtomicInteger RAM_ROOTS = new AtomicInteger();
    private static final StoreFactory FACTORY = factory();

    private static StoreFactory factory() {
        StoreFactory f = new StoreFactory();
        VfsStores.register(f);
        return f;
    }

    /** The factory with file and ram schemes, as the console has them. */
    public static StoreFactory stores() {
        return FACTORY;
    }

    /** A fresh, empty store named {@code name}: a folder of {@code tmp}, or a new ram:// root. */
    public Store open(Path tmp, String name) {
        if (this == NIO) {
            return NioStore.local(tmp.resolve(name));
        }
        return FACTORY.open("ram:///tests3-" + RAM_ROOTS.incrementAndGet() + "/" + name, Map.of());
    }

    /** Every object under {@code prefix} with its bytes, keys relative to the prefix; ib3's own objects left out. */
    public static Map<String, byte[]> contents(Store store, String prefix) {
        Store view = store.at(prefix);
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Entry> s = view.list("")) {
            s.forEach(e -> {
                if (isOwn(e.key())) {
                    return;
                }
                try (InputStream in = view.open(e.key())) {
                    out.put(e.key(), in.readAllBytes());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        return out;
    }

    /** ib3's manifest, journals and quarantines: a segment starting with {@code ib3-}. */
    public static boolean isOwn(String key) {
        for (String seg : key.split("/")) {
            if (seg.startsWith("ib3-")) {
                return true;
            }
        }
        return false;
    }
}
