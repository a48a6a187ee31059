package io.ib3.store.object;

import io.ib3.store.Entry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A flat listing as a lazy stream of objects: the next page is fetched only when the previous one
 * is consumed, so a listing of a million keys holds one page. A page that fails passes through
 * {@code failure}, so the user sees the store's one-line error rather than an SDK exception.
 */
final class PagedListing implements Iterator<Entry> {

    private final Function<String, ListPage> fetch;
    private final UnaryOperator<Entry> entry;
    private final Function<RuntimeException, RuntimeException> failure;
    private final Deque<Entry> ready = new ArrayDeque<>();
    private String token;
    private boolean last;

    private PagedListing(Function<String, ListPage> fetch, UnaryOperator<Entry> entry,
                         Function<RuntimeException, RuntimeException> failure) {
        this.fetch = fetch;
        this.entry = entry;
        this.failure = failure;
    }

    /**
     * @param fetch   the page after a token (null: the first page)
     * @param entry   an object of a page as the store shows it, or null to leave it out (folder markers)
     * @param failure maps a failed page request to the exception to throw
     */
    static Stream<Entry> stream(Function<String, ListPage> fetch, UnaryOperator<Entry> entry,
                                Function<RuntimeException, RuntimeException> failure) {
        Iterator<Entry> it = new PagedListing(fetch, entry, failure);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !last) {
            ListPage page;
            try {
                page = fetch.apply(token);
            } catch (RuntimeException e) {
                throw failure.apply(e);
            }
            for (Entry e : page.objects()) {
                Entry shown = entry.apply(e);
                if (shown != null) {
                    ready.add(shown);
                }
            }
            token = page.next();
            last = token == null;
        }
        return !ready.isEmpty();
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}
