package org.offlinepacks.api.bundle;

/** This software's name and version, as recorded in manifests and `--version`. */
public final class Generator {
    private Generator() {}

    public static String version() {
        String version = Generator.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
