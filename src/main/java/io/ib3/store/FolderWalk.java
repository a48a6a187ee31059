package io.ib3.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A depth-first walk over a store with real folders, as a lazy stream of objects: it holds one
 * folder's entries at a time (never the whole tree), so listing 100,000 objects stays small.
 * (Object stores, which have no real folders, list with {@code PrefixWalk} instead.)
 *
 * @param <F> the store's folder handle (a Path, a VFS file object …)
 */
public final class FolderWalk<F> implements Iterator<Entry> {

    /** Reads one folder: objects go to {@code objects}, sub-folders to {@code folders}. */
    @FunctionalInterface
    public interface Reader<F> {
        void read(F folder, Consumer<Entry> objects, Consumer<F> folders);
    }

    private final Reader<F> reader;
    private final Deque<F> pending = new ArrayDeque<>();
    private final Deque<Entry> ready = new ArrayDeque<>();

    private FolderWalk(F start, Reader<F> reader) {
        this.reader = reader;
        pending.push(start);
    }

    /** The objects below {@code start}, in no particular order. */
    public static <F> Stream<Entry> stream(F start, Reader<F> reader) {
        Iterator<Entry> it = new FolderWalk<>(start, reader);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !pending.isEmpty()) {
            List<F> folders = new ArrayList<>();
            reader.read(pending.pop(), ready::add, folders::add);
            // pushed in reverse so the walk visits sub-folders in the order the reader gave them
            for (int i = folders.size() - 1; i >= 0; i--) {
                pending.push(folders.get(i));
            }
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
