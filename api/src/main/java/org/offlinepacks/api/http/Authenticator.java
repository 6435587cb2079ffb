package org.offlinepacks.api.http;

import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;
import spark.Request;

/**
 * Who is calling and what they may reach. Every route but health calls {@link #authenticate}
 * first; boundary checks go through the user's {@link AccessPolicy}, so "not yours" and "does not
 * exist" give the same 403.
 */
public interface Authenticator {
    /** The caller, from the value of {@code Authorization: Bearer TOKEN}; else {@link UnauthenticatedException}. */
    User authenticate(String authorization);

    default User authenticate(Request request) {
        return authenticate(request.headers("Authorization"));
    }

    /** The access rules of the user's campaign, as it is now. */
    AccessPolicy policyFor(User user);

    /** The caller, who may read {@code boundaryId}; else 401 or {@link AccessDeniedException}. */
    default User requireRead(Request request, String boundaryId) {
        User user = authenticate(request);
        if (!policyFor(user).mayRead(user, boundaryId)) {
            throw new AccessDeniedException("boundary " + boundaryId + " is not in your area");
        }
        return user;
    }

    /** The caller, who may change {@code boundaryId}; else 401 or {@link AccessDeniedException}. */
    default User requireWrite(Request request, String boundaryId) {
        User user = authenticate(request);
        if (!policyFor(user).mayWrite(user, boundaryId)) {
            throw new AccessDeniedException(
                    "only planners and admins may change boundary " + boundaryId + ", and only in their area");
        }
        return user;
    }
}
