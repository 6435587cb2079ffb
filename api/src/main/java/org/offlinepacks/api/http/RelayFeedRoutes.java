package org.offlinepacks.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.offlinepacks.api.accounts.DeviceAccounts;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;
import org.offlinepacks.boundarydata.users.UserStore;

/**
 * What a field relay mirrors besides packs: {@code GET /v1/relay/tokens}, the token hashes (never
 * tokens) of the users of the relay user's area and of their devices, so that the relay lets them
 * in while the central service is out of reach. Supervisors and admins only.
 */
public final class RelayFeedRoutes implements ApiRoutes {
    /** A token the relay may accept, until {@code expiresAt} (epoch ms; null: until the next mirror). */
    record RelayToken(
            String tokenSha256,
            String userId,
            String campaignId,
            String role,
            Set<String> boundaryIds,
            Long expiresAt) {}

    private final UserStore users;
    private final DeviceAccounts devices;

    public RelayFeedRoutes(UserStore users, DeviceAccounts devices) {
        this.users = users;
        this.devices = devices;
    }

    @Override
    public void register(spark.Service http, Authenticator auth) {
        http.get("/v1/relay/tokens", (request, response) -> {
            User relayer = auth.authenticate(request);
            if (!relayer.role().relays()) {
                throw new AccessDeniedException("only supervisors and admins run field relays");
            }
            AccessPolicy policy = auth.policyFor(relayer);
            List<RelayToken> tokens = new ArrayList<>();
            for (UserAccount account : users.accounts(relayer.campaignId())) {
                User user = account.user();
                boolean inArea = user.id().equals(relayer.id())
                        || (!user.boundaryIds().isEmpty()
                                && user.boundaryIds().stream().allMatch(id -> policy.mayRead(relayer, id)));
                if (account.disabled() || !inArea) {
                    continue;
                }
                tokens.add(token(account.tokenSha256(), user, null));
                for (DeviceAccounts.ActiveToken device : devices.activeTokens(user.id())) {
                    tokens.add(
                            token(device.tokenSha256(), user, device.expiresAt().toEpochMilli()));
                }
            }
            return ApiJson.respond(response, 200, tokens);
        });
    }

    private static RelayToken token(String sha256, User user, Long expiresAt) {
        return new RelayToken(sha256, user.id(), user.campaignId(), user.role().name(), user.boundaryIds(), expiresAt);
    }
}
