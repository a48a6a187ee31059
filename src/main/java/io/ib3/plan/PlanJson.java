package io.ib3.plan;

import io.ib3.layout.Product;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.Crc32c;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.store.Keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans as JSON: the {@code --json} document (steps with counts, no object list) and the saved
 * plan file ({@code --save}: with every object, read back by {@code backup --plan}).
 */
public final class PlanJson {

    /** Format version of saved plan files. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    /** The {@code --json} document; with {@code withItems} also every object (the saved form). */
    public static ObjectNode toJson(Plan plan, boolean withItems) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("operation", plan.operation().name().toLowerCase());
        root.put("source", plan.source());
        root.put("target", plan.target());
        root.put("product", plan.product().label());
        if (plan.clusterId() != null) {
            root.put("clusterId", plan.clusterId());
        }
        ArrayNode nodes = root.putArray("nodes");
        plan.nodes().forEach(nodes::add);
        root.put("catalogGeneration", plan.catalogGeneration());
        root.put("catalogSequence", plan.catalogSequence());
        root.put("createdAt", plan.createdAt().toString());
        ArrayNode steps = root.putArray("steps");
        for (PlanStep step : plan.steps()) {
            ObjectNode s = steps.addObject();
            s.put("phase", step.phase().label());
            s.put("node", step.node());
            s.put("source", step.sourcePrefix());
            s.put("target", step.targetPrefix());
            s.put("files", step.files());
            s.put("bytes", step.bytes());
            s.put("presentFiles", step.presentFiles());
            s.put("presentBytes", step.presentBytes());
            s.put("reusedFiles", step.reusedFiles());
            s.put("reusedBytes", step.reusedBytes());
            if (withItems) {
                ArrayNode items = s.putArray("items");
                for (PlanItem item : step.items()) {
                    ObjectNode i = items.addObject();
                    i.put("source", item.sourceKey());
                    i.put("target", item.targetKey());
                    i.put("size", item.size());
                    if (item.crc32c() != null) {
                        i.put("crc32c", item.crc32c());
                    }
                    if (item.present()) {
                        i.put("present", true);
                    }
                    if (item.fingerprint() != null) {
                        i.put("fingerprint", item.fingerprint());
                    }
                    if (item.reused()) {
                        i.put("holder", item.reuse().holder());
                        i.put("stored", item.reuse().storedKey());
                    }
                }
            }
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("files", plan.files());
        totals.put("bytes", plan.bytes());
        totals.put("presentFiles", plan.presentFiles());
        totals.put("presentBytes", plan.presentBytes());
        totals.put("reusedFiles", plan.reusedFiles());
        totals.put("reusedBytes", plan.reusedBytes());
        totals.put("toCopyFiles", plan.files() - plan.presentFiles() - plan.reusedFiles());
        totals.put("toCopyBytes", plan.bytes() - plan.presentBytes() - plan.reusedBytes());
        if (plan.parent() != null) {
            root.put("parent", plan.parent());
        }
        root.set("recoveryPoint", recoveryPoints(plan.recoveryPoint()));
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().forEach(warnings::add);
        return root;
    }

    /** Recovery points as the JSON array used by plan, manifest and verify output. */
    public static ArrayNode recoveryPoints(List<RecoveryPoint> points) {
        ArrayNode out = MAPPER.createArrayNode();
        points.forEach(rp -> out.add(BackupCatalog.recoveryPointJson(rp)));
        return out;
    }

    private static List<RecoveryPoint> recoveryPoints(JsonNode array) {
        List<RecoveryPoint> out = new ArrayList<>();
        for (JsonNode r : array) {
            out.add(new RecoveryPoint(r.path("node").asText(), longOrNull(r, "snapshot"), longOrNull(r, "walFirst"),
                    longOrNull(r, "walLast"), longOrNull(r, "minTime"), longOrNull(r, "maxTime"),
                    longOrNull(r, "catalogSequence")));
        }
        return out;
    }

