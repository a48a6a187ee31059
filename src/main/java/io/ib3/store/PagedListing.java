package io.ib3.store;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A flat object-store listing as a lazy stream of objects. The SDKs' paged iterators fetch the
 * next page only when the previous one is consumed, and they fail while iterating, not only when
 * the listing starts: such a failure passes through {@code failure} so the user sees the store's
 * own one-line error instead of an SDK exception.
 */
public final class PagedListing<T> implements Iterator<Entry> {

    private final Iterator<T> items;
    private final Predicate<T> isObject;
    private final Function<T, Entry> entry;
    private final Function<RuntimeException, RuntimeException> failure;
    private Entry next;

    private PagedListing(Iterator<T> items, Predicate<T> isObject, Function<T, Entry> entry,
            Function<RuntimeException, RuntimeException> failure) {
        this.items = items;
        this.isObject = isObject;
        this.entry = entry;
        this.failure = failure;
    }

    /**
     * The items that {@code isObject} accepts (folder markers are not objects), turned into
     * entries. {@code failure} maps an exception thrown while paging to the one to throw.
     */
    public static <T> Stream<Entry> stream(Iterator<T> items, Predicate<T> isObject, Function<T, Entry> entry,
            Function<RuntimeException, RuntimeException> failure) {
        Iterator<Entry> it = new PagedListing<>(items, isObject, entry, failure);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && items.hasNext()) {
                T item = items.next();
                if (isObject.test(item)) {
                    next = entry.apply(item);
                }
            }
        } catch (RuntimeException e) {
            throw failure.apply(e);
        }
        return next != null;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = next;
        next = null;
        return e;
    }
}
