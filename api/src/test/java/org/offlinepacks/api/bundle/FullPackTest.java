package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/** The whole pack as `build` and `demo` make it: every part of the catalog, verified, reproducible. */
class FullPackTest {
    private static final String SANT_JULIA = "osm-relation-2804759";

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void twoBuildsFromTheSameInputsInSeparateDataFoldersGiveTheSameParts() throws IOException {
        PackManifest one = build(first);
        PackManifest two = build(second);

        assertEquals(
                List.of(
                        "boundary.geojson",
                        "forms.json",
                        "i18n/ca.json",
                        "i18n/en.json",
                        "i18n/fr.json",
                        "sos.json",
                        "tiles.mbtiles",
                        "routing.ghz",
                        "routing.json",
                        "routes.json"),
                one.parts().stream().map(PackManifest.Part::path).toList());
        assertEquals(one.parts(), two.parts());
        assertEquals(
                List.of(
                        "tiles: MBTiles archive andorra-raster-z9-15.mbtiles",
                        "routing: OpenStreetMap extract andorra.osm.pbf (data of 2013-05-28T18:59:04Z), GraphHopper 11.0"),
                one.sources());
        assertEquals("© OpenStreetMap contributors", one.attribution());
        assertEquals(
                List.of(),
                new PackVerifier(PartCatalog.verifiers()).verify(first.resolve("packs/" + SANT_JULIA + "/1")));
    }

    private static PackManifest build(Path dataDir) throws IOException {
        try (TestLeases leases = TestLeases.inDataFolder(dataDir)) {
            PublishedPack pack = PackBuilder.create(new BuildOptions(dataDir, null), leases.leases())
                    .build(PackFixtures.input(SANT_JULIA), ProgressListener.NONE);
            return PartJson.read(pack.manifestFile(), PackManifest.class);
        }
    }
}
