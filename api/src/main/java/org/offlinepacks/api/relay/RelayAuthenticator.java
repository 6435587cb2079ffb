package org.offlinepacks.api.relay;

import org.offlinepacks.api.http.Authenticator;
import org.offlinepacks.api.http.UnauthenticatedException;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;

/** The relay lets in the tokens whose hashes it mirrored from the central service, as they were then. */
final class RelayAuthenticator implements Authenticator {
    private static final String PREFIX = "bearer ";

    private final RelayStore store;

    RelayAuthenticator(RelayStore store) {
        this.store = store;
    }

    @Override
    public User authenticate(String header) {
        if (header == null
                || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new UnauthenticatedException("send your token as 'Authorization: Bearer TOKEN'");
        }
        return store.user(TokenHash.of(header.substring(PREFIX.length()).trim()))
                .orElseThrow(() -> new UnauthenticatedException(
                        "this relay does not know the token (it knows those of its area as of its last contact with"
                                + " the central service)"));
    }

    @Override
    public AccessPolicy policyFor(User user) {
        throw new UnsupportedOperationException("the relay serves its area's mirror to every user of it");
    }
}
