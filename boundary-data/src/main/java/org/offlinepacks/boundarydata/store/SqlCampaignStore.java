package org.offlinepacks.boundarydata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignSettings;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.campaign.Localization;
import org.offlinepacks.boundarydata.campaign.SosContact;
import org.offlinepacks.boundarydata.geojson.GeoJsonGeometryReader;
import org.offlinepacks.boundarydata.geojson.GeometryFingerprint;

/**
 * Campaign data in SQL: the embedded {@code DATA/store.sqlite} or the shared PostgreSQL database,
 * with the same statements; every version of every boundary is kept.
 */
public final class SqlCampaignStore implements CampaignStore {
    public static final String MIGRATIONS = "db/campaign";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Database database;

    private SqlCampaignStore(Database database) {
        this.database = database;
        database.migrate("campaign", MIGRATIONS);
    }

    /** The campaign tables of {@code database} (created or brought up to date); the caller closes it. */
    public static SqlCampaignStore open(Database database) {
        return new SqlCampaignStore(database);
    }

    @Override
    public CampaignImport save(Campaign campaign) {
        String campaignId = campaign.settings().id();
        String now = Instant.now().toString();
        List<BoundaryImport> imports = new ArrayList<>();
        database.transaction(connection -> {
            for (Boundary boundary : campaign.boundaries()) {
                Optional<String> owner = campaignOf(connection, boundary.id());
                if (owner.isPresent() && !owner.get().equals(campaignId)) {
                    throw new StoreException("boundary " + boundary.id() + " already belongs to campaign " + owner.get()
                            + "; boundary ids must be unique across campaigns");
                }
            }
            Sql.update(
                    connection,
                    "INSERT INTO campaign (id, name, folder, settings_json, updated_at) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, folder = excluded.folder,"
                            + " settings_json = excluded.settings_json, updated_at = excluded.updated_at",
                    campaignId,
                    campaign.settings().name(),
                    campaign.folder().toString(),
                    json(campaign.settings()),
                    now);
            for (String table : List.of("assigned_point", "form", "localization", "sos_contact")) {
                Sql.update(connection, "DELETE FROM " + table + " WHERE campaign_id = ?", campaignId);
            }
            int ordinal = 0;
            for (Boundary boundary : campaign.boundaries()) {
                BoundaryImport outcome = importOutcome(connection, boundary);
                imports.add(outcome);
                Sql.update(
                        connection,
                        "INSERT INTO boundary (id, campaign_id, name, parent_id, current_version, imported_version,"
                                + " ordinal) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,"
                                + " current_version = excluded.current_version,"
                                + " imported_version = excluded.imported_version, ordinal = excluded.ordinal,"
                                + " retired_at = NULL",
                        boundary.id(),
                        campaignId,
                        boundary.name(),
                        boundary.parentId(),
                        outcome.currentVersion(),
                        boundary.version(),
                        ordinal++);
                insertVersion(connection, boundary.id(), boundary.version(), boundary.geometry(), now);
            }
            for (String gone : retire(connection, campaign, now)) {
                imports.add(new BoundaryImport(gone, BoundaryImport.Outcome.RETIRED, null, null, null));
            }
            for (AssignedPoint point : campaign.points()) {
                insertPoint(connection, campaignId, point, ordinal++);
            }
            for (FormSchema form : campaign.forms()) {
                Sql.update(
                        connection,
                        "INSERT INTO form (campaign_id, id, version, updated_at, schema_json, ordinal)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        campaignId,
                        form.id(),
                        form.version(),
                        form.updatedAt().toString(),
                        json(form.schema()),
                        ordinal++);
            }
            for (Localization localization : campaign.localizations()) {
                Sql.update(
                        connection,
                        "INSERT INTO localization (campaign_id, locale, messages_json, ordinal) VALUES (?, ?, ?, ?)",
                        campaignId,
                        localization.locale(),
                        json(localization.messages()),
                        ordinal++);
            }
            for (SosContact contact : campaign.sosContacts()) {
                insertSosContact(connection, campaignId, contact, ordinal++);
            }
            return null;
        });
        return new CampaignImport(campaignId, imports);
    }

