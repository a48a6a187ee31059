package io.ib3.store.azure;

import io.ib3.error.Ib3Exception;
import io.ib3.store.Keys;
import io.ib3.store.StoreFactory;
import io.ib3.store.object.ObjectStore;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/** Plugs Azure Blob Storage into ib3: the {@code azblob://account/container/prefix} scheme. */
public final class AzureStores {

    public static final String SCHEME = "azblob";

    private AzureStores() {
    }

    /** Adds the {@code azblob} opener, reading the real environment. */
    public static StoreFactory register(StoreFactory factory) {
        return register(factory, System::getenv);
    }

    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> open(uri, options, env));
    }

    /** A store for {@code azblob://account/container/prefix} with a profile's options (nothing is contacted yet). */
    public static ObjectStore<AzureContainer> open(String location, Map<String, String> options) {
        return open(StoreFactory.parse(location), options, System::getenv);
    }

    public static ObjectStore<AzureContainer> open(URI uri, Map<String, String> options, Function<String, String> env) {
        String account = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        String path = Keys.normalize(uri.getPath() == null ? "" : uri.getPath());
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (container.isEmpty()) {
            throw Ib3Exception.usage("azblob location without a container: " + uri, "give azblob://account/container/prefix");
        }
        return open(AzureConfig.fromOptions(options, env), account, container, prefix);
    }

    /** A store on a container rooted at {@code prefix} ("" for the whole container). */
    public static ObjectStore<AzureContainer> open(AzureConfig config, String account, String container, String prefix) {
        return new ObjectStore<>(new AzureContainer(config, account, container), prefix);
    }

    /** As above with the page size of listings (5000 is Azure's maximum; tests use small pages). */
    public static ObjectStore<AzureContainer> open(AzureConfig config, String account, String container, String prefix,
                                                   int pageSize) {
        return new ObjectStore<>(new AzureContainer(config, account, container), prefix, pageSize);
    }
}
