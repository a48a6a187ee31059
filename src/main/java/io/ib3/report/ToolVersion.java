package io.ib3.report;

/** ib3's own version, from the jar manifest; "dev" when run from classes. */
public final class ToolVersion {

    private ToolVersion() {
    }

    public static String get() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
