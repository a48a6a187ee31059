package io.ib3.testing;

import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A test decorator's base: forwards the methods every store must have to a real store, so a
 * decorator overrides only what it instruments. Optional behaviour (server-side copy, native
 * CRC32C, move, cleanup) keeps the {@link Store} defaults unless a decorator forwards it on
 * purpose: a wrapped S3 store must not silently offer server-side copies to a test that hides them.
 */
public abstract class ForwardingStore implements Store {

    protected final Store real;

    protected ForwardingStore(Store real) {
        this.real = real;
    }

    @Override
    public String location() {
        return real.location();
    }

    @Override
    public Set<Capability> capabilities() {
        return real.capabilities();
    }

    @Override
    public Stream<Entry> list(String prefix) {
        return real.list(prefix);
    }

    @Override
    public List<Entry> children(String folder) {
        return real.children(folder);
    }

    @Override
    public Optional<Entry> stat(String key) {
        return real.stat(key);
    }

    @Override
    public InputStream open(String key, long offset) {
        return real.open(key, offset);
    }

    @Override
    public void write(String key, InputStream content, long size) {
        real.write(key, content, size);
    }

    @Override
    public void delete(String key) {
        real.delete(key);
    }
}
