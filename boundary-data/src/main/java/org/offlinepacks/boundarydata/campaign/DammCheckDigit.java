package org.offlinepacks.boundarydata.campaign;

/**
 * The Damm check digit (H. Michael Damm, 2004): one decimal digit that catches every single-digit
 * error and every transposition of two adjacent digits, computed with one table (a totally
 * anti-symmetric quasigroup of order 10) and no weights. A number followed by its check digit runs
 * through the table to 0. The table is the one published by Damm (and on Wikipedia's "Damm
 * algorithm" page), so any implementation agrees: 572 has the check digit 4.
 */
public final class DammCheckDigit {
    private static final int[][] TABLE = {
        {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
        {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
        {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
        {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
        {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
        {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
        {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
        {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
        {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
        {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}
    };

    private DammCheckDigit() {}

    /** The check digit of {@code digits} (decimal digits only). */
    public static char of(CharSequence digits) {
        return (char) ('0' + interim(digits));
    }

    /** Whether {@code digitsWithCheck} ends in the right check digit; false for anything but decimal digits. */
    public static boolean isValid(CharSequence digitsWithCheck) {
        for (int i = 0; i < digitsWithCheck.length(); i++) {
            if (!isDigit(digitsWithCheck.charAt(i))) {
                return false;
            }
        }
        return digitsWithCheck.length() > 1 && interim(digitsWithCheck) == 0;
    }

    private static int interim(CharSequence digits) {
        int interim = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!isDigit(c)) {
                throw new IllegalArgumentException("a Damm check digit is over decimal digits, not '" + digits + "'");
            }
            interim = TABLE[interim][c - '0'];
        }
        return interim;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
