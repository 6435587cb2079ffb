package org.offlinepacks.api.planning;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;
import org.offlinepacks.boundarydata.users.UserStore;
import org.offlinepacks.boundarydata.users.UsersReader;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * An admin's changes to the users of their campaign: role, boundaries, disabled, and for a new user
 * the SHA-256 of their token (tokens themselves are never sent or stored). A device whose user's
 * boundaries changed sees it in its next sync index and drops the packs no longer listed.
 */
public final class UserEditor {
    private static final String BODY = "request body";
    /** At most this many users in a page of {@link #users}. */
    public static final int MAX_PAGE = 1000;

    /** A user as admins see them: never the token hash. */
    public record UserView(String id, String name, String role, List<String> boundaries, boolean disabled) {
        static UserView of(UserAccount account) {
            return new UserView(
                    account.user().id(),
                    account.name(),
                    account.user().role().name().toLowerCase(Locale.ROOT),
                    List.copyOf(new TreeSet<>(account.user().boundaryIds())),
                    account.disabled());
        }
    }

    /** A page of users in id order; {@code next} is the id to ask after for the next page, null at the end. */
    public record UserPage(List<UserView> users, String next) {}

    private final UserStore users;
    private final CampaignCatalog campaigns;
    private final java.util.function.Consumer<String> changed;

    /**
     * @param changed told the id of every user changed (the authenticator forgets what it
     *     remembered of them; other nodes refresh within their own short memory)
     */
    public UserEditor(UserStore users, CampaignCatalog campaigns, java.util.function.Consumer<String> changed) {
        this.users = users;
        this.campaigns = campaigns;
        this.changed = changed;
    }

    /** A page of the users of the admin's campaign, in id order, after {@code afterId} (null: from the first). */
    public UserPage users(User admin, String afterId, int limit) {
        requireAdmin(admin);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_PAGE + ", found " + limit);
        }
        List<UserAccount> page = users.accounts(admin.campaignId(), afterId, limit + 1);
        List<UserView> views = page.stream().limit(limit).map(UserView::of).toList();
        return new UserPage(
                views, page.size() > limit ? views.get(views.size() - 1).id() : null);
    }

    public UserView user(User admin, String userId) {
        requireAdmin(admin);
        return UserView.of(accountInCampaign(admin, userId)
                .orElseThrow(() -> new NotFoundException("no user " + userId + " in your campaign")));
    }

    /**
     * Creates or changes a user from {@code {"name", "role", "boundaries": [...], "disabled",
     * "tokenSha256"}}; the token hash is required for a new user and optional otherwise, and a name
     * left out is kept (null or "" removes it).
     */
    public UserView putUser(User admin, String userId, byte[] body) {
        requireAdmin(admin);
        ValidationReport report = new ValidationReport();
        if (!UsersReader.isSafeId(userId)) {
            report.error("bad-id", "URL", "userId", UsersReader.SAFE_ID_RULE + ", found \"" + userId + "\"");
            throw new InvalidInputException("user " + userId, report);
        }
        JsonNode document = JsonFiles.parse(body, BODY, report);
        Optional<UserAccount> existing = users.account(userId);
        if (existing.isPresent() && !existing.get().user().campaignId().equals(admin.campaignId())) {
            throw new AccessDeniedException("user " + userId + " belongs to another campaign");
        }
        Role role = null;
        List<String> boundaries = new ArrayList<>();
        String tokenSha256 = existing.map(UserAccount::tokenSha256).orElse(null);
        String name = existing.map(UserAccount::name).orElse(null);
        boolean disabled = false;
        if (document != null && !document.isObject()) {
            report.error(
                    "bad-user", BODY, "", "expected {\"role\", \"boundaries\": [...], \"disabled\", \"tokenSha256\"}");
        } else if (document != null) {
            role = role(JsonFiles.text(document, "role"), report);
            JsonNode listed = document.get("boundaries");
            if (listed == null || !listed.isArray()) {
                report.error("bad-boundaries", BODY, "", "\"boundaries\" must be an array of boundary ids");
            } else {
                Set<String> known = new TreeSet<>();
                campaigns.campaign(admin.campaignId()).boundaries().forEach(b -> known.add(b.id()));
                for (JsonNode boundary : listed) {
                    if (!known.contains(boundary.asText())) {
                        report.error(
                                "unknown-boundary",
                                BODY,
                                "",
                                "boundary " + boundary.asText() + " is not a boundary of the campaign");
                    }
                    boundaries.add(boundary.asText());
                }
            }
            disabled = document.path("disabled").asBoolean(false);
            if (document.has("name")) {
                name = UsersReader.checkName(JsonFiles.text(document, "name"), BODY, "name", report);
            }
            if (document.has("tokenSha256")) {
                tokenSha256 = JsonFiles.text(document, "tokenSha256");
                if (tokenSha256 == null || !TokenHash.isHash(tokenSha256)) {
                    report.error(
                            "bad-token-hash",
                            BODY,
                            "",
                            "\"tokenSha256\" must be the SHA-256 of the token as 64 lowercase hex digits"
                                    + " (printf %s \"$TOKEN\" | sha256sum)");
                    tokenSha256 = null;
                }
            } else if (tokenSha256 == null) {
                report.error(
                        "missing-token-hash", BODY, "", "a new user needs \"tokenSha256\", the SHA-256 of their token");
            }
        }
        if (disabled && userId.equals(admin.id())) {
            report.error("self-disable", BODY, "", "an admin cannot disable their own account");
        }
        if (report.hasErrors()) {
            throw new InvalidInputException("user " + userId, report);
        }
        UserAccount account = new UserAccount(
                new User(userId, admin.campaignId(), role, Set.copyOf(boundaries)),
                tokenSha256,
                existing.map(UserAccount::demoToken).orElse(false)
                        && tokenSha256.equals(existing.get().tokenSha256()),
                disabled,
                name);
        users.putUser(account);
        changed.accept(userId);
        return UserView.of(account);
    }

    private Optional<UserAccount> accountInCampaign(User admin, String userId) {
        return users.account(userId).filter(a -> a.user().campaignId().equals(admin.campaignId()));
    }

    private static Role role(String text, ValidationReport report) {
        for (Role role : Role.values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        report.error(
                "bad-role", BODY, "", "\"role\" must be field_worker, supervisor, planner or admin, found " + text);
        return null;
    }

    private static void requireAdmin(User user) {
        if (user.role() != Role.ADMIN) {
            throw new AccessDeniedException("only admins change users");
        }
    }
}
