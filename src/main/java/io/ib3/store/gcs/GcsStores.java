package io.ib3.store.gcs;

import io.ib3.store.StoreFactory;

import java.util.function.Function;

/** Entry point that plugs Google Cloud Storage into ib3: the {@code gs} scheme. */
public final class GcsStores {

    private GcsStores() {
    }

    public static StoreFactory register(StoreFactory factory) {
        return register(factory, System::getenv);
    }

    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register("gs", (uri, options) -> GcsStore.open(uri, options, env));
    }
}
