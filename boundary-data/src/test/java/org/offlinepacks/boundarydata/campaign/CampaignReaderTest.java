package org.offlinepacks.boundarydata.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationIssue;

class CampaignReaderTest {
    private static final String SQUARE = "[[[1.5,42.5],[1.6,42.5],[1.6,42.6],[1.5,42.6],[1.5,42.5]]]";

    @TempDir
    Path dir;

    @Test
    void readsTheSampleCampaign() {
        CampaignReader.Result result = CampaignReader.read(SampleCampaign.FOLDER);

        assertFalse(result.report().hasErrors(), result.report().format());
        Campaign campaign = result.campaign();
        assertEquals("andorra-bednets-2026", campaign.settings().id());
        assertEquals(6, campaign.boundaries().size());
        assertEquals(303, campaign.points().size());
        assertEquals(201, campaign.pointsOf("osm-relation-2804755").size());
        assertEquals(2, campaign.forms().size());
        assertEquals(List.of("ca", "en", "fr"), campaign.settings().locales());
        assertEquals(3, campaign.localizations().size());
        assertEquals(5, campaign.sosContacts().size());
        assertTrue(campaign.settings().tiles().source().startsWith("mbtiles:/"), "source resolved to a path");
        assertTrue(Files.exists(campaign.settings().routing().osmFile()));
        long unassigned = result.report().warnings().stream()
                .filter(w -> w.code().equals("unassigned-point"))
                .count();
        assertEquals(34, unassigned, "the sample's 34 points outside every parish are kept with a warning");
    }

    @Test
    void invalidJsonNamesTheFileLineAndColumn() throws IOException {
        Path campaign = SampleCampaign.copyTo(dir);
        Files.writeString(campaign.resolve("points.geojson"), "{\"type\": \"FeatureCollection\",\n \"features\": [,]}");

        ValidationIssue issue = onlyError(campaign);

        assertEquals("invalid-json", issue.code());
        assertEquals("points.geojson", issue.file());
        assertEquals("line 2, column 15", issue.location());
    }

    @Test
    void wrongGeometryTypeIsAnError() throws IOException {
        Path campaign = withBoundaries(feature("b1", null, "{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}"));

        ValidationIssue issue = onlyError(campaign);

        assertEquals("wrong-geometry-type", issue.code());
        assertEquals("feature #0 (id=b1)", issue.location());
        assertTrue(issue.message().contains("LineString"), issue.message());
    }

    @Test
    void coordinatesOutOfRangeAreAnErrorThatSuggestsSwappedAxes() throws IOException {
        Path campaign = withBoundaries(feature(
                "b1",
                null,
                "{\"type\":\"Polygon\",\"coordinates\":[[[42.5,1.5],[42.6,181.5],[42.6,1.6],[42.5,1.5]]]}"));

        ValidationIssue issue = onlyError(campaign);

        assertEquals("coordinate-out-of-range", issue.code());
        assertTrue(issue.message().contains("ring 0 position 1"), issue.message());
        assertTrue(issue.toString().startsWith("ERROR boundaries.geojson feature #0 (id=b1)"), issue.toString());
    }

    @Test
    void unclosedRingIsClosedWithAWarning() throws IOException {
        Path campaign = withBoundaries(feature("b1", null, polygon("[[[1.5,42.5],[1.6,42.5],[1.6,42.6],[1.5,42.6]]]")));

        CampaignReader.Result result = CampaignReader.read(campaign);

        assertFalse(result.report().hasErrors(), result.report().format());
        assertTrue(
                hasWarning(result, "unclosed-ring", "feature #0 (id=b1)"),
                result.report().format());
        assertTrue(result.campaign().boundary("b1").orElseThrow().geometry().isValid());
    }

    @Test
    void selfIntersectingRingIsRepairedWithAWarning() throws IOException {
        // a bow-tie: the ring crosses itself at (1.55, 42.55)
        Path campaign = withBoundaries(
                feature("b1", null, polygon("[[[1.5,42.5],[1.6,42.6],[1.6,42.5],[1.5,42.6],[1.5,42.5]]]")));

        CampaignReader.Result result = CampaignReader.read(campaign);

        assertFalse(result.report().hasErrors(), result.report().format());
        ValidationIssue warning = result.report().warnings().stream()
                .filter(w -> w.code().equals("repaired-geometry"))
                .findFirst()
                .orElseThrow();
        assertTrue(warning.message().contains("Self-intersection at (1.5500000, 42.5500000)"), warning.message());
        Boundary repaired = result.campaign().boundary("b1").orElseThrow();
        assertTrue(repaired.geometry().isValid());
        assertEquals(0.005, repaired.geometry().getArea(), 1e-9, "both triangles of the bow-tie are kept");
    }

    @Test
    void emptyGeometryIsAnError() throws IOException {
        Path campaign = withBoundaries(feature("b1", null, "{\"type\":\"Polygon\",\"coordinates\":[]}"));

        assertEquals("empty-geometry", onlyError(campaign).code());
    }

    @Test
    void missingGeometryIsAnError() throws IOException {
        Path campaign = withBoundaries(feature("b1", null, "null"));

        ValidationIssue issue = onlyError(campaign);
        assertEquals("empty-geometry", issue.code());
        assertEquals("the feature has no geometry", issue.message());
    }

    @Test
    void duplicateIdsAreErrors() throws IOException {
        Path campaign = withBoundaries(feature("b1", null, polygon(SQUARE)), feature("b1", null, polygon(SQUARE)));

        ValidationIssue issue = onlyError(campaign);

        assertEquals("duplicate-id", issue.code());
        assertEquals("feature #1 (id=b1)", issue.location());
    }

