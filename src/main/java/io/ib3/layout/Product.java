package io.ib3.layout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ib3.error.Ib3Exception;

import java.util.Locale;

/**
 * What an InfluxDB 3 tree is: one Core node, an Enterprise cluster, or none of them (a folder of
 * other files, such as a quarantine of a target that held no InfluxDB tree). Profiles name one of
 * the first two; inspections, plans and manifests record it.
 */
public enum Product {
    @JsonProperty("core") CORE,
    @JsonProperty("enterprise") ENTERPRISE,
    @JsonProperty("none") NONE;

    /** The spelling used in profiles, manifests, plans and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code core}, {@code enterprise} or {@code none} (any case). */
    public static Product parse(String value) {
        for (Product p : values()) {
            if (p.label().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return p;
            }
        }
        throw Ib3Exception.usage("unknown product '" + value + "'", "use core or enterprise");
    }

    /** Parses a product a profile may name: core or enterprise. */
    public static Product parseProfile(String value) {
        Product p = parse(value);
        if (p == NONE) {
            throw Ib3Exception.usage("unknown product '" + value + "'", "use core or enterprise");
        }
        return p;
    }
}
