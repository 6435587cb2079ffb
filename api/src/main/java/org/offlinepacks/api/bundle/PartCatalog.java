package org.offlinepacks.api.bundle;

import java.util.ArrayList;
import java.util.List;

/** The parts a pack is made of: their writers, in the order they run, and their verifiers. */
public final class PartCatalog {
    private PartCatalog() {}

    public static List<PartWriter> writers(BuildOptions options) {
        List<PartWriter> writers = new ArrayList<>();
        writers.add(new BoundaryPartWriter());
        writers.add(new FormsPartWriter());
        writers.add(new LocalizationPartWriter());
        writers.add(new SosPartWriter());
        writers.add(new TilesPartWriter(options));
        writers.add(new RoutingPartWriter(options));
        return writers;
    }

    public static List<PartVerifier> verifiers() {
        List<PartVerifier> verifiers = new ArrayList<>();
        verifiers.add(new JsonPartVerifier());
        verifiers.add(new MbtilesPartVerifier());
        verifiers.add(new RoutingPartVerifier());
        return verifiers;
    }
}
