package org.offlinepacks.api.cli;

import com.graphhopper.util.Constants;
import org.offlinepacks.api.bundle.Generator;
import picocli.CommandLine.IVersionProvider;

/** The version printed by `--version`. */
final class GeneratorVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"offline-packs " + Generator.version(), "GraphHopper " + Constants.VERSION};
    }
}
