package org.offlinepacks.api.accounts;

import java.security.PublicKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;
import org.offlinepacks.boundarydata.users.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users signing in on devices with a password, in the campaign database (SQLite or PostgreSQL):
 * each sign-in enrols a device with its own Ed25519 public key and gives it a token that expires
 * and a refresh token that gets the next one; admins list and revoke a user's devices; failed
 * sign-ins are counted per account and per address and refused past {@link DeviceTerms}' limits.
 * A user's role, area and disabled flag stay in the {@link UserStore}: a device token stands for
 * the user as they are now.
 */
public final class DeviceAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAccounts.class);
    private static final String DEVICE_COLUMNS = "device_id, user_id, name, key_id, public_key_pem, enrolled_at,"
            + " refreshed_at, token_expires_at, refresh_expires_at, revoked_at, revoked_by";
    private static final int MAX_NAME = 100;
    /** Checked against when the user is unknown, so that an unknown user costs the same time as a known one. */
    private static final String NOBODY = PasswordHash.of("no user has this password");

    /** A device token's user as they are now, and until when the token is accepted. */
    public record Authenticated(User user, String deviceId, Instant expiresAt) {}

    private final Database database;
    private final UserStore users;
    private final DeviceTerms terms;
    private final Clock clock;

    public DeviceAccounts(Database database, UserStore users, DeviceTerms terms, Clock clock) {
        this.database = database;
        this.users = users;
        this.terms = terms;
        this.clock = clock;
        database.migrate("accounts", "db/accounts");
        database.keepPrivate(); // password hashes
    }

    /** An admin sets the password a user signs in with (their devices stay signed in). */
    public void setPassword(User admin, String userId, String password) {
        UserAccount account = accountInCampaign(admin, userId);
        String hash = PasswordHash.of(password);
        database.read(c -> Sql.update(
                c,
                "INSERT INTO user_password (user_id, password_hash, changed_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash,"
                        + " changed_at = excluded.changed_at",
                account.user().id(),
                hash,
                clock.millis()));
        LOG.info("{} set the password of user {}", admin.id(), userId);
    }

    /**
     * Signs a user in on a new device: the password must match, and neither the account nor the
     * address may have had too many failed sign-ins lately.
     *
     * @param devicePublicKeyPem the device's own Ed25519 public key (SubjectPublicKeyInfo PEM)
     * @param address where the request came from, for the per-address limit
     */
    public DeviceSession signIn(
            String userId, String password, String deviceName, String devicePublicKeyPem, String address) {
        if (userId == null || userId.isBlank() || password == null) {
            throw new IllegalArgumentException("a sign-in names userId and password");
        }
        String name = deviceName == null || deviceName.isBlank() ? "device" : deviceName.strip();
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("deviceName is at most " + MAX_NAME + " characters");
        }
        PublicKey deviceKey;
        try {
            deviceKey = Ed25519.readPublicPem(devicePublicKeyPem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "devicePublicKey: the device's own Ed25519 public key, as PEM: " + e.getMessage(), e);
        }
        String accountSubject = "account:" + userId;
        String addressSubject = "address:" + address;
        Instant now = clock.instant();
        refuseWhenTooMany(accountSubject, terms.failuresPerAccount(), now, "user " + userId);
        refuseWhenTooMany(addressSubject, terms.failuresPerAddress(), now, "address " + address);

        Optional<UserAccount> account = users.account(userId);
        Optional<String> hash =
                account.flatMap(known -> passwordHash(known.user().id()));
        boolean matches = PasswordHash.matches(password, hash.orElse(NOBODY));
        if (!matches || hash.isEmpty()) {
            recordFailure(List.of(accountSubject, addressSubject), now);
            LOG.info("failed sign-in of user {} from {}", userId, address);
            throw new AuthenticationException(
                    AuthenticationException.Reason.WRONG_PASSWORD,
                    "user " + userId + " and this password do not match (or the user has no password set)");
        }
        if (account.get().disabled()) {
            throw new AccessDeniedException("user " + userId + " is disabled: an admin can enable them");
        }
        database.read(c -> Sql.update(c, "DELETE FROM sign_in_failure WHERE subject = ?", accountSubject));
        String deviceId = UUID.randomUUID().toString();
        String token = TokenHash.newToken();
        String refresh = TokenHash.newToken();
        Instant tokenExpires = now.plus(terms.token());
        Instant refreshExpires = now.plus(terms.refresh());
        database.read(c -> Sql.update(
                c,
                "INSERT INTO device (device_id, user_id, name, public_key_pem, key_id, token_sha256, token_expires_at,"
                        + " refresh_sha256, refresh_expires_at, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                deviceId,
                userId,
                name,
                Ed25519.publicPem(deviceKey),
                Ed25519.keyId(deviceKey),
                TokenHash.of(token),
                tokenExpires.toEpochMilli(),
                TokenHash.of(refresh),
                refreshExpires.toEpochMilli(),
                now.toEpochMilli()));
        LOG.info("user {} signed in on device {} ({}, key {})", userId, deviceId, name, Ed25519.keyId(deviceKey));
        return new DeviceSession(deviceId, userId, token, tokenExpires, refresh, refreshExpires);
    }

    /**
     * A new token and refresh token for the device whose refresh token this is; the old ones stop
     * working (a refresh token is used once).
     */
    public DeviceSession refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new IllegalArgumentException("a refresh names refreshToken");
        }
        Instant now = clock.instant();
        String oldHash = TokenHash.of(refreshToken);
        Device device = storedBy("refresh_sha256", oldHash)
                .orElseThrow(() -> new AuthenticationException(
                        AuthenticationException.Reason.REFRESH_REFUSED,
                        "this refresh token is not valid (it was used already, or never given): sign in again"));
        refuseRevoked(device);
        if (!device.refreshExpiresAt().isAfter(now)) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.REFRESH_REFUSED,
                    "the refresh token of device " + device.deviceId() + " expired at " + device.refreshExpiresAt()
                            + ": sign in again");
        }
        activeUser(device);
        String token = TokenHash.newToken();
        String refresh = TokenHash.newToken();
        Instant tokenExpires = now.plus(terms.token());
        Instant refreshExpires = now.plus(terms.refresh());
        int changed = database.read(c -> Sql.update(
                c,
                "UPDATE device SET token_sha256 = ?, token_expires_at = ?, refresh_sha256 = ?, refresh_expires_at = ?,"
                        + " refreshed_at = ? WHERE device_id = ? AND refresh_sha256 = ? AND revoked_at IS NULL",
                TokenHash.of(token),
                tokenExpires.toEpochMilli(),
                TokenHash.of(refresh),
                refreshExpires.toEpochMilli(),
                now.toEpochMilli(),
                device.deviceId(),
                oldHash));
        if (changed != 1) { // another refresh with the same token won, or a revocation came between
            throw new AuthenticationException(
                    AuthenticationException.Reason.REFRESH_REFUSED,
                    "this refresh token was used already: sign in again");
        }
        return new DeviceSession(device.deviceId(), device.userId(), token, tokenExpires, refresh, refreshExpires);
    }

    /**
     * The user of a device token, if it is one; {@link AuthenticationException} when the device was
     * revoked, the token expired or the user was disabled. Empty when no device has this token.
     */
    public Optional<Authenticated> authenticate(String token) {
        Optional<Device> found = storedBy("token_sha256", TokenHash.of(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Device device = found.get();
        refuseRevoked(device);
        if (!device.tokenExpiresAt().isAfter(clock.instant())) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.TOKEN_EXPIRED,
                    "the token of device " + device.deviceId() + " expired at " + device.tokenExpiresAt()
                            + ": get a new one with POST /v1/auth/refresh and the refresh token, or sign in again");
        }
        return Optional.of(new Authenticated(activeUser(device), device.deviceId(), device.tokenExpiresAt()));
    }

    /** The devices a user signed in on, revoked ones included, oldest first; admins of the user's campaign only. */
    public List<Device> devices(User admin, String userId) {
        accountInCampaign(admin, userId);
        return database.read(c -> Sql.query(
                c,
                "SELECT " + DEVICE_COLUMNS + " FROM device WHERE user_id = ? ORDER BY enrolled_at, device_id",
                DeviceAccounts::device,
                userId));
    }

    /** An admin revokes a device: its tokens are refused from its next request on. */
    public Device revoke(User admin, String userId, String deviceId) {
        accountInCampaign(admin, userId);
        Device device = device(deviceId)
                .filter(found -> found.userId().equals(userId))
                .orElseThrow(() -> new NotFoundException("user " + userId + " has no device " + deviceId));
        database.read(c -> Sql.update(
                c,
                "UPDATE device SET revoked_at = ?, revoked_by = ? WHERE device_id = ? AND revoked_at IS NULL",
                clock.millis(),
                admin.id(),
                deviceId));
        LOG.info("{} revoked device {} of user {}", admin.id(), deviceId, userId);
        return device(deviceId).orElseThrow();
    }

    /** The token of a device that is neither revoked nor expired, by its hash, for a field relay to mirror. */
    public record ActiveToken(String userId, String tokenSha256, Instant expiresAt) {}

    /** The tokens of a user's devices that are neither revoked nor expired now. */
    public List<ActiveToken> activeTokens(String userId) {
        return database.read(c -> Sql.query(
                c,
                "SELECT user_id, token_sha256, token_expires_at FROM device"
                        + " WHERE user_id = ? AND revoked_at IS NULL AND token_expires_at > ?",
                row -> new ActiveToken(row.getString(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
                userId,
                clock.millis()));
    }

    /** A device by its id, revoked or not. */
    public Optional<Device> device(String deviceId) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT " + DEVICE_COLUMNS + " FROM device WHERE device_id = ?",
                        DeviceAccounts::device,
                        deviceId)
                .stream()
                .findFirst());
    }

    private Optional<Device> storedBy(String hashColumn, String hash) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT " + DEVICE_COLUMNS + " FROM device WHERE " + hashColumn + " = ?",
                        DeviceAccounts::device,
                        hash)
                .stream()
                .findFirst());
    }

    private static void refuseRevoked(Device device) {
        if (device.revoked()) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.DEVICE_REVOKED,
                    "device " + device.deviceId() + " was revoked at " + device.revokedAt()
                            + ": its user signs in again to use this device");
        }
    }

    private User activeUser(Device device) {
        UserAccount account = users.account(device.userId())
                .filter(known -> !known.disabled())
                .orElseThrow(() -> new AuthenticationException(
                        AuthenticationException.Reason.UNAUTHORIZED,
                        "user " + device.userId() + " of device " + device.deviceId() + " is disabled or removed"));
        return account.user();
    }

    private UserAccount accountInCampaign(User admin, String userId) {
        if (admin.role() != Role.ADMIN) {
            throw new AccessDeniedException("only admins manage users' passwords and devices");
        }
        return users.account(userId)
                .filter(account -> account.user().campaignId().equals(admin.campaignId()))
                .orElseThrow(() -> new NotFoundException("no user " + userId + " in your campaign"));
    }

    private Optional<String> passwordHash(String userId) {
        return database.read(
                c -> Sql.query(
                                c,
                                "SELECT password_hash FROM user_password WHERE user_id = ?",
                                row -> row.getString(1),
                                userId)
                        .stream()
                        .findFirst());
    }

    private void refuseWhenTooMany(String subject, int limit, Instant now, String who) {
        long since = now.minus(terms.failureWindow()).toEpochMilli();
        List<Long> failures = database.read(c -> Sql.query(
                c,
                "SELECT failed_at FROM sign_in_failure WHERE subject = ? AND failed_at > ? ORDER BY failed_at DESC",
                row -> row.getLong(1),
                subject,
                since));
        if (failures.size() >= limit) {
            // open again when the limit-th most recent failure leaves the window
            long reopens = failures.get(limit - 1) + terms.failureWindow().toMillis();
            Duration retryAfter = Duration.ofMillis(Math.max(1000, reopens - now.toEpochMilli()));
            throw new SignInLaterException(
                    SignInLaterException.Reason.TOO_MANY_FAILURES,
                    "too many failed sign-ins of " + who + " (" + failures.size() + " in the last "
                            + terms.failureWindow().toMinutes() + " min): try again in "
                            + Math.max(1, retryAfter.toSeconds()) + " s",
                    retryAfter);
        }
    }

    private void recordFailure(List<String> subjects, Instant now) {
        long old = now.minus(terms.failureWindow()).toEpochMilli();
        database.transaction(c -> {
            for (String subject : subjects) {
                Sql.update(
                        c,
                        "INSERT INTO sign_in_failure (subject, failed_at) VALUES (?, ?)",
                        subject,
                        now.toEpochMilli());
                Sql.update(c, "DELETE FROM sign_in_failure WHERE subject = ? AND failed_at <= ?", subject, old);
            }
            return null;
        });
    }

    private static Device device(ResultSet row) throws SQLException {
        return new Device(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                instant(row, 6),
                instant(row, 7),
                instant(row, 8),
                instant(row, 9),
                instant(row, 10),
                row.getString(11));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
