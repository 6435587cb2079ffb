package org.offlinepacks.api.relay;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;

/**
 * What a field relay keeps, durably: the mirrored documents and pack files (objects addressed by
 * sha256, a path table naming them), the token hashes it accepts, and the sealed files devices
 * left with it until the central service has answered for each. A file is in the outbox (object,
 * then row) before its sender hears 202, so a relay killed at any moment loses nothing.
 */
public final class RelayStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A mirrored answer: its bytes' object, content type and manifest signature (for manifests). */
    public record Mirrored(String sha256, String contentType, String signature) {}

    /** A token the relay accepts, as the central service listed it. */
    public record Token(
            String tokenSha256,
            String userId,
            String campaignId,
            String role,
            Set<String> boundaryIds,
            Long expiresAt) {}

    /** What a file left with the relay is: forwarded as it is (sealed), or as an entry file the relay vouches for. */
    public enum Kind {
        SEALED,
        PLAIN
    }

    /** A file left with the relay; {@code centralStatus} null while it waits to be forwarded. */
    public record Upload(
            String fileSha256, long receivedAt, Long forwardedAt, Integer centralStatus, String centralAnswer) {}

    private final Database database;
    private final ObjectStore objects;
    private final Clock clock;

    public RelayStore(Database database, ObjectStore objects, Clock clock) {
        this.database = database;
        this.objects = objects;
        this.clock = clock;
        database.migrate("relay", "db/relay");
        database.keepPrivate(); // token hashes
    }

    public void putPath(String path, byte[] bytes, String contentType, String signature) throws IOException {
        String sha256 = sha256(bytes);
        objects.put("mirror/" + sha256, bytes);
        database.read(c -> Sql.update(
                c,
                "INSERT INTO relay_path (path, sha256, content_type, signature, listed_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256,"
                        + " content_type = excluded.content_type, signature = excluded.signature,"
                        + " listed_at = excluded.listed_at",
                path,
                sha256,
                contentType,
                signature,
                clock.millis()));
    }

    /**
     * Marks {@code listed} as listed now and drops the paths not listed for {@code grace} (an old
     * pack version's parts, which a device may still be resuming for a while), with their objects
     * once no path names them. Returns how many paths were dropped.
     */
    public int prune(Set<String> listed, Duration grace) throws IOException {
        long now = clock.millis();
        long before = now - grace.toMillis();
        Dropped dropped = database.transaction(c -> {
            for (String path : listed) {
                Sql.update(c, "UPDATE relay_path SET listed_at = ? WHERE path = ?", now, path);
            }
            List<String> hashes = Sql.query(
                    c, "SELECT DISTINCT sha256 FROM relay_path WHERE listed_at < ?", row -> row.getString(1), before);
            int paths = Sql.update(c, "DELETE FROM relay_path WHERE listed_at < ?", before);
            List<String> unnamed = new ArrayList<>();
            for (String sha256 : hashes) {
                if (Sql.query(c, "SELECT 1 FROM relay_path WHERE sha256 = ?", row -> 1, sha256)
                        .isEmpty()) {
                    unnamed.add(sha256);
                }
            }
            return new Dropped(paths, unnamed);
        });
        for (String sha256 : dropped.objects()) {
            objects.delete("mirror/" + sha256);
        }
        return dropped.paths();
    }

    private record Dropped(int paths, List<String> objects) {}

    public Optional<Mirrored> path(String path) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT sha256, content_type, signature FROM relay_path WHERE path = ?",
                        row -> new Mirrored(row.getString(1), row.getString(2), row.getString(3)),
                        path)
                .stream()
                .findFirst());
    }

    public boolean hasObject(String sha256) throws IOException {
        return objects.size("mirror/" + sha256).isPresent();
    }

    public byte[] bytes(Mirrored mirrored) throws IOException {
        try (InputStream in = objects.open("mirror/" + mirrored.sha256())) {
            return in.readAllBytes();
        }
    }

    public void replaceTokens(List<Token> tokens) {
        database.transaction(c -> {
            Sql.update(c, "DELETE FROM relay_token");
            for (Token token : tokens) {
                Sql.update(
                        c,
                        "INSERT INTO relay_token (token_sha256, user_id, campaign_id, role, boundary_ids_json, expires_at)"
                                + " VALUES (?, ?, ?, ?, ?, CAST(? AS BIGINT))", // null is sent as text
                        token.tokenSha256(),
                        token.userId(),
                        token.campaignId(),
                        token.role(),
                        JSON.writeValueAsString(token.boundaryIds()),
                        token.expiresAt());
            }
            return null;
        });
    }

    /** The user of a mirrored token, unless it expired. */
    public Optional<User> user(String tokenSha256) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT user_id, campaign_id, role, boundary_ids_json FROM relay_token"
                                + " WHERE token_sha256 = ? AND (expires_at IS NULL OR expires_at > ?)",
                        row -> {
                            try {
                                return new User(
                                        row.getString(1),
                                        row.getString(2),
                                        Role.valueOf(row.getString(3)),
                                        JSON.readValue(row.getString(4), new TypeReference<Set<String>>() {}));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        tokenSha256,
                        clock.millis())
                .stream()
                .findFirst());
    }

    /** Keeps a file until it is forwarded; the same file again is kept once. */
    public String receive(byte[] file, Kind kind) throws IOException {
        String sha256 = sha256(file);
        objects.put("outbox/" + sha256, file);
        database.read(c -> Sql.update(
                c,
                "INSERT INTO relay_upload (file_sha256, kind, received_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (file_sha256) DO NOTHING",
                sha256,
                kind.name(),
                clock.millis()));
        return sha256;
    }

    /** The files waiting to be forwarded, oldest first, with their kind. */
    public List<Waiting> waitingFiles() {
        return database.read(c -> Sql.query(
                c,
                "SELECT file_sha256, kind FROM relay_upload WHERE central_status IS NULL ORDER BY received_at",
                row -> new Waiting(row.getString(1), Kind.valueOf(row.getString(2)))));
    }

    /** A file waiting to be forwarded. */
    public record Waiting(String fileSha256, Kind kind) {}

    public List<String> waiting() {
        return waitingFiles().stream().map(Waiting::fileSha256).toList();
    }

    /** A file left with the relay, as it came. */
    public byte[] file(String fileSha256) throws IOException {
        try (InputStream in = objects.open("outbox/" + fileSha256)) {
            return in.readAllBytes();
        }
    }

    public void forwarded(String fileSha256, int status, String answer) {
        database.read(c -> Sql.update(
                c,
                "UPDATE relay_upload SET forwarded_at = ?, central_status = ?, central_answer = ? WHERE file_sha256 = ?",
                clock.millis(),
                status,
                answer,
                fileSha256));
    }

    public Optional<Upload> upload(String fileSha256) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT file_sha256, received_at, forwarded_at, central_status, central_answer FROM relay_upload"
                                + " WHERE file_sha256 = ?",
                        row -> new Upload(
                                row.getString(1),
                                row.getLong(2),
                                row.getObject(3) == null ? null : row.getLong(3),
                                row.getObject(4) == null ? null : row.getInt(4),
                                row.getString(5)),
                        fileSha256)
                .stream()
                .findFirst());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
    }
}
