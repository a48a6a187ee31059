package io.ib3.store.object;

import io.ib3.store.Entry;

import java.util.List;

/**
 * One page of a listing, in full keys.
 *
 * @param objects the objects on this page (keys may end in '/' for folder markers, which the store skips)
 * @param folders common prefixes of a delimited listing, each ending in '/'
 * @param next    the token of the next page, or null on the last page
 */
public record ListPage(List<Entry> objects, List<String> folders, String next) {

    public ListPage {
        objects = List.copyOf(objects);
        folders = List.copyOf(folders);
    }
}
