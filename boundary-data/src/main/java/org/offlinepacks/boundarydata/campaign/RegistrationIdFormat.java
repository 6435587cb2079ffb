package org.offlinepacks.boundarydata.campaign;

import java.util.Optional;

/**
 * What a registration ID looks like: a fixed prefix, a number of {@code digits} digits (zero-padded)
 * and a Damm check digit over them, e.g. {@code AD-0000013} for number 1 with prefix {@code AD-}
 * and 6 digits. A device checks an ID typed or scanned by hand with the check digit before it is
 * saved; the service numbers the IDs of a campaign from 1 to {@link #capacity()}.
 */
public record RegistrationIdFormat(String prefix, int digits) {
    public static final String CHECK_DAMM = "damm";
    public static final int MIN_DIGITS = 4;
    public static final int MAX_DIGITS = 12;
    public static final int MAX_PREFIX_LENGTH = 16;

    public RegistrationIdFormat {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_-]{0," + MAX_PREFIX_LENGTH + "}")) {
            throw new IllegalArgumentException("\"prefix\" must be at most " + MAX_PREFIX_LENGTH
                    + " letters, digits, '-' or '_' (it may be empty), found " + prefix);
        }
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "\"digits\" must be " + MIN_DIGITS + " to " + MAX_DIGITS + ", found " + digits);
        }
    }

    /** The highest number an ID of this format can carry: 999999 for 6 digits. */
    public long capacity() {
        long capacity = 1;
        for (int i = 0; i < digits; i++) {
            capacity *= 10;
        }
        return capacity - 1;
    }

    /** The ID of {@code number} (1 to {@link #capacity()}). */
    public String format(long number) {
        if (number < 1 || number > capacity()) {
            throw new IllegalArgumentException(
                    "a registration ID number is 1 to " + capacity() + " with " + digits + " digits, not " + number);
        }
        String padded = String.format(java.util.Locale.ROOT, "%0" + digits + "d", number);
        return prefix + padded + DammCheckDigit.of(padded);
    }

    /** How long every ID of this format is. */
    public int length() {
        return prefix.length() + digits + 1;
    }

    /** The number an ID carries, or what is wrong with it (for people: names the rule it breaks). */
    public Parsed parse(String id) {
        if (id == null || !id.startsWith(prefix)) {
            return Parsed.problem("must start with \"" + prefix + "\"");
        }
        String rest = id.substring(prefix.length());
        if (rest.length() != digits + 1 || !rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Parsed.problem("must be \"" + prefix + "\" followed by " + (digits + 1)
                    + " digits (the last one a check digit), like " + format(1));
        }
        if (!DammCheckDigit.isValid(rest)) {
            return Parsed.problem("has a wrong check digit: it was mistyped");
        }
        long number = Long.parseLong(rest.substring(0, digits));
        return number == 0 ? Parsed.problem("carries number 0, which is never dispatched") : Parsed.of(number);
    }

    /** A parsed ID: its number, or the problem. */
    public record Parsed(long number, String problem) {
        static Parsed of(long number) {
            return new Parsed(number, null);
        }

        static Parsed problem(String problem) {
            return new Parsed(0, problem);
        }

        public Optional<String> error() {
            return Optional.ofNullable(problem);
        }
    }
}
