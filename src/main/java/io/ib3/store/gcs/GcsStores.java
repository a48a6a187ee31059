package io.ib3.store.gcs;

import com.google.cloud.storage.Storage;
import io.ib3.store.StoreFactory;
import io.ib3.store.object.ObjectStore;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/** Plugs Google Cloud Storage into ib3: the {@code gs://bucket/prefix} scheme. */
public final class GcsStores {

    public static final String SCHEME = "gs";

    private GcsStores() {
    }

    public static StoreFactory register(StoreFactory factory) {
        return register(factory, System::getenv);
    }

    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> open(uri, options, env));
    }

    public static ObjectStore<GcsBucket> open(URI uri, Map<String, String> options, Function<String, String> env) {
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        return open(GcsConfig.fromOptions(options, env), bucket, uri.getPath() == null ? "" : uri.getPath());
    }

    public static ObjectStore<GcsBucket> open(GcsConfig config, String bucket, String prefix) {
        return new ObjectStore<>(new GcsBucket(config, null, bucket), prefix);
    }

    /** A store on a ready client (tests: LocalStorageHelper); {@code config} still gives the identity and sizes. */
    public static ObjectStore<GcsBucket> open(GcsConfig config, Storage storage, String bucket, String prefix) {
        return new ObjectStore<>(new GcsBucket(config, storage, bucket), prefix);
    }
}
