package org.offlinepacks.api.bundle;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.StoreException;

/**
 * The pack catalog in the database (SQLite or PostgreSQL, the same SQL): versions reserved and
 * published, the files devices fetch by sha256, and each boundary's current version. Publishing a
 * version and switching the pointer to it is one transaction.
 */
final class PackCatalog {
    private static final String BUILDING = "building";
    private static final String PUBLISHED = "published";
    private static final String REMOVED = "removed";
    private static final int RESERVE_ATTEMPTS = 5;

    /** What the catalog knows of a published version. */
    record Version(
            String boundaryId,
            long version,
            String manifestSha256,
            String manifestGzipSha256,
            String bundleSha256,
            String boundaryVersion) {}

    /** A file devices fetch by sha256, in one published version. */
    record File(
            String boundaryId,
            long version,
            String path,
            String sha256,
            String mediaType,
            String gzipPath,
            String gzipSha256) {}

    private final Database database;

    PackCatalog(Database database) {
        this.database = database;
        database.migrate("packs", "db/packs");
    }

    Database database() {
        return database;
    }

    /** A new version number for a build of the boundary, one more than any in the catalog. */
    long reserve(String boundaryId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.transaction(c -> {
                    long next = Sql.query(
                                            c,
                                            "SELECT COALESCE(MAX(version), 0) FROM pack_version WHERE boundary_id = ?",
                                            row -> row.getLong(1),
                                            boundaryId)
                                    .get(0)
                            + 1;
                    Sql.update(
                            c,
                            "INSERT INTO pack_version (boundary_id, version, state, reserved_at) VALUES (?, ?, ?, ?)",
                            boundaryId,
                            next,
                            BUILDING,
                            Instant.now().toString());
                    return next;
                });
            } catch (StoreException e) {
                if (attempt >= RESERVE_ATTEMPTS) { // another node reserved the same number at the same time
                    throw e;
                }
            }
        }
    }

    /** Gives a reserved version up (its build failed); true when it was still only reserved. */
    boolean release(String boundaryId, long version) {
        return database.read(c -> Sql.update(
                        c,
                        "DELETE FROM pack_version WHERE boundary_id = ? AND version = ? AND state = ?",
                        boundaryId,
                        version,
                        BUILDING))
                > 0;
    }

    /**
     * Marks a reserved version published with its files and makes it current, in one transaction.
     * Fails when the reservation is gone (another build took the boundary over) or a newer version
     * is current already.
     */
    void publish(Version published, List<File> files) {
        database.transaction(c -> {
            int reserved = Sql.update(
                    c,
                    "UPDATE pack_version SET state = ?, published_at = ?, manifest_sha256 = ?,"
                            + " manifest_gzip_sha256 = ?, bundle_sha256 = ?, boundary_version = ?"
                            + " WHERE boundary_id = ? AND version = ? AND state = ?",
                    PUBLISHED,
                    Instant.now().toString(),
                    published.manifestSha256(),
                    published.manifestGzipSha256(),
                    published.bundleSha256(),
                    published.boundaryVersion(),
                    published.boundaryId(),
                    published.version(),
                    BUILDING);
            if (reserved != 1) {
                throw new IllegalStateException("version " + published.version() + " of boundary "
                        + published.boundaryId() + " is no longer reserved for this build (a newer version was"
                        + " published meanwhile, or another build took the boundary over); it is not published");
            }
            Optional<Long> current = current(c, published.boundaryId());
            if (current.isPresent() && current.get() > published.version()) {
                throw new IllegalStateException("version " + current.get() + " of boundary "
                        + published.boundaryId() + " was published meanwhile; version " + published.version()
                        + " is not published");
            }
            insertFiles(c, files);
            Sql.update(
                    c,
                    "INSERT INTO pack_current (boundary_id, version) VALUES (?, ?)"
                            + " ON CONFLICT (boundary_id) DO UPDATE SET version = excluded.version",
                    published.boundaryId(),
                    published.version());
            return null;
        });
    }

    /** Records a version already in place (a data folder from before the catalog) as published. */
    void importPublished(Version version, List<File> files, boolean current) {
        database.transaction(c -> {
            Sql.update(
                    c,
                    "INSERT INTO pack_version (boundary_id, version, state, reserved_at, published_at,"
                            + " manifest_sha256, manifest_gzip_sha256, bundle_sha256, boundary_version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    version.boundaryId(),
                    version.version(),
                    PUBLISHED,
                    Instant.now().toString(),
                    Instant.now().toString(),
                    version.manifestSha256(),
                    version.manifestGzipSha256(),
                    version.bundleSha256(),
                    version.boundaryVersion());
            insertFiles(c, files);
            if (current) {
                Sql.update(
                        c,
                        "INSERT INTO pack_current (boundary_id, version) VALUES (?, ?)"
                                + " ON CONFLICT (boundary_id) DO UPDATE SET version = excluded.version",
                        version.boundaryId(),
                        version.version());
            }
            return null;
        });
    }

    private static void insertFiles(Connection c, List<File> files) throws SQLException {
        for (File file : files) {
            Sql.update(
                    c,
                    "INSERT INTO pack_file (boundary_id, version, path, sha256, media_type, gzip_path, gzip_sha256)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    file.boundaryId(),
                    file.version(),
                    file.path(),
                    file.sha256(),
                    file.mediaType(),
                    file.gzipPath(),
                    file.gzipSha256());
        }
    }

    Optional<Version> current(String boundaryId) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT " + VERSION_COLUMNS + " FROM pack_current c JOIN pack_version v"
                                + " ON v.boundary_id = c.boundary_id AND v.version = c.version WHERE c.boundary_id = ?",
                        PackCatalog::version,
                        boundaryId)
                .stream()
                .findFirst());
    }

    Optional<Version> published(String boundaryId, long version) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT " + VERSION_COLUMNS + " FROM pack_version v"
                                + " WHERE v.boundary_id = ? AND v.version = ? AND v.state = ?",
                        PackCatalog::version,
                        boundaryId,
                        version,
                        PUBLISHED)
                .stream()
                .findFirst());
    }

    /** Published versions, oldest first. */
    List<Long> publishedVersions(String boundaryId) {
        return database.read(c -> Sql.query(
                c,
                "SELECT version FROM pack_version WHERE boundary_id = ? AND state = ? ORDER BY version",
                row -> row.getLong(1),
                boundaryId,
                PUBLISHED));
    }

    /** Every version in the catalog, reserved or published, oldest first. */
    List<Long> allVersions(String boundaryId) {
        return database.read(c -> Sql.query(
                c,
                "SELECT version FROM pack_version WHERE boundary_id = ? ORDER BY version",
                row -> row.getLong(1),
                boundaryId));
    }

    List<String> boundaries() {
        return database.read(c ->
                Sql.query(c, "SELECT boundary_id FROM pack_current ORDER BY boundary_id", row -> row.getString(1)));
    }

    /** Boundaries with any version in the catalog. */
    List<String> catalogued() {
        return database.read(c -> Sql.query(
                c, "SELECT DISTINCT boundary_id FROM pack_version ORDER BY boundary_id", row -> row.getString(1)));
    }

    /** Published files with this sha256, newest version first. */
    List<File> files(String sha256) {
        return database.read(c -> Sql.query(
                c,
                "SELECT boundary_id, version, path, sha256, media_type, gzip_path, gzip_sha256 FROM pack_file"
                        + " WHERE sha256 = ? ORDER BY version DESC",
                PackCatalog::file,
                sha256));
    }

    /** A published file of the boundary with this sha256, to copy instead of storing its bytes again. */
    Optional<File> fileOfBoundary(String boundaryId, String sha256) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT boundary_id, version, path, sha256, media_type, gzip_path, gzip_sha256 FROM pack_file"
                                + " WHERE boundary_id = ? AND sha256 = ? ORDER BY version DESC",
                        PackCatalog::file,
                        boundaryId,
                        sha256)
                .stream()
                .findFirst());
    }

    /**
     * Forgets every published version of the boundary and its current pointer, in one transaction;
     * the version rows stay as removed, so a pack built later still gets a higher number.
     */
    void removeAll(String boundaryId) {
        database.transaction(c -> {
            Sql.update(c, "DELETE FROM pack_current WHERE boundary_id = ?", boundaryId);
            Sql.update(c, "DELETE FROM pack_file WHERE boundary_id = ?", boundaryId);
            Sql.update(
                    c,
                    "UPDATE pack_version SET state = ? WHERE boundary_id = ? AND state = ?",
                    REMOVED,
                    boundaryId,
                    PUBLISHED);
            return null;
        });
    }

    /**
     * Forgets published versions beyond the newest {@code keep} and reservations older than
     * {@code publishedVersion} (builds that died or were taken over); returns the versions kept.
     */
    List<Long> prune(String boundaryId, long publishedVersion, int keep) {
        return database.transaction(c -> {
            List<Long> published = Sql.query(
                    c,
                    "SELECT version FROM pack_version WHERE boundary_id = ? AND state = ? ORDER BY version DESC",
                    row -> row.getLong(1),
                    boundaryId,
                    PUBLISHED);
            List<Long> kept = new ArrayList<>(published.subList(0, Math.min(keep, published.size())));
            for (long old : published.subList(kept.size(), published.size())) {
                Sql.update(c, "DELETE FROM pack_file WHERE boundary_id = ? AND version = ?", boundaryId, old);
                Sql.update(c, "DELETE FROM pack_version WHERE boundary_id = ? AND version = ?", boundaryId, old);
            }
            Sql.update(
                    c,
                    "DELETE FROM pack_version WHERE boundary_id = ? AND state = ? AND version < ?",
                    boundaryId,
                    BUILDING,
                    publishedVersion);
            kept.addAll(Sql.query(
                    c,
                    "SELECT version FROM pack_version WHERE boundary_id = ? AND state = ?",
                    row -> row.getLong(1),
                    boundaryId,
                    BUILDING));
            return kept;
        });
    }

    private static final String VERSION_COLUMNS = "v.boundary_id, v.version, v.manifest_sha256, v.manifest_gzip_sha256,"
            + " v.bundle_sha256, v.boundary_version";

    private static Optional<Long> current(Connection c, String boundaryId) throws SQLException {
        return Sql.query(c, "SELECT version FROM pack_current WHERE boundary_id = ?", row -> row.getLong(1), boundaryId)
                .stream()
                .findFirst();
    }

    private static Version version(ResultSet row) throws SQLException {
        return new Version(
                row.getString(1),
                row.getLong(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6));
    }

    private static File file(ResultSet row) throws SQLException {
        return new File(
                row.getString(1),
                row.getLong(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7));
    }
}
