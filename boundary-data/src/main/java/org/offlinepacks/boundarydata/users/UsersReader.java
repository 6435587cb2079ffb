package org.offlinepacks.boundarydata.users;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Reads users.json from a campaign folder:
 *
 * <pre>
 * {"users": [
 *   {"id": "fw-encamp", "name": "Ana Pujol (optional)", "role": "field_worker",
 *    "boundaries": ["osm-relation-2804755"], "tokenSha256": "64 hex digits"},
 *   {"id": "demo-planner", "role": "planner", "boundaries": [...], "token": "in clear, demo only"}
 * ]}
 * </pre>
 *
 * Roles: field_worker, supervisor, planner, admin. A user gives either {@code tokenSha256} (the
 * SHA-256 of the token, e.g. {@code printf %s TOKEN | sha256sum}) or {@code token} in clear; a
 * token in clear is public by nature and marks the user as a demo user. Every problem is reported
 * with the user's position and id; users with problems are left out.
 */
public final class UsersReader {
    /** What {@link #isSafeId} accepts, for error messages. */
    public static final String SAFE_ID_RULE =
            "user ids have 1 to 128 letters, digits, '.', '_', '-', '@' or '+', not starting with '.', '@' or '+'";

    /** User ids appear in URLs, logs and receipts, so they are kept short and to a safe alphabet (emails fit). */
    public static boolean isSafeId(String id) {
        return id.matches("[A-Za-z0-9_-][A-Za-z0-9._@+-]{0,127}");
    }

    public static final String FILE = "users.json";

    private UsersReader() {}

    /** The users of {@code campaignFolder/users.json}; an empty list when the file does not exist. */
    public static List<UserAccount> read(
            Path campaignFolder, String campaignId, Set<String> boundaryIds, ValidationReport report) {
        Path file = campaignFolder.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode document = JsonFiles.read(file, FILE, report);
        return document == null ? List.of() : read(document, campaignId, boundaryIds, report);
    }

    public static List<UserAccount> read(
            JsonNode document, String campaignId, Set<String> boundaryIds, ValidationReport report) {
        JsonNode users = document.get("users");
        if (users == null || !users.isArray()) {
            report.error("missing-users", FILE, "", "users.json needs a \"users\" array");
            return List.of();
        }
        List<UserAccount> accounts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            JsonNode node = users.get(i);
            String id = JsonFiles.text(node, "id");
            String location = "user #" + (i + 1) + (id == null ? "" : " (id=" + id + ")");
            int errorsBefore = report.errors().size();
            if (id == null || id.isBlank()) {
                report.error("missing-id", FILE, location, "the user has no id");
            } else if (!isSafeId(id)) {
                report.error("bad-id", FILE, location, SAFE_ID_RULE + ", found \"" + id + "\"");
            } else if (!ids.add(id)) {
                report.error("duplicate-id", FILE, location, "user id " + id + " is used by an earlier user");
            }
            Role role = role(JsonFiles.text(node, "role"), location, report);
            Set<String> boundaries = boundaries(node.get("boundaries"), boundaryIds, role, location, report);
            String tokenHash = tokenHash(node, location, report);
            if (tokenHash != null && !hashes.add(tokenHash)) {
                report.error("duplicate-token", FILE, location, "two users have the same token; give each its own");
            }
            String name = checkName(JsonFiles.text(node, "name"), FILE, location, report);
            if (report.errors().size() == errorsBefore) {
                accounts.add(new UserAccount(
                        new User(id, campaignId, role, boundaries), tokenHash, node.hasNonNull("token"), false, name));
            }
        }
        return accounts;
    }

    /** The most characters of a display name. */
    public static final int MAX_NAME = 100;

    /**
     * A display name as stored: trimmed, null when empty. More than {@link #MAX_NAME} characters or
     * control characters (a line break would garble lists and logs) are reported.
     */
    public static String checkName(String name, String file, String location, ValidationReport report) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            report.error("bad-name", file, location, "a name has at most " + MAX_NAME + " characters");
        } else if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            report.error("bad-name", file, location, "a name has no line breaks, tabs or other control characters");
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static Role role(String text, String location, ValidationReport report) {
        if (text != null) {
            try {
                return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        report.error(
                "bad-role",
                FILE,
                location,
                "role must be one of field_worker, supervisor, planner, admin, found " + text);
        return null;
    }

    private static Set<String> boundaries(
            JsonNode node, Set<String> known, Role role, String location, ValidationReport report) {
        Set<String> result = new LinkedHashSet<>();
        if (node != null && node.isArray()) {
            node.forEach(value -> result.add(value.asText()));
        } else if (node != null) {
            report.error("bad-boundaries", FILE, location, "boundaries must be an array of boundary ids");
        }
        for (String id : result) {
            if (!known.contains(id)) {
                report.error("unknown-boundary", FILE, location, "boundary " + id + " is not in boundaries.geojson");
            }
        }
        if (result.isEmpty() && role != Role.ADMIN) {
            report.error("no-boundaries", FILE, location, "only admins may have no boundaries; assign at least one");
        }
        return result;
    }

    private static String tokenHash(JsonNode node, String location, ValidationReport report) {
        String clear = JsonFiles.text(node, "token");
        String hash = JsonFiles.text(node, "tokenSha256");
        if ((clear == null) == (hash == null)) {
            report.error("bad-token", FILE, location, "give exactly one of \"tokenSha256\" and \"token\"");
            return null;
        }
        if (clear != null) {
            if (clear.length() < 16) {
                report.error("weak-token", FILE, location, "a token needs at least 16 characters");
                return null;
            }
            return TokenHash.of(clear);
        }
        String lower = hash.toLowerCase(Locale.ROOT);
        if (!TokenHash.isHash(lower)) {
            report.error("bad-token", FILE, location, "tokenSha256 must be 64 hex digits");
            return null;
        }
        return lower;
    }
}