    /**
     * The folder's geometry wins only where the folder changed since its last import; where it did
     * not, a planner's newer edit stays current. A boundary imported before the store kept its
     * imported version counts as unchanged when the folder's version is one the store has had.
     */
    private static BoundaryImport importOutcome(Connection connection, Boundary boundary) throws SQLException {
        String fileVersion = boundary.version();
        List<String[]> stored = Sql.query(
                connection,
                "SELECT current_version, imported_version FROM boundary WHERE id = ?",
                row -> new String[] {row.getString(1), row.getString(2)},
                boundary.id());
        if (stored.isEmpty()) {
            return new BoundaryImport(boundary.id(), BoundaryImport.Outcome.ADDED, null, fileVersion, fileVersion);
        }
        String current = stored.get(0)[0];
        String imported = stored.get(0)[1];
        if (current.equals(fileVersion)) {
            return new BoundaryImport(boundary.id(), BoundaryImport.Outcome.UNCHANGED, current, fileVersion, current);
        }
        boolean folderChanged = imported != null
                ? !imported.equals(fileVersion)
                : !versions(connection, boundary.id()).contains(fileVersion);
        if (!folderChanged) {
            return new BoundaryImport(boundary.id(), BoundaryImport.Outcome.EDIT_KEPT, current, fileVersion, current);
        }
        boolean edited = imported != null && !current.equals(imported); // unknown before the column: say updated
        BoundaryImport.Outcome outcome = edited ? BoundaryImport.Outcome.EDIT_REPLACED : BoundaryImport.Outcome.UPDATED;
        return new BoundaryImport(boundary.id(), outcome, current, fileVersion, fileVersion);
    }

    @Override
    public Optional<Campaign> load(String campaignId) {
        return database.read(connection -> load(connection, campaignId));
    }

    private static Optional<Campaign> load(Connection connection, String campaignId) throws SQLException {
        List<Object[]> campaignRows = Sql.query(
                connection,
                "SELECT folder, settings_json FROM campaign WHERE id = ?",
                row -> new Object[] {row.getString(1), row.getString(2)},
                campaignId);
        if (campaignRows.isEmpty()) {
            return Optional.empty();
        }
        Path folder = Path.of((String) campaignRows.get(0)[0]);
        CampaignSettings settings = parse((String) campaignRows.get(0)[1], new TypeReference<>() {});
        List<Boundary> boundaries = Sql.query(
                connection,
                "SELECT b.id, b.name, b.parent_id, b.current_version, v.geometry_geojson FROM boundary b"
                        + " JOIN boundary_version v ON v.boundary_id = b.id AND v.version = b.current_version"
                        + " WHERE b.campaign_id = ? AND b.retired_at IS NULL ORDER BY b.ordinal, b.id",
                row -> new Boundary(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        geometry(row.getString(5)),
                        row.getString(4)),
                campaignId);
        List<AssignedPoint> points = Sql.query(
                connection,
                "SELECT id, kind, name, boundary_id, lon, lat FROM assigned_point WHERE campaign_id = ?"
                        + " ORDER BY ordinal, id",
                row -> new AssignedPoint(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getDouble(5),
                        row.getDouble(6)),
                campaignId);
        List<FormSchema> forms = Sql.query(
                connection,
                "SELECT id, version, updated_at, schema_json FROM form WHERE campaign_id = ?"
                        + " ORDER BY ordinal, id, version",
                row -> new FormSchema(
                        row.getString(1),
                        row.getInt(2),
                        Instant.parse(row.getString(3)),
                        parse(row.getString(4), new TypeReference<>() {})),
                campaignId);
        List<Localization> localizations = Sql.query(
                connection,
                "SELECT locale, messages_json FROM localization WHERE campaign_id = ?" + " ORDER BY ordinal, locale",
                row -> new Localization(
                        row.getString(1), (Map<String, String>) parse(row.getString(2), new TypeReference<>() {})),
                campaignId);
        List<SosContact> contacts = Sql.query(
                connection,
                "SELECT id, name, role, phone, boundary_ids_json FROM sos_contact WHERE campaign_id = ?"
                        + " ORDER BY ordinal, id",
                row -> new SosContact(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        parse(row.getString(5), new TypeReference<>() {})),
                campaignId);
        return Optional.of(new Campaign(folder, settings, boundaries, points, forms, localizations, contacts));
    }

    @Override
    public Optional<String> campaignOf(String boundaryId) {
        return database.read(connection -> campaignOf(connection, boundaryId));
    }

    private static Optional<String> campaignOf(Connection connection, String boundaryId) throws SQLException {
        return Sql.query(
                        connection,
                        "SELECT campaign_id FROM boundary WHERE id = ?",
                        row -> row.getString(1),
                        boundaryId)
                .stream()
                .findFirst();
    }

    @Override
    public String updateGeometry(String boundaryId, Geometry geometry) {
        String version = GeometryFingerprint.of(geometry);
        database.transaction(connection -> {
            if (Sql.update(connection, "UPDATE boundary SET current_version = ? WHERE id = ?", version, boundaryId)
                    == 0) {
                throw new StoreException("no boundary " + boundaryId);
            }
            insertVersion(
                    connection, boundaryId, version, geometry, Instant.now().toString());
            return null;
        });
        return version;
    }

    /** The campaign's boundaries the folder no longer has, newly retired now. */
    private static List<String> retire(Connection connection, Campaign campaign, String now) throws SQLException {
        java.util.Set<String> inFolder = new java.util.HashSet<>();
        campaign.boundaries().forEach(b -> inFolder.add(b.id()));
        List<String> gone = Sql.query(
                        connection,
                        "SELECT id FROM boundary WHERE campaign_id = ? AND retired_at IS NULL ORDER BY ordinal, id",
                        row -> row.getString(1),
                        campaign.settings().id())
                .stream()
                .filter(id -> !inFolder.contains(id))
                .toList();
        for (String id : gone) {
            Sql.update(connection, "UPDATE boundary SET retired_at = ? WHERE id = ?", now, id);
        }
        return gone;
    }

