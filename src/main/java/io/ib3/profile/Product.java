package io.ib3.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which InfluxDB 3 product a profile points at. */
public enum Product {
    @JsonProperty("core") CORE,
    @JsonProperty("enterprise") ENTERPRISE;

    /** The spelling used in profile files and on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code core} or {@code enterprise} (any case). */
    public static Product parse(String value) {
        for (Product p : values()) {
            if (p.label().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return p;
            }
        }
        throw io.ib3.error.Ib3Exception.usage("unknown product '" + value + "'", "use core or enterprise");
    }
}
