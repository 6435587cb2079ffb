package org.offlinepacks.api.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserStore;

/**
 * Authenticates {@code Authorization: Bearer TOKEN} against the user store. Known tokens are
 * remembered for a short while so that a device fetching many parts does not query the store for
 * each; a user removed from the store is refused again after at most {@link #REMEMBER}.
 */
public final class BearerTokenAuthenticator implements Authenticator {
    static final Duration REMEMBER = Duration.ofSeconds(30);
    private static final String PREFIX = "bearer ";
    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(User user, Instant until) {}

    private final UserStore users;
    private final CampaignCatalog campaigns;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public BearerTokenAuthenticator(UserStore users, CampaignCatalog campaigns, Clock clock) {
        this.users = users;
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
        Optional<User> user = users.findByToken(token);
        if (user.isEmpty()) {
            remembered.remove(hash);
            throw new UnauthenticatedException("the token is not valid");
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(hash, new Remembered(user.get(), now.plus(REMEMBER)));
        return user.get();
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
