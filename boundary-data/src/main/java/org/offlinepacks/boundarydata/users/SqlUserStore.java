package org.offlinepacks.boundarydata.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.store.StoreException;

/** Users in SQL (table {@code app_user}, beside the campaign tables), SQLite or PostgreSQL. */
public final class SqlUserStore implements UserStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS =
            "id, campaign_id, role, boundary_ids_json, token_sha256, demo_token, disabled, name";

    private final Database database;

    private SqlUserStore(Database database) {
        this.database = database;
        database.migrate("campaign", SqlCampaignStore.MIGRATIONS);
    }

    /** The user table of {@code database}; the caller closes it. */
    public static SqlUserStore open(Database database) {
        return new SqlUserStore(database);
    }

    @Override
    public void replaceUsers(String campaignId, List<UserAccount> accounts) {
        database.transaction(connection -> {
            try {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM app_user WHERE campaign_id = ?")) {
                    delete.setString(1, campaignId);
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO app_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (UserAccount account : accounts) {
                        User user = account.user();
                        if (!user.campaignId().equals(campaignId)) {
                            throw new StoreException("user " + user.id() + " belongs to campaign " + user.campaignId()
                                    + ", not " + campaignId);
                        }
                        insert.setString(1, user.id());
                        insert.setString(2, campaignId);
                        insert.setString(3, user.role().name());
                        insert.setString(4, JSON.writeValueAsString(new TreeSet<>(user.boundaryIds())));
                        insert.setString(5, account.tokenSha256());
                        insert.setInt(6, account.demoToken() ? 1 : 0);
                        insert.setInt(7, account.disabled() ? 1 : 0);
                        insert.setString(8, account.name());
                        insert.executeUpdate();
                    }
                }
                return null;
            } catch (JsonProcessingException e) {
                throw new StoreException("cannot serialize boundary ids", e);
            }
        });
    }

    @Override
    public Optional<User> findByToken(String token) {
        return query(
                        "SELECT " + COLUMNS + " FROM app_user WHERE token_sha256 = ? AND disabled = 0",
                        TokenHash.of(token))
                .stream()
                .map(UserAccount::user)
                .findFirst();
    }

    @Override
    public void putUser(UserAccount account) {
        User user = account.user();
        database.transaction(connection -> {
            try {
                return Sql.update(
                        connection,
                        "INSERT INTO app_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id,"
                                + " role = excluded.role, boundary_ids_json = excluded.boundary_ids_json,"
                                + " token_sha256 = excluded.token_sha256, demo_token = excluded.demo_token,"
                                + " disabled = excluded.disabled, name = excluded.name",
                        user.id(),
                        user.campaignId(),
                        user.role().name(),
                        JSON.writeValueAsString(new TreeSet<>(user.boundaryIds())),
                        account.tokenSha256(),
                        account.demoToken(),
                        account.disabled(),
                        account.name());
            } catch (JsonProcessingException e) {
                throw new StoreException("cannot serialize boundary ids", e);
            }
        });
    }

    @Override
    public Optional<UserAccount> account(String userId) {
        return query("SELECT " + COLUMNS + " FROM app_user WHERE id = ?", userId).stream()
                .findFirst();
    }

    @Override
    public boolean hasDemoTokens() {
        return !query("SELECT " + COLUMNS + " FROM app_user WHERE demo_token = 1 LIMIT 1")
                .isEmpty();
    }

    @Override
    public List<UserAccount> accounts(String campaignId) {
        return query("SELECT " + COLUMNS + " FROM app_user WHERE campaign_id = ? ORDER BY id", campaignId);
    }

    @Override
    public List<UserAccount> accounts(String campaignId, String afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page has at least one user, not " + limit);
        }
        return query(
                "SELECT " + COLUMNS + " FROM app_user WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT " + limit,
                campaignId,
                afterId == null ? "" : afterId);
    }

    /** The database is the caller's. */
    @Override
    public void close() {}

    private List<UserAccount> query(String sql, String... parameters) {
        return database.read(connection -> accounts(connection, sql, parameters));
    }

    private static List<UserAccount> accounts(Connection connection, String sql, String... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<UserAccount> accounts = new ArrayList<>();
                while (rows.next()) {
                    Set<String> boundaryIds = JSON.readValue(rows.getString(4), new TypeReference<Set<String>>() {});
                    User user = new User(
                            rows.getString(1), rows.getString(2), Role.valueOf(rows.getString(3)), boundaryIds);
                    accounts.add(new UserAccount(
                            user, rows.getString(5), rows.getInt(6) == 1, rows.getInt(7) == 1, rows.getString(8)));
                }
                return accounts;
            }
        } catch (JsonProcessingException e) {
            throw new StoreException("stored boundary ids cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
