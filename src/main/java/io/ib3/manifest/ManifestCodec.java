package io.ib3.manifest;

import io.ib3.layout.Product;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.report.Sizes;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Writes and reads {@code ib3-manifest.json}. Reading is strict: a manifest is input from a store
 * that someone else may have written to, and restore trusts the keys in it. Every problem is an
 * {@link Ib3Exception} with exit code 3 naming the manifest and the entry at fault.
 */
public final class ManifestCodec {

    /** The manifest's key inside a backup folder. */
    public static final String FILE = "ib3-manifest.json";

    /**
     * Where a removed backup's manifest goes (prune, delete): the folder is then no backup, and
     * keeps only the objects kept backups of its chain still use.
     */
    public static final String RETIRED = "ib3-retired-manifest.json";

    /** Larger manifests are refused unread (about 2 million entries fit). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    /** Largest size accepted for one object: 2^53, the largest integer every JSON reader keeps exact. */
    public static final long MAX_OBJECT_SIZE = 1L << 53;

    private static final String PARTIAL = FILE + ".partial";
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private ManifestCodec() {
    }

    /**
     * Writes the manifest into the backup folder, then reads it back. Call it last, after every copy
     * succeeded: its presence is what makes the backup complete. The content is generated into a
     * local temporary file first so memory stays small and the size is known for the store. Stores
     * without atomic put get a temporary key and a move, so a reader never sees half a manifest under
     * the real name. The read-back compares size and CRC32C with what was generated: every byte the
     * store keeps is the byte written (that this codec reads what it writes is its tests' job; a
     * parse of every entry here cost a second on a 13,000-object backup).
     *
     * @throws Ib3Exception (exit 1) when the manifest cannot be written or does not read back the same
     */
    public static void write(Store target, Manifest manifest) {
        String where = target.location() + "/" + FILE;
        Path tmp = null;
        String written;
        long writtenSize;
        try {
            tmp = Files.createTempFile("ib3-manifest", ".json");
            CRC32C crc = new CRC32C();
            try (OutputStream out = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), crc);
                 JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                g.useDefaultPrettyPrinter();
                writeJson(g, manifest);
            }
            long size = Files.size(tmp);
            if (size > MAX_BYTES) {
                throw Ib3Exception.failed("the manifest for " + where + " would be " + Sizes.human(size) + ", more than the "
                        + Sizes.human(MAX_BYTES) + " a manifest may have",
                        "ib3 reads manifests up to this size so that verify and restore can; for Core servers, back up each"
                                + " node folder on its own (--from SRC/NODE_ID); a larger Enterprise cluster is not supported yet");
            }
            written = Crc32c.hex(crc.getValue());
            writtenSize = size;
            String key = target.has(Capability.ATOMIC_PUT) ? FILE : PARTIAL;
            try (InputStream in = Files.newInputStream(tmp)) {
                target.write(key, in, size);
            }
            if (!key.equals(FILE)) {
                target.move(key, FILE);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write " + where + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover file in the temp directory holds no secret and is harmless
                }
            }
        }
        String back;
        long backSize;
        try (InputStream in = target.open(FILE)) {
            CRC32C crc = new CRC32C();
            backSize = new CheckedInputStream(in, crc).transferTo(OutputStream.nullOutputStream());
            back = Crc32c.hex(crc.getValue());
        } catch (IOException | RuntimeException e) {
            throw Ib3Exception.failed("the manifest written to " + where + " does not read back: " + e.getMessage());
        }
        if (backSize != writtenSize || !back.equals(written)) {
            throw Ib3Exception.failed("the manifest written to " + where + " does not read back the same: "
                    + backSize + " bytes with CRC32C " + back + " instead of " + writtenSize + " bytes with CRC32C " + written);
        }
    }

    private static void writeJson(JsonGenerator g, Manifest m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("formatVersion", m.formatVersion());
        g.writeStringField("toolVersion", m.toolVersion());
        g.writeStringField("createdAt", m.createdAt().toString());
        g.writeStringField("completedAt", m.completedAt().toString());
        g.writeStringField("source", m.source());
        g.writeStringField("product", m.product().label());
        g.writeStringField("clusterId", m.clusterId());
        g.writeArrayFieldStart("nodeIds");
        for (String n : m.nodeIds()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeStringField("catalogGeneration", m.catalogGeneration());
        g.writeArrayFieldStart("recoveryPoint");
        for (RecoveryPoint rp : m.recoveryPoint()) {
            g.writeStartObject();
            g.writeStringField("node", rp.node());
            writeLong(g, "snapshot", rp.snapshot());
            writeLong(g, "walFirst", rp.walFirst());
            writeLong(g, "walLast", rp.walLast());
            writeLong(g, "minTime", rp.minTime());
            writeLong(g, "maxTime", rp.maxTime());
            writeLong(g, "catalogSequence", rp.catalogSequence());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("plan");
        JSON.writeTree(g, m.plan());
        g.writeObjectFieldStart("origin");
        g.writeStringField("kind", m.origin().kind());
        g.writeStringField("at", m.origin().at() == null ? null : m.origin().at().toString());
        g.writeArrayFieldStart("notes");
        for (String n : m.origin().notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("lineage");
        g.writeStringField("type", m.lineage().type());
        g.writeStringField("parent", m.lineage().parent());
        g.writeEndObject();
        g.writeObjectFieldStart("sourceMissing");
        g.writeBooleanField("accepted", m.sourceGaps().accepted());
        g.writeBooleanField("confirmed", m.sourceGaps().confirmed());
        g.writeArrayFieldStart("files");
        for (MissingFile f : m.sourceGaps().missing()) {
            g.writeStartObject();
            g.writeStringField("key", f.key());
            g.writeStringField("node", f.node());
            g.writeNumberField("snapshot", f.snapshot());
            g.writeNumberField("size", f.size());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("totals");
        g.writeNumberField("files", m.totals().files());
        g.writeNumberField("bytes", m.totals().bytes());
        g.writeNumberField("notChecksummed", m.totals().notChecksummed());
        g.writeNumberField("ownFiles", m.totals().ownFiles());
        g.writeNumberField("ownBytes", m.totals().ownBytes());
        g.writeEndObject();
        // entries last: the summary above can be read without reading every entry
        g.writeArrayFieldStart("entries");
        for (ManifestEntry e : m.entries()) {
            g.writeStartObject();
            g.writeStringField("key", e.key());
            g.writeStringField("phase", e.phase());
            g.writeNumberField("size", e.size());
            g.writeStringField("crc32c", e.crc32c());
            if (e.stored() != null) {
                g.writeStringField("at", e.stored());
            }
            if (e.fingerprint() != null) {
                g.writeStringField("fp", e.fingerprint());
            }
            if (e.holder() != null) {
                g.writeStringField("in", e.holder());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    /** Reads and validates the manifest of the backup rooted at {@code backup}. */
    public static Manifest read(Store backup) {
        return read(backup, FILE, MAX_BYTES, false);
    }

    /**
     * Reads everything but the entries (the returned manifest has none; its totals are the
     * recorded ones): what {@code backups list}, parent selection and retention need, without
     * reading a list of every object of every backup. Entries are written last, so this stops
     * there.
     */
    public static Manifest readSummary(Store backup) {
        return read(backup, FILE, MAX_BYTES, true);
    }

    /** The summary of the manifest at {@code key} (the retired manifest of a removed backup). */
    public static Manifest readSummary(Store backup, String key) {
        return read(backup, key, MAX_BYTES, true);
    }

    /** The whole manifest at {@code key} of a folder (the retired manifest of a removed backup). */
    public static Manifest read(Store backup, String key) {
        return read(backup, key, MAX_BYTES, false);
    }

    static Manifest read(Store backup, long maxBytes) {
        return read(backup, FILE, maxBytes, false);
    }

    private static Manifest read(Store backup, String file, long maxBytes, boolean summary) {
        String where = backup.location() + "/" + file;
        Optional<Entry> stat = backup.stat(file);
        if (stat.isEmpty() || stat.get().folder()) {
            if (Journal.exists(backup, Journal.DEFAULT_PREFIX)) {
                throw new Ib3Exception(ExitCode.VERIFY_FAILED, "incomplete backup: " + backup.location() + " has no " + FILE,
                        "the run that wrote it stopped early; run the same backup again with --name to complete it");
            }
            throw Ib3Exception.usage("not a backup: " + backup.location() + " has no " + FILE,
                    "list the backups under a folder with: backups list FOLDER");
        }
        if (stat.get().size() > maxBytes) {
            throw invalid(where, "is " + Sizes.human(stat.get().size()) + ", more than the " + Sizes.human(maxBytes)
                    + " a manifest may have");
        }
        try (InputStream in = new Bounded(backup.open(file), maxBytes);
             JsonParser p = JSON.getFactory().createParser(in)) {
            return parse(p, where, summary);
        } catch (TooLarge e) {
            throw invalid(where, "is more than the " + Sizes.human(maxBytes) + " a manifest may have");
        } catch (JsonProcessingException e) {
            throw invalid(where, "is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new StoreException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static Manifest parse(JsonParser p, String where, boolean summary) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw invalid(where, "is not a JSON object");
        }
        Map<String, JsonNode> fields = new HashMap<>();
        List<ManifestEntry> entries = null;
        int version = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("entries") && summary) {
                t = JsonToken.END_OBJECT;
                break;
            } else if (name.equals("entries")) {
                entries = parseEntries(p, where);
            } else {
                JsonNode value = JSON.readTree(p);
                if (name.equals("formatVersion")) {
                    version = checkVersion(value, where);
                }
                fields.put(name, value);
            }
        }
        if (t != JsonToken.END_OBJECT || (!summary && p.nextToken() != null)) {
            throw invalid(where, "has data after the manifest object");
        }
        if (!fields.containsKey("formatVersion")) {
            throw invalid(where, "has no formatVersion");
        }
        if (entries == null && !summary) {
            throw invalid(where, "has no entries");
        }
        if (entries == null) {
            entries = List.of();
        }
        String productText = text(fields, "product", where, true);
        Product product;
        try {
            // "none": the manifest of a quarantine that held files but no InfluxDB tree
            product = Product.parse(productText);
        } catch (Ib3Exception e) {
            throw invalid(where, "product '" + Keys.printable(productText) + "' is neither core, enterprise nor none");
        }
        List<String> nodeIds = new ArrayList<>();
        JsonNode nodes = fields.get("nodeIds");
        if (nodes != null && !nodes.isNull()) {
            if (!nodes.isArray()) {
                throw invalid(where, "nodeIds is not a list");
            }
            for (JsonNode n : nodes) {
                nodeIds.add(nodeId(n, "nodeIds", where));
            }
        }
        Manifest.Totals totals = totals(fields.get("totals"), where);
        Manifest.Totals actual = Manifest.Totals.of(entries);
        if (!summary && !totals.equals(actual)) {
            throw invalid(where, "totals say " + totals.files() + " objects, " + totals.bytes() + " bytes, "
                    + totals.notChecksummed() + " without checksum, " + totals.ownBytes() + " bytes held here; the entries hold "
                    + actual.files() + ", " + actual.bytes() + ", " + actual.notChecksummed() + ", " + actual.ownBytes());
        }
        JsonNode plan = fields.get("plan");
        if (plan != null && !plan.isNull() && !plan.isObject()) {
            throw invalid(where, "plan is not an object");
        }
        JsonNode planNode = plan == null || plan.isNull() ? null : plan;
        Manifest.Origin origin = version == 1 ? Manifest.Origin.BACKUP : origin(fields.get("origin"), where);
        Manifest.SourceGaps gaps = version == 1 ? legacyGaps(planNode, where) : sourceGaps(fields.get("sourceMissing"), where);
        Manifest.Lineage lineage = version == 1 ? Manifest.Lineage.FULL : lineage(fields.get("lineage"), entries, where);
        return new Manifest(version, text(fields, "toolVersion", where, true),
                instant(fields, "createdAt", where), instant(fields, "completedAt", where),
                text(fields, "source", where, true), product, text(fields, "clusterId", where, false), nodeIds,
                text(fields, "catalogGeneration", where, false), recoveryPoints(fields.get("recoveryPoint"), where),
                planNode, entries, totals, origin, gaps, lineage);
    }

    private static Manifest.Lineage lineage(JsonNode node, List<ManifestEntry> entries, String where) {
        Manifest.Lineage l = Manifest.Lineage.FULL;
        if (node != null && !node.isNull()) {
            String type = node.path("type").asText("");
            JsonNode parent = node.get("parent");
            if (type.equals("incremental")) {
                if (parent == null || !parent.isTextual() || !BACKUP_NAME.matcher(parent.asText()).matches()) {
                    throw invalid(where, "lineage.parent is not a backup folder name");
                }
                l = Manifest.Lineage.incremental(parent.asText());
            } else if (!type.equals("full")) {
                throw invalid(where, "lineage.type is neither full nor incremental");
            }
        }
        if (!l.incremental() && entries.stream().anyMatch(e -> e.holder() != null)) {
            throw invalid(where, "a full backup names objects held by another backup");
        }
        return l;
    }

    private static int checkVersion(JsonNode value, String where) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                || value.intValue() > Manifest.FORMAT_VERSION) {
            throw new Ib3Exception(ExitCode.VERIFY_FAILED, "invalid manifest " + where + ": formatVersion " + value
                    + " is not supported (this ib3 reads 1 to " + Manifest.FORMAT_VERSION + ")",
                    "a newer ib3 may read it; never edit a manifest by hand");
        }
        return value.intValue();
    }

    private static Manifest.Origin origin(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Manifest.Origin.BACKUP;
        }
        if (!node.isObject()) {
            throw invalid(where, "origin is not an object");
        }
        JsonNode kind = node.get("kind");
        if (kind == null || !kind.isTextual() || !(kind.asText().equals("backup") || kind.asText().equals("adopted"))) {
            throw invalid(where, "origin.kind is neither backup nor adopted");
        }
        Map<String, JsonNode> f = new HashMap<>();
        node.fields().forEachRemaining(e -> f.put(e.getKey(), e.getValue()));
        Instant at = f.get("at") == null || f.get("at").isNull() ? null : instant(f, "at", where);
        List<String> notes = new ArrayList<>();
        JsonNode n = node.get("notes");
        if (n != null && !n.isNull()) {
            if (!n.isArray()) {
                throw invalid(where, "origin.notes is not a list");
            }
            for (JsonNode line : n) {
                if (!line.isTextual()) {
                    throw invalid(where, "origin.notes holds something that is not text");
                }
                notes.add(Keys.printable(line.asText()));
            }
        }
        return new Manifest.Origin(kind.asText(), at, notes);
    }

    private static Manifest.SourceGaps sourceGaps(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Manifest.SourceGaps.NONE;
        }
        if (!node.isObject() || !node.path("files").isArray()) {
            throw invalid(where, "sourceMissing is not an object with a list of files");
        }
        List<MissingFile> files = new ArrayList<>();
        int i = 0;
        for (JsonNode f : node.get("files")) {
            String at = "sourceMissing.files[" + i++ + "]";
            if (!f.isObject() || !f.path("key").isTextual()) {
                throw invalid(where, at + " has no key");
            }
            String key = f.get("key").asText();
            try {
                Keys.requireSafe(key);
            } catch (IllegalArgumentException e) {
                throw invalid(where, at + ": " + e.getMessage());
            }
            Long snapshot = optLong(f, "snapshot", at, where);
            Long size = optLong(f, "size", at, where);
            files.add(new MissingFile(key, nodeId(f.get("node"), at + ".node", where), snapshot == null ? -1 : snapshot,
                    size == null ? -1 : size));
        }
        return new Manifest.SourceGaps(files, node.path("accepted").asBoolean(false), node.path("confirmed").asBoolean(true));
    }

    /** Format 1 kept the keys of referenced files absent from the source in the plan summary, unconfirmed. */
    private static Manifest.SourceGaps legacyGaps(JsonNode plan, String where) {
        if (plan == null) {
            return Manifest.SourceGaps.NONE;
        }
        List<MissingFile> files = new ArrayList<>();
        for (JsonNode k : plan.path("knownMissing")) {
            String key = k.asText();
            try {
                Keys.requireSafe(key);
            } catch (IllegalArgumentException e) {
                throw invalid(where, "plan.knownMissing: " + e.getMessage());
            }
            int slash = key.indexOf('/');
            files.add(new MissingFile(key, slash < 0 ? key : key.substring(0, slash), -1, -1));
        }
        return files.isEmpty() ? Manifest.SourceGaps.NONE : new Manifest.SourceGaps(files, false, false);
    }

    private static List<ManifestEntry> parseEntries(JsonParser p, String where) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw invalid(where, "entries is not a list");
        }
        List<ManifestEntry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> storedAt = new HashSet<>();
        // a backup has a handful of phases: one string each, not one per entry
        Map<String, String> phases = new HashMap<>();
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw invalid(where, "entries[" + index + "] is not an object");
            }
            ManifestEntry e = entry(p, index, where, phases);
            if (!seen.add(e.key())) {
                throw invalid(where, "entries[" + index + "] (" + Keys.printable(e.key()) + ") repeats a key listed before");
            }
            if (e.ownBytes() && !storedAt.add(e.storedKey())) {
                throw invalid(where, "entries[" + index + "] (" + Keys.printable(e.key()) + ") is stored where another entry is");
            }
            out.add(e);
            index++;
        }
        return out;
    }

    /**
     * One entry, read field by field from the stream (a manifest lists every object of a backup:
     * building a JSON tree per entry cost more than everything else a read does).
     */
    private static ManifestEntry entry(JsonParser p, int index, String where, Map<String, String> phases) throws IOException {
        String at = "entries[" + index + "]";
        String key = null;
        String phase = null;
        Long size = null;
        String crc = null;
        String stored = null;
        String holder = null;
        String fp = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "key" -> key = text(p, v, at, "key", where);
                case "phase" -> phase = text(p, v, at, "phase", where);
                case "size" -> {
                    if (v != JsonToken.VALUE_NUMBER_INT) {
                        throw invalid(where, at + " has no whole-number size");
                    }
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() > MAX_OBJECT_SIZE) {
                        throw invalid(where, at + ": size " + p.getText() + " is absurd (more than 2^53 bytes)");
                    }
                    size = p.getLongValue();
                }
                case "crc32c" -> {
                    crc = text(p, v, at, "crc32c", where);
                    if (crc != null && !Crc32c.isValidHex(crc)) {
                        throw invalid(where, at + ": crc32c \"" + Keys.printable(crc) + "\" is not 8 lowercase hex digits");
                    }
                }
                case "at" -> stored = text(p, v, at, "at", where);
                case "in" -> holder = text(p, v, at, "in", where);
                case "fp" -> fp = text(p, v, at, "fp", where);
                default -> p.skipChildren();  // a field a newer ib3 writes: not this version's business
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw invalid(where, at + " is not an object");
        }
        if (key == null) {
            throw invalid(where, at + " has no key");
        }
        at = at + " (" + Keys.printable(key) + ")";
        try {
            Keys.requireSafe(key);
        } catch (IllegalArgumentException e) {
            throw invalid(where, at + ": " + e.getMessage());
        }
        if (key.equals(FILE) || Keys.isUnder(key, Journal.DEFAULT_PREFIX)) {
            throw invalid(where, at + " names a file ib3 keeps for itself");
        }
        if (phase == null || phase.isBlank()) {
            throw invalid(where, at + " has no phase");
        }
        if (size == null) {
            throw invalid(where, at + " has no whole-number size");
        }
        if (size < 0) {
            throw invalid(where, at + ": size " + size + " is negative");
        }
        if (stored != null) {
            checkStored(stored, at, where);
        }
        if (holder != null && !BACKUP_NAME.matcher(holder).matches()) {
            throw invalid(where, at + ": holder " + Keys.printable(holder) + " is not a backup folder name");
        }
        if (fp != null) {
            if (fp.length() > 200) {
                throw invalid(where, at + ": fingerprint is not text of at most 200 characters");
            }
            fp = Keys.printable(fp);
        }
        return new ManifestEntry(key, phases.computeIfAbsent(phase, x -> x), size, crc, stored, fp, holder);
    }

    /** A text field's value; {@code null} for JSON null; anything else is an invalid manifest. */
    private static String text(JsonParser p, JsonToken v, String at, String field, String where) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw invalid(where, at + ": " + field + " is not text");
        }
        return p.getText();
    }

    /** A backup folder's name: one segment, what {@code backup --name} accepts. */
    public static final java.util.regex.Pattern BACKUP_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static void checkStored(String stored, String at, String where) {
        try {
            Keys.requireSafe(stored);
        } catch (IllegalArgumentException e) {
            throw invalid(where, at + ": at: " + e.getMessage());
        }
        if (stored.equals(FILE) || Keys.isUnder(stored, Journal.DEFAULT_PREFIX)) {
            throw invalid(where, at + " is stored at a file ib3 keeps for itself");
        }
    }

    private static String nodeId(JsonNode n, String field, String where) {
        if (n == null || !n.isTextual()) {
            throw invalid(where, field + " holds something that is not a node id");
        }
        String id = n.asText();
        try {
            Keys.requireSafe(id);
        } catch (IllegalArgumentException e) {
            throw invalid(where, field + ": " + e.getMessage());
        }
        if (id.contains("/")) {
            throw invalid(where, field + ": node id '" + Keys.printable(id) + "' contains a slash");
        }
        return id;
    }

    private static List<RecoveryPoint> recoveryPoints(JsonNode node, String where) {
        List<RecoveryPoint> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw invalid(where, "recoveryPoint is not a list");
        }
        int i = 0;
        for (JsonNode rp : node) {
            String at = "recoveryPoint[" + i++ + "]";
            if (!rp.isObject()) {
                throw invalid(where, at + " is not an object");
            }
            out.add(new RecoveryPoint(nodeId(rp.get("node"), at + ".node", where), optLong(rp, "snapshot", at, where),
                    optLong(rp, "walFirst", at, where), optLong(rp, "walLast", at, where),
                    optLong(rp, "minTime", at, where), optLong(rp, "maxTime", at, where),
                    optLong(rp, "catalogSequence", at, where)));
        }
        return out;
    }

    private static Long optLong(JsonNode obj, String name, String at, String where) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(where, at + "." + name + " is not a whole number: " + v);
        }
        return v.longValue();
    }

    private static Manifest.Totals totals(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw invalid(where, "has no totals");
        }
        long[] v = new long[5];
        String[] names = {"files", "bytes", "notChecksummed", "ownFiles", "ownBytes"};
        for (int i = 0; i < 5; i++) {
            JsonNode n = node.get(names[i]);
            if (i >= 3 && n == null) {
                // format 1 and early format 2: every object was the backup's own
                v[i] = v[i - 3];
                continue;
            }
            if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
                throw invalid(where, "totals." + names[i] + " is missing or not a whole number");
            }
            v[i] = n.longValue();
        }
        return new Manifest.Totals(v[0], v[1], v[2], v[3], v[4]);
    }

    private static String text(Map<String, JsonNode> fields, String name, String where, boolean required) {
        JsonNode v = fields.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(where, "has no " + name);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(where, name + " is not text");
        }
        return v.asText();
    }

    private static Instant instant(Map<String, JsonNode> fields, String name, String where) {
        String text = text(fields, name, where, true);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(where, name + " '" + Keys.printable(text) + "' is not an ISO-8601 UTC time");
        }
    }

    private static Ib3Exception invalid(String where, String problem) {
        return new Ib3Exception(ExitCode.VERIFY_FAILED, "invalid manifest " + where + ": " + problem,
                "the manifest is damaged or was altered; do not restore from this backup",
                "run verify on another backup, or make a new backup");
    }

    /** Fails the read once more than {@code max} bytes came, whatever the store said the size is. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long count;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > max) {
                throw new TooLarge();
            }
            return n;
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("manifest too large");
        }
    }
}
