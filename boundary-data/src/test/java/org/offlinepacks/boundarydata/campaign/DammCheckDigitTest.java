package org.offlinepacks.boundarydata.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DammCheckDigitTest {
    /** Wikipedia's worked example (572 → 4) and Rosetta Code's "Damm algorithm" task. */
    @ParameterizedTest
    @CsvSource({"572, 4", "11294, 6", "0, 0", "000001, 3"})
    void theCheckDigitIsThePublishedOne(String digits, char check) {
        assertEquals(check, DammCheckDigit.of(digits));
    }

    @ParameterizedTest
    @CsvSource({"5724, true", "5727, false", "112946, true", "112949, false"})
    void publishedNumbersAreValidOrNotAsPublished(String number, boolean valid) {
        assertEquals(valid, DammCheckDigit.isValid(number));
    }

    /** Every number of 5 digits with its check digit, against every typo a person makes most. */
    @Test
    void everySingleDigitErrorAndEveryAdjacentTranspositionIsCaught() {
        for (int n = 0; n < 100_000; n++) {
            String digits = String.format("%05d", n);
            char[] id = (digits + DammCheckDigit.of(digits)).toCharArray();
            assertTrue(DammCheckDigit.isValid(new String(id)), digits);
            for (int i = 0; i < id.length; i++) {
                char original = id[i];
                for (char other = '0'; other <= '9'; other++) {
                    if (other != original) {
                        id[i] = other;
                        assertFalse(DammCheckDigit.isValid(new String(id)), "typo at " + i + " of " + digits);
                    }
                }
                id[i] = original;
                if (i + 1 < id.length && id[i] != id[i + 1]) {
                    char[] swapped = id.clone();
                    swapped[i] = id[i + 1];
                    swapped[i + 1] = id[i];
                    assertFalse(DammCheckDigit.isValid(new String(swapped)), "swap at " + i + " of " + digits);
                }
            }
        }
    }

    @Test
    void onlyDecimalDigitsHaveACheckDigit() {
        assertFalse(DammCheckDigit.isValid("57a4"));
        assertFalse(DammCheckDigit.isValid("4"), "a check digit alone is no number");
        assertThrows(IllegalArgumentException.class, () -> DammCheckDigit.of("12-3"));
    }
}
