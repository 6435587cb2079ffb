package org.offlinepacks.api.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by `--version`, taken from the jar's manifest. */
final class GeneratorVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = OfflinePacksCommand.class.getPackage().getImplementationVersion();
        return new String[] {"offline-packs " + (version == null ? "dev" : version)};
    }
}