    @Test
    void idsThatCannotNameAFolderAreErrors() throws IOException {
        Path campaign = withBoundaries(feature("../etc", null, polygon(SQUARE)));

        ValidationIssue issue = onlyError(campaign);

        assertEquals("bad-id", issue.code());
        assertTrue(issue.message().contains("\"../etc\""), issue.message());
    }

    @Test
    void aLongReportShowsAFewLinesPerCodeAndCountsTheRest() {
        String report = CampaignReader.read(SampleCampaign.FOLDER).report().format(5);

        assertTrue(report.startsWith("0 error(s), 34 warning(s)"), report);
        assertEquals(
                5,
                report.lines()
                        .filter(line -> line.contains("[unassigned-point]"))
                        .count(),
                report);
        assertTrue(report.endsWith("... and 29 more WARNING unassigned-point"), report);
    }

    @Test
    void unknownParentIsAnError() throws IOException {
        Path campaign = withBoundaries(feature("b1", "nowhere", polygon(SQUARE)));

        ValidationIssue issue = onlyError(campaign);

        assertEquals("unknown-parent", issue.code());
        assertTrue(issue.message().contains("nowhere"), issue.message());
    }

    @Test
    void cycleInTheHierarchyIsAnError() throws IOException {
        Path campaign = withBoundaries(
                feature("a", "c", polygon(SQUARE)),
                feature("b", "a", polygon(SQUARE)),
                feature("c", "b", polygon(SQUARE)),
                feature("d", "a", polygon(SQUARE)));

        ValidationIssue issue = onlyError(campaign);

        assertEquals("parent-cycle", issue.code());
        assertTrue(issue.message().contains("a -> c -> b -> a"), issue.message());
    }

    @Test
    void pointOutsideItsBoundaryIsKeptWithAWarning() throws IOException {
        Path campaign = withBoundaries(feature("b1", null, polygon(SQUARE)));
        Files.writeString(
                campaign.resolve("points.geojson"),
                "{\"type\":\"FeatureCollection\",\"features\":["
                        + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.55,42.55]},"
                        + "\"properties\":{\"id\":\"in\",\"kind\":\"household\",\"boundary\":\"b1\"}},"
                        + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.7,42.55]},"
                        + "\"properties\":{\"id\":\"out\",\"kind\":\"facility\",\"boundary\":\"b1\"}}]}");

        CampaignReader.Result result = CampaignReader.read(campaign);

        assertFalse(result.report().hasErrors(), result.report().format());
        assertTrue(
                hasWarning(result, "point-outside-boundary", "point out"),
                result.report().format());
        assertEquals(2, result.campaign().pointsOf("b1").size());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path campaign = withBoundaries(
                feature("b1", "nowhere", polygon(SQUARE)),
                feature("b2", null, "{\"type\":\"Point\",\"coordinates\":[1,2]}"));
        Files.writeString(campaign.resolve("forms/broken.json"), "{\"id\": \"x\", \"version\": 0}");

        CampaignReader.Result result = CampaignReader.read(campaign);

        assertNull(result.campaign());
        List<String> codes =
                result.report().errors().stream().map(ValidationIssue::code).toList();
        assertTrue(
                codes.containsAll(
                        List.of("unknown-parent", "wrong-geometry-type", "bad-form-version", "bad-timestamp")),
                codes.toString());
        InvalidInputException thrown =
                assertThrows(InvalidInputException.class, () -> CampaignReader.readValid(campaign));
        assertTrue(thrown.getMessage().contains("forms/broken.json"), thrown.getMessage());
    }

    @Test
    void unchangedGeometryKeepsItsVersionHoweverItIsWritten() throws IOException {
        Path first = withBoundaries(feature("b1", null, polygon(SQUARE)));
        String version1 =
                CampaignReader.readValid(first).boundary("b1").orElseThrow().version();
        // same square, other start vertex, other direction
        Path second = withBoundaries(
                feature("b1", null, polygon("[[[1.6,42.6],[1.6,42.5],[1.5,42.5],[1.5,42.6],[1.6,42.6]]]")));
        String version2 =
                CampaignReader.readValid(second).boundary("b1").orElseThrow().version();
        Path moved = withBoundaries(
                feature("b1", null, polygon("[[[1.5,42.5],[1.6,42.5],[1.6,42.61],[1.5,42.6],[1.5,42.5]]]")));
        String version3 =
                CampaignReader.readValid(moved).boundary("b1").orElseThrow().version();

        assertEquals(version1, version2);
        assertNotNull(version3);
        assertFalse(version1.equals(version3), "a moved vertex is a new version");
    }

    private Path withBoundaries(String... features) throws IOException {
        Path campaign = SampleCampaign.copyTo(dir);
        Files.writeString(
                campaign.resolve("boundaries.geojson"),
                "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
        Files.writeString(campaign.resolve("points.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[]}");
        Files.writeString(campaign.resolve("sos.json"), "{\"contacts\":[]}");
        return campaign;
    }

    private static String feature(String id, String parent, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"id\":\"" + id + "\""
                + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "},\"geometry\":" + geometry + "}";
    }

    private static String polygon(String coordinates) {
        return "{\"type\":\"Polygon\",\"coordinates\":" + coordinates + "}";
    }

    private static ValidationIssue onlyError(Path campaign) {
        CampaignReader.Result result = CampaignReader.read(campaign);
        assertNull(result.campaign(), "a campaign with errors is not returned");
        assertEquals(1, result.report().errors().size(), result.report().format());
        return result.report().errors().get(0);
    }

    private static boolean hasWarning(CampaignReader.Result result, String code, String location) {
        return result.report().warnings().stream()
                .anyMatch(w -> w.code().equals(code) && w.location().equals(location));
    }
}
