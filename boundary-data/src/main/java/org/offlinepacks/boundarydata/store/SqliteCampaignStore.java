package org.offlinepacks.boundarydata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

/** The embedded campaign store: one SQLite file, schema by Flyway migrations. */
public final class SqliteCampaignStore implements CampaignStore {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Connection connection;

    private SqliteCampaignStore(Connection connection) {
        this.connection = connection;
    }

    public static SqliteCampaignStore open(Path file) {
        return new SqliteCampaignStore(SqliteDatabase.open(file, "db/migration"));
    }

    @Override
    public synchronized CampaignImport save(Campaign campaign) {
        String campaignId = campaign.settings().id();
        String now = Instant.now().toString();
        List<BoundaryImport> imports = new ArrayList<>();
        inTransaction(() -> {
            for (Boundary boundary : campaign.boundaries()) {
                Optional<String> owner = campaignOf(boundary.id());
                if (owner.isPresent() && !owner.get().equals(campaignId)) {
                    throw new StoreException("boundary " + boundary.id() + " already belongs to campaign " + owner.get()
                            + "; boundary ids must be unique across campaigns");
                }
            }
            update(
                    "INSERT INTO campaign (id, name, folder, settings_json, updated_at) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, folder = excluded.folder,"
                            + " settings_json = excluded.settings_json, updated_at = excluded.updated_at",
                    campaignId,
                    campaign.settings().name(),
                    campaign.folder().toString(),
                    json(campaign.settings()),
                    now);
            for (String table : List.of("assigned_point", "form", "localization", "sos_contact")) {
                update("DELETE FROM " + table + " WHERE campaign_id = ?", campaignId);
            }
            for (Boundary boundary : campaign.boundaries()) {
                BoundaryImport outcome = importOutcome(boundary);
                imports.add(outcome);
                update(
                        "INSERT INTO boundary (id, campaign_id, name, parent_id, current_version, imported_version)"
                                + " VALUES (?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,"
                                + " current_version = excluded.current_version,"
                                + " imported_version = excluded.imported_version",
                        boundary.id(),
                        campaignId,
                        boundary.name(),
                        boundary.parentId(),
                        outcome.currentVersion(),
                        boundary.version());
                insertVersion(boundary.id(), boundary.version(), boundary.geometry(), now);
            }
            for (AssignedPoint point : campaign.points()) {
                update(
                        "INSERT INTO assigned_point (campaign_id, id, kind, name, boundary_id, lon, lat)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        campaignId,
                        point.id(),
                        point.kind(),
                        point.name(),
                        point.boundaryId(),
                        point.lon(),
                        point.lat());
            }
            for (FormSchema form : campaign.forms()) {
                update(
                        "INSERT INTO form (campaign_id, id, version, updated_at, schema_json) VALUES (?, ?, ?, ?, ?)",
                        campaignId,
                        form.id(),
                        form.version(),
                        form.updatedAt().toString(),
                        json(form.schema()));
            }
            for (Localization localization : campaign.localizations()) {
                update(
                        "INSERT INTO localization (campaign_id, locale, messages_json) VALUES (?, ?, ?)",
                        campaignId,
                        localization.locale(),
                        json(localization.messages()));
            }
            for (SosContact contact : campaign.sosContacts()) {
                update(
                        "INSERT INTO sos_contact (campaign_id, id, name, role, phone, boundary_ids_json)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        campaignId,
                        contact.id(),
                        contact.name(),
                        contact.role(),
                        contact.phone(),
                        json(contact.boundaryIds()));
            }
        });
        return new CampaignImport(campaignId, imports);
    }

