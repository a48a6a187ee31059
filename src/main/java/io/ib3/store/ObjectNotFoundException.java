package io.ib3.store;

/** The key does not exist in the store. */
public final class ObjectNotFoundException extends StoreException {

    public ObjectNotFoundException(String location, String key) {
        super("no such object: " + location + (location.endsWith("/") ? "" : "/") + key, null);
    }
}
