package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.offlinepacks.routing.pack.RoutesJsonWriter;
import org.offlinepacks.routing.pack.RoutingPackBuilder;
import org.offlinepacks.routing.verify.RoutingPackVerifier;

/**
 * The routing parts: {@code routing.ghz} loads in a fresh GraphHopper configured only from
 * {@code routing.json}, matches it, and routes between two snapped points of every profile as
 * {@code routes.json} says; the two JSON parts parse.
 */
public final class RoutingPartVerifier implements PartVerifier {
    @Override
    public boolean appliesTo(String partPath) {
        return partPath.equals(RoutingPackBuilder.GHZ_FILE_NAME)
                || partPath.equals(RoutingManifest.FILE_NAME)
                || partPath.equals(RoutesJsonWriter.FILE_NAME);
    }

    @Override
    public List<String> verify(Path packDir, String partPath) throws IOException {
        if (partPath.equals(RoutingPackBuilder.GHZ_FILE_NAME)) {
            return RoutingPackVerifier.verify(packDir);
        }
        try {
            PartJson.MAPPER.readTree(packDir.resolve(partPath).toFile());
            return List.of();
        } catch (IOException e) {
            return List.of("not valid JSON: " + e.getMessage());
        }
    }
}
