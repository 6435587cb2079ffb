package org.offlinepacks.boundarydata.users;

import java.util.List;
import java.util.Optional;

/**
 * Users and their token hashes. {@link SqlUserStore} keeps them in the campaign's database.
 */
public interface UserStore extends AutoCloseable {
    /** Replaces the users of a campaign with these. */
    void replaceUsers(String campaignId, List<UserAccount> accounts);

    /** Creates a user or changes one (role, boundaries, token hash, disabled), in one step. */
    void putUser(UserAccount account);

    /** A stored user, disabled or not. */
    Optional<UserAccount> account(String userId);

    /** The user whose token this is, unless disabled; tokens are compared by hash. */
    Optional<User> findByToken(String token);

    /** Whether any stored user has a token that was given in clear (a demo token). */
    boolean hasDemoTokens();

    List<UserAccount> accounts(String campaignId);

    /** At most {@code limit} of a campaign's users in id order, after {@code afterId} (null: from the first). */
    List<UserAccount> accounts(String campaignId, String afterId, int limit);

    @Override
    void close();
}
