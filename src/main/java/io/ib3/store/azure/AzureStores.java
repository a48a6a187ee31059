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

    /** Opens {@code azblob://account/container/prefix} with a profile's options; nothing is contacted yet. */
    public static ObjectStore<AzureContainer> open(URI uri, Map<String, String> options, Function<String, String> env) {
        String account = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        String path = Keys.normalize(uri.getPath() == null ? "" : uri.getPath());
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (container.isEmpty()) {
            throw Ib3Exception.usage("azblob location without a container: " + uri, "give azblob://account/container/prefix");
        }
        return new ObjectStore<>(new AzureContainer(AzureConfig.fromOptions(options, env), account, container), prefix);
    }

    /** Adds the {@code azblob} opener; {@code env} is where the profile's references are looked up. */
    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> open(uri, options, env));
    }
}
