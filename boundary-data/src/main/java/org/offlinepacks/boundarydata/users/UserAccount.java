package org.offlinepacks.boundarydata.users;

import java.util.Objects;

/**
 * A user as stored: who they are and the hash of their bearer token.
 *
 * @param demoToken true when the token was written in clear in users.json: such tokens are public
 *     (the sample users' are in the README) and only a demo may accept them
 * @param disabled true when an admin disabled the user: their token is refused
 * @param name the user's display name, or null (see {@link UsersReader#checkName})
 */
public record UserAccount(User user, String tokenSha256, boolean demoToken, boolean disabled, String name) {
    public UserAccount(User user, String tokenSha256, boolean demoToken) {
        this(user, tokenSha256, demoToken, false, null);
    }

    public UserAccount {
        Objects.requireNonNull(user, "user");
        if (!TokenHash.isHash(tokenSha256)) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + tokenSha256);
        }
    }
}