    @Override
    public List<RetiredBoundary> retiredBoundaries(String campaignId) {
        return database.read(connection -> Sql.query(
                connection,
                "SELECT id, parent_id, retired_at FROM boundary WHERE campaign_id = ? AND retired_at IS NOT NULL"
                        + " ORDER BY id",
                row -> new RetiredBoundary(row.getString(1), row.getString(2), Instant.parse(row.getString(3))),
                campaignId));
    }

    @Override
    public void addFormVersion(String campaignId, FormSchema form) {
        database.transaction(connection -> Sql.update(
                connection,
                "INSERT INTO form (campaign_id, id, version, updated_at, schema_json, ordinal)"
                        + " VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(ordinal), 0) + 1 FROM form WHERE campaign_id = ?))",
                campaignId,
                form.id(),
                form.version(),
                form.updatedAt().toString(),
                json(form.schema()),
                campaignId));
    }

    @Override
    public void putLocalization(String campaignId, Localization localization) {
        database.transaction(connection -> Sql.update(
                connection,
                "INSERT INTO localization (campaign_id, locale, messages_json, ordinal) VALUES (?, ?, ?,"
                        + " (SELECT coalesce(max(ordinal), 0) + 1 FROM localization WHERE campaign_id = ?))"
                        + " ON CONFLICT (campaign_id, locale) DO UPDATE SET messages_json = excluded.messages_json",
                campaignId,
                localization.locale(),
                json(localization.messages()),
                campaignId));
    }

    @Override
    public void replaceSosContacts(String campaignId, List<SosContact> contacts) {
        database.transaction(connection -> {
            Sql.update(connection, "DELETE FROM sos_contact WHERE campaign_id = ?", campaignId);
            int ordinal = 0;
            for (SosContact contact : contacts) {
                insertSosContact(connection, campaignId, contact, ordinal++);
            }
            return null;
        });
    }

    @Override
    public void replacePoints(String campaignId, String boundaryId, List<AssignedPoint> points) {
        database.transaction(connection -> {
            Sql.update(
                    connection,
                    "DELETE FROM assigned_point WHERE campaign_id = ? AND boundary_id = ?",
                    campaignId,
                    boundaryId);
            int ordinal = Sql.query(
                            connection,
                            "SELECT coalesce(max(ordinal), 0) FROM assigned_point WHERE campaign_id = ?",
                            row -> row.getInt(1),
                            campaignId)
                    .get(0);
            for (AssignedPoint point : points) {
                Sql.update(
                        connection,
                        "DELETE FROM assigned_point WHERE campaign_id = ? AND id = ?",
                        campaignId,
                        point.id());
                insertPoint(connection, campaignId, point, ++ordinal);
            }
            return null;
        });
    }

    @Override
    public List<String> versions(String boundaryId) {
        return database.read(connection -> versions(connection, boundaryId));
    }

    private static List<String> versions(Connection connection, String boundaryId) throws SQLException {
        return Sql.query(
                connection,
                "SELECT version FROM boundary_version WHERE boundary_id = ? ORDER BY created_at, version",
                row -> row.getString(1),
                boundaryId);
    }

    /** The database is the caller's (it holds other stores' tables too). */
    @Override
    public void close() {}

    private static void insertPoint(Connection connection, String campaignId, AssignedPoint point, int ordinal)
            throws SQLException {
        Sql.update(
                connection,
                "INSERT INTO assigned_point (campaign_id, id, kind, name, boundary_id, lon, lat, ordinal)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                campaignId,
                point.id(),
                point.kind(),
                point.name(),
                point.boundaryId(),
                point.lon(),
                point.lat(),
                ordinal);
    }

    private static void insertSosContact(Connection connection, String campaignId, SosContact contact, int ordinal)
            throws SQLException {
        Sql.update(
                connection,
                "INSERT INTO sos_contact (campaign_id, id, name, role, phone, boundary_ids_json, ordinal)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                campaignId,
                contact.id(),
                contact.name(),
                contact.role(),
                contact.phone(),
                json(contact.boundaryIds()),
                ordinal);
    }

    private static void insertVersion(
            Connection connection, String boundaryId, String version, Geometry geometry, String now)
            throws SQLException {
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        Sql.update(
                connection,
                "INSERT INTO boundary_version (boundary_id, version, geometry_geojson, created_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                boundaryId,
                version,
                writer.write(geometry),
                now);
    }

    private static Geometry geometry(String geoJson) {
        try {
            return new GeoJsonReader(GeoJsonGeometryReader.WGS84).read(geoJson);
        } catch (ParseException e) {
            throw new StoreException("stored boundary geometry is not GeoJSON: " + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
