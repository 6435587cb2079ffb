package org.offlinepacks.api.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.api.accounts.DeviceAccounts;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserStore;

/**
 * Authenticates {@code Authorization: Bearer TOKEN} against the user store (the users' own tokens,
 * demo tokens among them), then against the devices users signed in on ({@link DeviceAccounts}:
 * tokens that expire, of devices an admin may revoke). Known tokens are remembered for a short
 * while so that a device fetching many parts does not query the store for each, never past a
 * device token's expiry; a user removed from the store is refused again after at most {@link
 * #REMEMBER}, a device revoked on this node at once.
 */
public final class BearerTokenAuthenticator implements Authenticator {
    static final Duration REMEMBER = Duration.ofSeconds(30);
    private static final String PREFIX = "bearer ";
    private static final int MAX_REMEMBERED = 10_000;

    /** @param deviceId the device of a device token, or null for a user's own token */
    private record Remembered(User user, String deviceId, Instant until) {}

    private final UserStore users;
    private final DeviceAccounts devices;
    private final CampaignCatalog campaigns;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** Users' own tokens only. */
    public BearerTokenAuthenticator(UserStore users, CampaignCatalog campaigns, Clock clock) {
        this(users, null, campaigns, clock);
    }

    public BearerTokenAuthenticator(UserStore users, DeviceAccounts devices, CampaignCatalog campaigns, Clock clock) {
        this.users = users;
        this.devices = devices;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    @Override
    public User authenticate(String header) {
        if (header == null
                || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new UnauthenticatedException("send your token as 'Authorization: Bearer TOKEN'");
        }
        String token = header.substring(PREFIX.length()).trim();
        String hash = TokenHash.of(token);
        Instant now = clock.instant();
        Remembered known = remembered.get(hash);
        if (known != null && known.until().isAfter(now)) {
            return known.user();
        }
        remembered.remove(hash);
        Remembered found = users.findByToken(token)
                .map(user -> new Remembered(user, null, now.plus(REMEMBER)))
                .or(() -> deviceToken(token, now))
                .orElseThrow(() -> new UnauthenticatedException("the token is not valid"));
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(hash, found);
        return found.user();
    }

    private Optional<Remembered> deviceToken(String token, Instant now) {
        if (devices == null) {
            return Optional.empty();
        }
        return devices.authenticate(token).map(device -> {
            Instant until = now.plus(REMEMBER);
            return new Remembered(
                    device.user(), device.deviceId(), device.expiresAt().isBefore(until) ? device.expiresAt() : until);
        });
    }

    /** Forgets a device's remembered token at once, after an admin revoked it. */
    public void forgetDevice(String deviceId) {
        remembered.values().removeIf(known -> deviceId.equals(known.deviceId()));
    }

    /** Forgets a user's remembered token at once, after an admin changed or disabled them. */
    public void forget(String userId) {
        remembered.values().removeIf(known -> known.user().id().equals(userId));
    }

    @Override
    public AccessPolicy policyFor(User user) {
        return campaigns.policy(user.campaignId());
    }
}
