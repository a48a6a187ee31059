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

    /** Adds the {@code s3} opener, reading the real environment. */
    public static StoreFactory register(StoreFactory factory) {
        return register(factory, System::getenv);
    }

    /** Adds the {@code s3} opener with environment variables read through {@code env}. */
    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> open(uri, options, env));
    }

    /** A store for {@code s3://bucket/prefix} with a profile's options (nothing is contacted yet). */
    public static ObjectStore<S3Bucket> open(String location, Map<String, String> options) {
        return open(StoreFactory.parse(location), options, System::getenv);
    }

    /** Opens {@code s3://bucket/prefix} with a profile's options; nothing is contacted yet. */
    public static ObjectStore<S3Bucket> open(URI uri, Map<String, String> options, Function<String, String> env) {
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        return open(S3Config.fromOptions(options, env), bucket, uri.getPath() == null ? "" : uri.getPath());
    }

    /** A store on {@code bucket} rooted at {@code prefix} ("" for the whole bucket). */
    public static ObjectStore<S3Bucket> open(S3Config config, String bucket, String prefix) {
        return new ObjectStore<>(new S3Bucket(config, bucket), prefix);
    }

    /** As above with the page size of listings (1000 is S3's maximum; tests use small pages). */
    public static ObjectStore<S3Bucket> open(S3Config config, String bucket, String prefix, int pageSize) {
        return new ObjectStore<>(new S3Bucket(config, bucket), prefix, pageSize);
    }
}
