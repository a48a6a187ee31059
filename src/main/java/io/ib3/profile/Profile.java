package io.ib3.profile;

import io.ib3.layout.Product;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of one profile file ({@code NAME.yaml}): where an InfluxDB 3 data root is and how to
 * reach it. Never holds a secret: {@link ProfileReader} refuses files that do.
 *
 * @param product      core or enterprise (default core)
 * @param location     store URI of the data root
 * @param options      store settings (endpoint, region, pathStyle …)
 * @param nodeId       the Core node id, when not found by inspection
 * @param clusterId    the Enterprise cluster id
 * @param nodes        Enterprise node ids
 * @param compactor    the Enterprise compactor node id
 * @param backupTarget default backup destination (a location)
 * @param credentials  secret references, or {@code null} for the store's default chain
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Profile(Product product, String location, Map<String, String> options, String nodeId,
                      String clusterId, List<String> nodes, String compactor, String backupTarget,
                      Credentials credentials) {

    public Profile {
        product = product == null ? Product.CORE : product;
        options = options == null ? Map.of() : new TreeMap<>(options);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** Options for {@link io.ib3.store.StoreFactory#open}: the settings plus the credential references. */
    public Map<String, String> storeOptions() {
        Map<String, String> out = new LinkedHashMap<>(options);
        if (credentials != null) {
            out.putAll(credentials.asOptions());
        }
        return out;
    }
}