    private static Long longOrNull(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    public static String write(Plan plan) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(plan, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a saved plan, rejecting anything that could make it write outside its target: unsafe
     * keys, duplicate target keys, negative sizes, an unknown format.
     *
     * @param origin the file name, for messages
     */
    private static Phase phase(String text, String origin) {
        try {
            return Phase.parse(text);
        } catch (IllegalArgumentException e) {
            throw Ib3Exception.usage("plan file " + origin + ": unknown phase '" + Keys.printable(text) + "'",
                    "a plan file must come from 'plan … --save'");
        }
    }

    private static Product product(String text, String origin) {
        try {
            return Product.parse(text);
        } catch (Ib3Exception e) {
            throw Ib3Exception.usage("plan file " + origin + ": unknown product '" + Keys.printable(text) + "'");
        }
    }

    public static Plan read(String json, String origin) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw Ib3Exception.usage("plan file " + origin + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), "save a plan with: plan backup … --save FILE");
        }
        if (root == null || root.path("format").asInt(-1) != FORMAT) {
            throw Ib3Exception.usage("plan file " + origin + " has an unknown format " + (root == null ? "" : root.path("format")),
                    "this ib3 reads plan format " + FORMAT + "; make the plan again with this version");
        }
        Operation op;
        try {
            op = Operation.valueOf(root.path("operation").asText("").toUpperCase());
        } catch (IllegalArgumentException e) {
            throw Ib3Exception.usage("plan file " + origin + ": unknown operation '" + root.path("operation").asText() + "'");
        }
        List<PlanStep> steps = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        int index = 0;
        for (JsonNode s : root.path("steps")) {
            List<PlanItem> items = new ArrayList<>();
            for (JsonNode i : s.path("items")) {
                index++;
                String src = i.path("source").asText(null);
                String dst = i.path("target").asText(null);
                long size = i.path("size").asLong(-1);
                try {
                    Keys.requireSafe(src);
                    Keys.requireSafe(dst);
                } catch (IllegalArgumentException e) {
                    throw Ib3Exception.usage("plan file " + origin + ", object " + index + ": " + e.getMessage(),
                            "a plan file must come from 'plan … --save'; do not edit keys by hand");
                }
                if (dst.startsWith(SourceScan.OWN_PREFIX)) {
                    // the manifest and journals are ib3's: a plan that writes them could fake a complete backup
                    throw Ib3Exception.usage("plan file " + origin + ", object " + index + ": target " + Keys.printable(dst)
                            + " is a name ib3 keeps for itself", "a plan file must come from 'plan … --save'; do not edit keys by hand");
                }
                if (size < 0 || size > (1L << 53)) {
                    throw Ib3Exception.usage("plan file " + origin + ", object " + index + " (" + Keys.printable(src)
                            + "): size " + i.path("size") + " is not a valid size");
                }
                if (!targets.add(dst)) {
                    throw Ib3Exception.usage("plan file " + origin + " names target " + Keys.printable(dst) + " twice");
                }
                String crc = i.hasNonNull("crc32c") ? i.get("crc32c").asText() : null;
                PlanItem.Reuse reuse = null;
                if (i.hasNonNull("holder")) {
                    String holder = i.get("holder").asText();
                    String stored = i.path("stored").asText(null);
                    try {
                        Keys.requireSafe(stored);
                    } catch (IllegalArgumentException e) {
                        throw Ib3Exception.usage("plan file " + origin + ", object " + index + ": " + e.getMessage());
                    }
                    if (!ManifestCodec.BACKUP_NAME.matcher(holder).matches() || crc == null || !Crc32c.isValidHex(crc)) {
                        throw Ib3Exception.usage("plan file " + origin + ", object " + index + ": reuses '" + Keys.printable(holder)
                                + "' without a backup folder name and a CRC32C", "a plan file must come from 'plan … --save'");
                    }
                    reuse = new PlanItem.Reuse(holder, stored);
                }
                items.add(new PlanItem(src, dst, size, crc, i.path("present").asBoolean(false),
                        i.hasNonNull("fingerprint") ? i.get("fingerprint").asText() : null, reuse));
            }
            steps.add(new PlanStep(phase(s.path("phase").asText(), origin), s.path("node").asText(), s.path("source").asText(),
                    s.path("target").asText(), items));
        }
        List<String> nodes = new ArrayList<>();
        root.path("nodes").forEach(n -> nodes.add(n.asText()));
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(n -> warnings.add(n.asText()));
        Instant created;
        try {
            created = Instant.parse(root.path("createdAt").asText());
        } catch (RuntimeException e) {
            throw Ib3Exception.usage("plan file " + origin + ": createdAt is not a time");
        }
        return new Plan(op, root.path("source").asText(), root.path("target").asText(), product(root.path("product").asText(), origin),
                root.hasNonNull("clusterId") ? root.get("clusterId").asText() : null, nodes,
                root.path("catalogGeneration").asText(), root.path("catalogSequence").asLong(0), steps,
                recoveryPoints(root.path("recoveryPoint")), warnings, created,
                root.hasNonNull("parent") ? root.get("parent").asText() : null);
    }
}
