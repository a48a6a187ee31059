package io.ib3.sample;

import io.ib3.error.Ib3Exception;
import io.ib3.layout.CatalogGeneration;
import io.ib3.store.NioStore;
import io.ib3.store.StoreException;
import io.ib3.store.StoreFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code demo:} scheme of the bundled demo profile: a sample Core node ({@code demo:core}) or
 * Enterprise cluster ({@code demo:enterprise}) written into a temporary folder at first use, so a
 * newcomer can {@code inspect}, {@code ls} and back up something real at once. Later uses find the
 * same folder again (one-shot commands see the same tree).
 */
public final class DemoStores {

    private static final String READY = ".ib3-demo-ready";

    private DemoStores() {
    }

    public static void register(StoreFactory factory) {
        factory.register("demo", (uri, options) -> {
            String variant = uri.getSchemeSpecificPart().replaceAll("^/+", "");
            if (!variant.equals("core") && !variant.equals("enterprise")) {
                throw Ib3Exception.usage("unknown demo '" + variant + "'", "use demo:core or demo:enterprise");
            }
            return NioStore.local(prepare(variant));
        });
    }

    /** The demo folder, written once (atomically: built beside, then renamed into place). */
    static synchronized Path prepare(String variant) {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "ib3-demo-" + System.getProperty("user.name", "user"));
        Path dir = base.resolve(variant);
        // the marker sits beside the tree, not in it, so the demo shows only InfluxDB's files
        Path ready = base.resolve(variant + READY);
        if (Files.exists(ready) && Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(base);
            Path building = Files.createTempDirectory(base, variant + ".building-");
            NioStore store = NioStore.local(building);
            if (variant.equals("core")) {
                SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true).snapshots(6)
                        .walAfterSnapshot(3).staging(true).derived(true).retention(true)
                        .database("sensors", "cpu", "mem").database("weather", "temperature")
                        .parquetBytes(24 * 1024).writeTo(store, "");
            } else {
                SampleTrees.enterprise("cluster0").nodes("ingest0", "ingest1").compactor("compactor0")
                        .snapshots(4).parquetBytes(16 * 1024).writeTo(store, "");
            }
            try {
                Files.move(building, dir);
            } catch (IOException raced) {
                // another process built it first: use theirs
                if (!Files.isDirectory(dir)) {
                    throw raced;
                }
            }
            Files.writeString(ready, "ib3 demo tree\n");
            return dir;
        } catch (IOException e) {
            throw new StoreException("cannot write the demo tree under " + base + ": " + e.getMessage(), e,
                    "check that the temporary folder (java.io.tmpdir) is writable");
        }
    }
}
