package org.offlinepacks.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.store.TestDatabases;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.SqlUserStore;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;

/** Passwords, device tokens, refreshes, revocations and sign-in limits, on SQLite and PostgreSQL alike. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class DeviceAccountsTest {
    private static final String CAMPAIGN = "andorra-bednets-2026";
    private static final String PASSWORD = "correct horse battery";
    private static final DeviceTerms TERMS =
            new DeviceTerms(Duration.ofDays(30), Duration.ofDays(90), Duration.ofMinutes(15), 3, 5);

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dir;

    private Database database;
    private SqlUserStore users;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-01T08:00:00Z"));
    private DeviceAccounts accounts;
    private final User admin = new User("admin", CAMPAIGN, Role.ADMIN, Set.of());

    @BeforeEach
    void open() {
        database = TestDatabases.open(dialect, dir);
        SqlCampaignStore.open(database).save(PackFixtures.sampleCampaign());
        users = SqlUserStore.open(database);
        users.replaceUsers(
                CAMPAIGN,
                List.of(
                        account("admin", Role.ADMIN),
                        account("fw", Role.FIELD_WORKER),
                        account("fw2", Role.FIELD_WORKER)));
        accounts = new DeviceAccounts(database, users, TERMS, clock);
        accounts.setPassword(admin, "fw", PASSWORD);
        accounts.setPassword(admin, "fw2", PASSWORD);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aSignedInDeviceIsItsUserUntilItsTokenExpiresAndARefreshGivesANewOneOnce() {
        String deviceKey = Ed25519.publicPem(Ed25519.generate().getPublic());
        DeviceSession session = accounts.signIn("fw", PASSWORD, "phone 1", deviceKey, "10.0.0.7");
        assertEquals(clock.instant().plus(TERMS.token()), session.tokenExpiresAt());
        DeviceAccounts.Authenticated who =
                accounts.authenticate(session.token()).orElseThrow();
        assertEquals("fw", who.user().id());
        assertEquals(session.deviceId(), who.deviceId());
        assertEquals(
                deviceKey, accounts.device(session.deviceId()).orElseThrow().publicKeyPem());
        assertTrue(accounts.authenticate("not-a-token").isEmpty());

        clock.advance(TERMS.token());
        AuthenticationException expired =
                assertThrows(AuthenticationException.class, () -> accounts.authenticate(session.token()));
        assertEquals(AuthenticationException.Reason.TOKEN_EXPIRED, expired.reason());
        assertTrue(expired.getMessage().contains("POST /v1/auth/refresh"), expired.getMessage());

        DeviceSession refreshed = accounts.refresh(session.refreshToken());
        assertEquals(session.deviceId(), refreshed.deviceId());
        assertNotEquals(session.token(), refreshed.token());
        assertEquals(
                "fw",
                accounts.authenticate(refreshed.token()).orElseThrow().user().id());
        assertTrue(accounts.authenticate(session.token()).isEmpty(), "the old token is gone");
        AuthenticationException reused =
                assertThrows(AuthenticationException.class, () -> accounts.refresh(session.refreshToken()));
        assertEquals(AuthenticationException.Reason.REFRESH_REFUSED, reused.reason());

        clock.advance(TERMS.refresh());
        assertEquals(
                AuthenticationException.Reason.REFRESH_REFUSED,
                assertThrows(AuthenticationException.class, () -> accounts.refresh(refreshed.refreshToken()))
                        .reason());
    }

    @Test
    void aRevokedDeviceIsRefusedWhileTheUsersOtherDevicesGoOn() {
        DeviceSession phone = signIn("fw", "phone");
        clock.advance(Duration.ofMinutes(1));
        DeviceSession tablet = signIn("fw", "tablet");
        Device revoked = accounts.revoke(admin, "fw", phone.deviceId());
        assertTrue(revoked.revoked());
        assertEquals("admin", revoked.revokedBy());

        AuthenticationException refused =
                assertThrows(AuthenticationException.class, () -> accounts.authenticate(phone.token()));
        assertEquals(AuthenticationException.Reason.DEVICE_REVOKED, refused.reason());
        assertEquals(
                AuthenticationException.Reason.DEVICE_REVOKED,
                assertThrows(AuthenticationException.class, () -> accounts.refresh(phone.refreshToken()))
                        .reason());
        assertEquals(
                "fw", accounts.authenticate(tablet.token()).orElseThrow().user().id());
        assertEquals(
                List.of(true, false),
                accounts.devices(admin, "fw").stream().map(Device::revoked).toList());

        User fieldWorker = new User("fw2", CAMPAIGN, Role.FIELD_WORKER, Set.of());
        assertThrows(AccessDeniedException.class, () -> accounts.revoke(fieldWorker, "fw", tablet.deviceId()));
        User otherAdmin = new User("admin-b", "another-campaign", Role.ADMIN, Set.of());
        assertThrows(org.offlinepacks.api.NotFoundException.class, () -> accounts.devices(otherAdmin, "fw"));
    }

    @Test
    void wrongPasswordsLockTheAccountAndThenTheAddressForTheWindow() {
        for (int i = 0; i < TERMS.failuresPerAccount(); i++) {
            AuthenticationException wrong = assertThrows(
                    AuthenticationException.class,
                    () -> accounts.signIn("fw", "wrong password", "p", key(), "10.0.0.9"));
            assertEquals(AuthenticationException.Reason.WRONG_PASSWORD, wrong.reason());
        }
        // locked: even the right password is refused, from any address
        SignInLaterException locked = assertThrows(
                SignInLaterException.class, () -> accounts.signIn("fw", PASSWORD, "p", key(), "10.0.0.10"));
        assertEquals(SignInLaterException.Reason.TOO_MANY_FAILURES, locked.reason());
        assertEquals(TERMS.failureWindow(), locked.retryAfter());
        assertTrue(locked.getMessage().contains("user fw"), locked.getMessage());
        signIn("fw2", "another user from the same address"); // under the address's limit

        // two more wrong passwords from that address, for other accounts, reach its limit of 5
        assertThrows(AuthenticationException.class, () -> accounts.signIn("fw2", "nope nope", "p", key(), "10.0.0.9"));
        assertThrows(
                AuthenticationException.class, () -> accounts.signIn("nobody", "nope nope", "p", key(), "10.0.0.9"));
        SignInLaterException address = assertThrows(
                SignInLaterException.class, () -> accounts.signIn("fw2", PASSWORD, "p", key(), "10.0.0.9"));
        assertTrue(address.getMessage().contains("address 10.0.0.9"), address.getMessage());

        clock.advance(TERMS.failureWindow().plusSeconds(1));
        signIn("fw", "after the window");
    }

    @Test
    void passwordsAreStoredAsArgon2idHashesOnly() {
        String stored = database.read(c -> Sql.query(
                        c, "SELECT password_hash FROM user_password WHERE user_id = ?", row -> row.getString(1), "fw")
                .get(0));
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
        assertFalse(stored.contains(PASSWORD));
        assertTrue(PasswordHash.matches(PASSWORD, stored));
        assertFalse(PasswordHash.matches(PASSWORD + "!", stored));
        assertNotEquals(stored, PasswordHash.of(PASSWORD), "a fresh salt each time");
        IllegalArgumentException tooShort =
                assertThrows(IllegalArgumentException.class, () -> accounts.setPassword(admin, "fw", "short"));
        assertTrue(tooShort.getMessage().contains("at least 8 characters"));
        assertThrows(
                IllegalArgumentException.class,
                () -> accounts.signIn(
                        "fw", PASSWORD, "phone", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "a"));
    }

    private DeviceSession signIn(String userId, String deviceName) {
        return accounts.signIn(userId, PASSWORD, deviceName, key(), "10.0.0.9");
    }

    private static String key() {
        return Ed25519.publicPem(Ed25519.generate().getPublic());
    }

    private static UserAccount account(String id, Role role) {
        return new UserAccount(new User(id, CAMPAIGN, role, Set.of()), TokenHash.of("token-" + id), false);
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
