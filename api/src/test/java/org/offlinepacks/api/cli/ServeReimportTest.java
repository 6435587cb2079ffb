package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.boundarydata.geojson.GeometryFingerprint;
import org.offlinepacks.boundarydata.geojson.JsonFiles;

/** Restarting `serve --campaign DIR` with the same command line after a planner's edit. */
class ServeReimportTest {
    static final String PLANNER = "demo-planner-andorra";
    static final String BOUNDARY = PackFixtures.ANDORRA_LA_VELLA;

    @TempDir
    Path dir;

    @Test
    void anEditSurvivesARestartAndAChangedFolderWinsWithItsPackRebuilt() throws Exception {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        Path data = dir.resolve("data");
        String[] serve = {"--campaign", campaign.toString(), "--data", data.toString(), "--demo"};
        Geometry original =
                PackFixtures.sampleCampaign().boundary(BOUNDARY).orElseThrow().geometry();
        assertEquals(
                0,
                CommandRun.of("build", "--campaign", campaign.toString(), "--all", "--out", data.toString())
                        .exitCode());

        String edited;
        try (ServeProcess first = ServeProcess.start(serve)) {
            JsonNode update = first.send("PUT", "/v1/boundaries/" + BOUNDARY, PLANNER, geoJson(original.buffer(0.002)));
            edited = update.get("boundaryVersion").asText();
            JsonNode job = first.awaitJob(update.at("/job/id").asText(), PLANNER);
            assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        }

        try (ServeProcess second = ServeProcess.start(serve)) {
            assertTrue(
                    second.output().contains(BOUNDARY + ": the edited version " + edited + " stays current"),
                    second.output());
            assertFalse(second.output().contains("out of step"), second.output());
            JsonNode manifest = second.send("GET", "/v1/packs/" + BOUNDARY + "/manifest", PLANNER, null);
            assertEquals(edited, manifest.get("boundaryVersion").asText(), "the edit is still served");
            assertEquals(2, manifest.get("packVersion").asInt());
        }

        Geometry changedInFolder = original.buffer(0.004);
        replaceGeometry(campaign.resolve("boundaries.geojson"), BOUNDARY, changedInFolder);
        String fromFolder = GeometryFingerprint.of(changedInFolder);
        try (ServeProcess third = ServeProcess.start(serve)) {
            assertTrue(
                    third.output().contains(BOUNDARY + ": the folder changed since its last import, so its version "),
                    third.output());
            third.awaitOutput(BOUNDARY + ": pack v2 was built for boundary version " + edited, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            JsonNode manifest = third.send("GET", "/v1/packs/" + BOUNDARY + "/manifest", PLANNER, null);
            while (manifest.get("packVersion").asInt() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                manifest = third.send("GET", "/v1/packs/" + BOUNDARY + "/manifest", PLANNER, null);
            }
            assertEquals(3, manifest.get("packVersion").asInt(), third.output());
            assertEquals(fromFolder, manifest.get("boundaryVersion").asText(), "store and pack in step");
        }
    }

    private static String geoJson(Geometry geometry) {
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        return writer.write(geometry);
    }

    private static void replaceGeometry(Path boundariesFile, String boundaryId, Geometry geometry) throws Exception {
        ObjectNode boundaries = (ObjectNode) JsonFiles.mapper().readTree(boundariesFile.toFile());
        for (JsonNode feature : boundaries.get("features")) {
            if (boundaryId.equals(feature.at("/properties/id").asText())) {
                ((ObjectNode) feature).set("geometry", JsonFiles.mapper().readTree(geoJson(geometry)));
            }
        }
        JsonFiles.mapper().writeValue(boundariesFile.toFile(), boundaries);
    }
}
