package io.ib3.layout;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Database and table names by id, from a v1/v2 catalog snapshot payload
 * ({@code databases.repo = [[db_id, {name, tables: {repo: [[table_id, {table_name, …}]]}}]]}).
 * v3 catalogs are bitcode, so for them names stay unknown unless a v2 leftover still has them
 * (ids survive the migration).
 */
public final class CatalogNames {

    private static final CatalogNames EMPTY = new CatalogNames(Map.of(), Map.of());

    private final Map<Long, String> databases;
    private final Map<Long, Map<Long, String>> tables;

    private CatalogNames(Map<Long, String> databases, Map<Long, Map<Long, String>> tables) {
        this.databases = databases;
        this.tables = tables;
    }

    public static CatalogNames empty() {
        return EMPTY;
    }

    /** Reads names from a catalog snapshot payload; tolerant of shapes it does not know (no names then). */
    public static CatalogNames fromSnapshotPayload(JsonNode payload) {
        Map<Long, String> dbs = new TreeMap<>();
        Map<Long, Map<Long, String>> tbls = new TreeMap<>();
        for (JsonNode pair : repo(payload == null ? null : payload.get("databases"))) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToLong()) {
                continue;
            }
            long dbId = pair.get(0).longValue();
            JsonNode db = pair.get(1);
            JsonNode name = db.get("name");
            if (name != null && name.isTextual()) {
                dbs.put(dbId, name.textValue());
            }
            Map<Long, String> names = new TreeMap<>();
            for (JsonNode t : repo(db.get("tables"))) {
                if (t.isArray() && t.size() == 2 && t.get(0).canConvertToLong()) {
                    JsonNode tn = t.get(1).get("table_name");
                    if (tn != null && tn.isTextual()) {
                        names.put(t.get(0).longValue(), tn.textValue());
                    }
                }
            }
            if (!names.isEmpty()) {
                tbls.put(dbId, names);
            }
        }
        return new CatalogNames(Collections.unmodifiableMap(dbs), Collections.unmodifiableMap(tbls));
    }

    private static Iterable<JsonNode> repo(JsonNode node) {
        if (node == null) {
            return java.util.List.of();
        }
        JsonNode repo = node.isObject() ? node.get("repo") : node;
        return repo != null && repo.isArray() ? repo : java.util.List.of();
    }

    public boolean isEmpty() {
        return databases.isEmpty();
    }

    /** Database name, or {@code null}. */
    public String database(long dbId) {
        return databases.get(dbId);
    }

    /** Table name, or {@code null}. */
    public String table(long dbId, long tableId) {
        Map<Long, String> t = tables.get(dbId);
        return t == null ? null : t.get(tableId);
    }

    public Map<Long, String> databases() {
        return databases;
    }

    /** These names, with {@code fallback}'s for ids these do not know. */
    public CatalogNames orElse(CatalogNames fallback) {
        if (fallback == null || fallback.isEmpty()) {
            return this;
        }
        Map<Long, String> dbs = new TreeMap<>(fallback.databases);
        dbs.putAll(databases);
        Map<Long, Map<Long, String>> tbls = new TreeMap<>();
        fallback.tables.forEach((k, v) -> tbls.put(k, new TreeMap<>(v)));
        tables.forEach((k, v) -> tbls.computeIfAbsent(k, x -> new TreeMap<>()).putAll(v));
        return new CatalogNames(Collections.unmodifiableMap(dbs), Collections.unmodifiableMap(tbls));
    }
}
