package org.offlinepacks.api.accounts;

import java.time.Duration;

/**
 * How long device tokens last and how many wrong passwords are tolerated.
 *
 * @param token how long a device token is accepted: long enough for weeks offline
 * @param refresh how long a refresh token may get a new device token (each refresh gives a new one)
 * @param failureWindow the span failed sign-ins are counted over
 * @param failuresPerAccount failed sign-ins of one account within the window before it is locked
 *     (until the oldest of them leaves the window), whatever address they come from
 * @param failuresPerAddress failed sign-ins from one address within the window, whatever account
 */
public record DeviceTerms(
        Duration token, Duration refresh, Duration failureWindow, int failuresPerAccount, int failuresPerAddress) {
    public static final DeviceTerms DEFAULTS =
            new DeviceTerms(Duration.ofDays(60), Duration.ofDays(365), Duration.ofMinutes(15), 5, 30);

    public DeviceTerms {
        if (token.isNegative() || token.isZero() || refresh.compareTo(token) < 0) {
            throw new IllegalArgumentException(
                    "a device token lasts a positive time and its refresh token at least as long: " + token + ", "
                            + refresh);
        }
        if (failureWindow.isNegative() || failureWindow.isZero() || failuresPerAccount < 1 || failuresPerAddress < 1) {
            throw new IllegalArgumentException("failed sign-ins are counted over a positive window, at least one each: "
                    + failureWindow + ", " + failuresPerAccount + ", " + failuresPerAddress);
        }
    }
}