    /**
     * The folder's geometry wins only where the folder changed since its last import; where it did
     * not, a planner's newer edit stays current. A boundary imported before the store kept its
     * imported version counts as unchanged when the folder's version is one the store has had.
     */
    private BoundaryImport importOutcome(Boundary boundary) {
        String fileVersion = boundary.version();
        List<String[]> stored = query(
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
                : !versions(boundary.id()).contains(fileVersion);
        if (!folderChanged) {
            return new BoundaryImport(boundary.id(), BoundaryImport.Outcome.EDIT_KEPT, current, fileVersion, current);
        }
        boolean edited = imported != null && !current.equals(imported); // unknown before the column: say updated
        BoundaryImport.Outcome outcome = edited ? BoundaryImport.Outcome.EDIT_REPLACED : BoundaryImport.Outcome.UPDATED;
        return new BoundaryImport(boundary.id(), outcome, current, fileVersion, fileVersion);
    }

    @Override
    public synchronized Optional<Campaign> load(String campaignId) {
        List<Object[]> campaignRows = query(
                "SELECT folder, settings_json FROM campaign WHERE id = ?",
                row -> new Object[] {row.getString(1), row.getString(2)},
                campaignId);
        if (campaignRows.isEmpty()) {
            return Optional.empty();
        }
        Path folder = Path.of((String) campaignRows.get(0)[0]);
        CampaignSettings settings = parse((String) campaignRows.get(0)[1], new TypeReference<>() {});
        List<Boundary> boundaries = query(
                "SELECT b.id, b.name, b.parent_id, b.current_version, v.geometry_geojson FROM boundary b"
                        + " JOIN boundary_version v ON v.boundary_id = b.id AND v.version = b.current_version"
                        + " WHERE b.campaign_id = ? ORDER BY b.rowid",
                row -> new Boundary(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        geometry(row.getString(5)),
                        row.getString(4)),
                campaignId);
        List<AssignedPoint> points = query(
                "SELECT id, kind, name, boundary_id, lon, lat FROM assigned_point WHERE campaign_id = ? ORDER BY rowid",
                row -> new AssignedPoint(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getDouble(5),
                        row.getDouble(6)),
                campaignId);
        List<FormSchema> forms = query(
                "SELECT id, version, updated_at, schema_json FROM form WHERE campaign_id = ? ORDER BY rowid",
                row -> new FormSchema(
                        row.getString(1),
                        row.getInt(2),
                        Instant.parse(row.getString(3)),
                        parse(row.getString(4), new TypeReference<>() {})),
                campaignId);
        List<Localization> localizations = query(
                "SELECT locale, messages_json FROM localization WHERE campaign_id = ? ORDER BY rowid",
                row -> new Localization(
                        row.getString(1), (Map<String, String>) parse(row.getString(2), new TypeReference<>() {})),
                campaignId);
        List<SosContact> contacts = query(
                "SELECT id, name, role, phone, boundary_ids_json FROM sos_contact WHERE campaign_id = ? ORDER BY rowid",
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
    public synchronized Optional<String> campaignOf(String boundaryId) {
        return query("SELECT campaign_id FROM boundary WHERE id = ?", row -> row.getString(1), boundaryId).stream()
                .findFirst();
    }

    @Override
    public synchronized String updateGeometry(String boundaryId, Geometry geometry) {
        String version = GeometryFingerprint.of(geometry);
        inTransaction(() -> {
            if (update("UPDATE boundary SET current_version = ? WHERE id = ?", version, boundaryId) == 0) {
                throw new StoreException("no boundary " + boundaryId);
            }
            insertVersion(boundaryId, version, geometry, Instant.now().toString());
        });
        return version;
    }

    @Override
    public synchronized List<String> versions(String boundaryId) {
        return query(
                "SELECT version FROM boundary_version WHERE boundary_id = ? ORDER BY created_at, rowid",
                row -> row.getString(1),
                boundaryId);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the campaign store", e);
        }
    }

    private void insertVersion(String boundaryId, String version, Geometry geometry, String now) {
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        update(
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

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("campaign store query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("campaign store update failed: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private void inTransaction(Runnable work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("campaign store transaction failed: " + e.getMessage(), e);
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
