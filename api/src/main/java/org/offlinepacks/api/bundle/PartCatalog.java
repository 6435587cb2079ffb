package org.offlinepacks.api.bundle;

import java.util.List;

/** The parts a pack is made of: their writers, in the order they run, and their verifiers. */
public final class PartCatalog {
    private PartCatalog() {}

    public static List<PartWriter> writers(BuildOptions options) {
        return List.of(
                new BoundaryPartWriter(),
                new FormsPartWriter(),
                new LocalizationPartWriter(),
                new SosPartWriter(),
                new TilesPartWriter(options),
                new RoutingPartWriter(options));
    }

    public static List<PartVerifier> verifiers() {
        return List.of(new JsonPartVerifier(), new MbtilesPartVerifier(), new RoutingPartVerifier());
    }
}
