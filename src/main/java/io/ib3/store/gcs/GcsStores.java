package io.ib3.store.gcs;

import io.ib3.store.StoreFactory;
import io.ib3.store.object.ObjectStore;

import java.util.function.Function;

/** Plugs Google Cloud Storage into ib3: the {@code gs://bucket/prefix} scheme. */
public final class GcsStores {

    public static final String SCHEME = "gs";

    private GcsStores() {
    }

    /** Adds the {@code gs} opener; {@code env} is where the profile's references are looked up. Nothing is contacted yet. */
    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> new ObjectStore<>(new GcsBucket(GcsConfig.fromOptions(options, env), null,
                uri.getHost() != null ? uri.getHost() : uri.getAuthority()), uri.getPath() == null ? "" : uri.getPath()));
    }
}
