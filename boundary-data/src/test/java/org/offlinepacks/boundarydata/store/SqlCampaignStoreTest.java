package org.offlinepacks.boundarydata.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.boundarydata.geojson.GeometryFingerprint;

/** Runs on the embedded SQLite file and on a real PostgreSQL server alike. */
class SqlCampaignStoreTest {
    private static final String ENCAMP = "osm-relation-2804755";
    private static final String ANDORRA_LA_VELLA = "osm-relation-2804753";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aSavedCampaignLoadsBackEqualAfterReopening(Database.Dialect dialect) {
        Database database = TestDatabases.open(dialect, dir);
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        try (CampaignStore store = SqlCampaignStore.open(database)) {
            store.save(campaign);
        }
        try (Database reopened = reopen(database, dialect);
                CampaignStore store = SqlCampaignStore.open(reopened)) {
            Campaign loaded = store.load("andorra-bednets-2026").orElseThrow();

            assertEquals(campaign.settings(), loaded.settings());
            assertEquals(campaign.points(), loaded.points());
            assertEquals(campaign.forms(), loaded.forms());
            assertEquals(campaign.localizations(), loaded.localizations());
            assertEquals(campaign.sosContacts(), loaded.sosContacts());
            for (Boundary boundary : campaign.boundaries()) {
                Boundary stored = loaded.boundary(boundary.id()).orElseThrow();
                assertEquals(boundary.version(), stored.version());
                assertTrue(boundary.geometry().equalsExact(stored.geometry(), 1e-7), boundary.id());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aChangedGeometryIsANewVersionAndTheOldOneIsKept(Database.Dialect dialect) {
        Database database = TestDatabases.open(dialect, dir);
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        try (database;
                CampaignStore store = SqlCampaignStore.open(database)) {
            store.save(campaign);
            Boundary encamp = campaign.boundary(ENCAMP).orElseThrow();
            Geometry grown = encamp.geometry().buffer(0.001);

            String unchanged = store.updateGeometry(ENCAMP, encamp.geometry());
            String changed = store.updateGeometry(ENCAMP, grown);

            assertEquals(encamp.version(), unchanged);
            assertEquals(List.of(encamp.version(), changed), store.versions(ENCAMP));
            assertEquals(changed, currentVersion(store, campaign, ENCAMP));
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void reImportingTheSameFolderKeepsAnEditAndAChangedFolderWins(Database.Dialect dialect) {
        Database database = TestDatabases.open(dialect, dir);
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        Boundary encamp = campaign.boundary(ENCAMP).orElseThrow();
        try (database;
                CampaignStore store = SqlCampaignStore.open(database)) {
            CampaignImport first = store.save(campaign);
            assertTrue(first.boundaries().stream().allMatch(b -> b.outcome() == BoundaryImport.Outcome.ADDED));
            String edited = store.updateGeometry(ENCAMP, encamp.geometry().buffer(0.001));

            CampaignImport same = store.save(campaign);

            assertEquals(BoundaryImport.Outcome.EDIT_KEPT, outcome(same, ENCAMP));
            assertEquals(edited, currentVersion(store, campaign, ENCAMP));
            assertTrue(
                    same.describe().contains(ENCAMP + ": the edited version " + edited + " stays current"),
                    same.describe());

            Geometry fromFolder = encamp.geometry().buffer(0.002);
            CampaignImport changed = store.save(withGeometry(campaign, ENCAMP, fromFolder));

            assertEquals(BoundaryImport.Outcome.EDIT_REPLACED, outcome(changed, ENCAMP));
            assertEquals(GeometryFingerprint.of(fromFolder), currentVersion(store, campaign, ENCAMP));
            assertTrue(store.versions(ENCAMP).contains(edited), "the edit stays in the history");
            assertEquals(BoundaryImport.Outcome.UNCHANGED, outcome(changed, ANDORRA_LA_VELLA));
        }
    }

    @org.junit.jupiter.api.Test
    void anEmbeddedStoreOfTheLastReleaseIsUpgradedInPlaceAndKeepsItsOrder() throws Exception {
        Path file = dir.resolve("store.sqlite");
        org.flywaydb.core.Flyway.configure() // the schema as the last release left it: versions 1 to 3
                .dataSource("jdbc:sqlite:" + file, null, null)
                .locations("classpath:db/campaign/common", "classpath:db/campaign/sqlite")
                .table("schema_history")
                .target("3")
                .load()
                .migrate();
        try (java.sql.Connection old = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement insert = old.createStatement()) {
            insert.executeUpdate(
                    "INSERT INTO campaign VALUES ('c', 'C', '/tmp', '{\"id\":\"c\"}', '2026-01-01T00:00:00Z')");
            for (String id : List.of("zulu", "alpha", "mike")) {
                insert.executeUpdate("INSERT INTO assigned_point (campaign_id, id, kind, lon, lat) VALUES ('c', '" + id
                        + "', 'household', 1.5, 42.5)");
            }
        }
        try (Database database = Database.sqlite(file)) {
            SqlCampaignStore.open(database);
            List<String> order = database.read(
                    c -> Sql.query(c, "SELECT id FROM assigned_point ORDER BY ordinal", row -> row.getString(1)));
            assertEquals(List.of("zulu", "alpha", "mike"), order, "the rows keep the order they were stored in");
        }
    }

    /** The same database through a new pool, as after a restart. */
    private Database reopen(Database database, Database.Dialect dialect) {
        String url = database.toString();
        database.close();
        return dialect == Database.Dialect.SQLITE
                ? Database.sqlite(Path.of(url))
                : Database.postgresql(url, "postgres", "postgres");
    }

    private static BoundaryImport.Outcome outcome(CampaignImport imported, String boundaryId) {
        return imported.boundaries().stream()
                .filter(b -> b.boundaryId().equals(boundaryId))
                .findFirst()
                .orElseThrow()
                .outcome();
    }

    private static String currentVersion(CampaignStore store, Campaign campaign, String boundaryId) {
        return store.load(campaign.settings().id())
                .orElseThrow()
                .boundary(boundaryId)
                .orElseThrow()
                .version();
    }

    private static Campaign withGeometry(Campaign campaign, String boundaryId, Geometry geometry) {
        List<Boundary> boundaries = campaign.boundaries().stream()
                .map(b -> b.id().equals(boundaryId)
                        ? new Boundary(b.id(), b.name(), b.parentId(), geometry, GeometryFingerprint.of(geometry))
                        : b)
                .toList();
        return new Campaign(
                campaign.folder(),
                campaign.settings(),
                boundaries,
                campaign.points(),
                campaign.forms(),
                campaign.localizations(),
                campaign.sosContacts());
    }
}
