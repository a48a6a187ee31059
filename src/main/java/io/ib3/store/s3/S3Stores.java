package io.ib3.store.s3;

import io.ib3.store.StoreFactory;
import io.ib3.store.object.ObjectStore;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/** Plugs S3 into ib3: the {@code s3://bucket/prefix} scheme. */
public final class S3Stores {

    public static final String SCHEME = "s3";

    private S3Stores() {
    }

    /** Adds the {@code s3} opener; {@code env} is where AWS_* settings and the profile's references are looked up. */
    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> open(uri, options, env));
    }

    /** Opens {@code s3://bucket/prefix} with a profile's options; nothing is contacted yet. */
    public static ObjectStore<S3Bucket> open(URI uri, Map<String, String> options, Function<String, String> env) {
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        return new ObjectStore<>(new S3Bucket(S3Config.fromOptions(options, env), bucket), uri.getPath() == null ? "" : uri.getPath());
    }
}
