package org.offlinepacks.boundarydata.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistrationIdFormatTest {
    private final RegistrationIdFormat format = new RegistrationIdFormat("AD-", 6);

    @Test
    void anIdIsThePrefixTheZeroPaddedNumberAndItsDammCheckDigit() {
        assertEquals("AD-0000013", format.format(1));
        assertEquals("AD-0005724", format.format(572));
        assertEquals(10, format.length());
        assertEquals(999_999, format.capacity());
        assertEquals(572, format.parse("AD-0005724").number());
    }

    @Test
    void everyIdReadsBackAsItsNumber() {
        for (long number = 1; number <= 20_000; number += 7) {
            assertEquals(number, format.parse(format.format(number)).number());
        }
        assertEquals(
                format.capacity(),
                format.parse(format.format(format.capacity())).number());
    }

    @Test
    void aMistypedOrMalformedIdSaysWhatIsWrong() {
        assertTrue(format.parse("AD-0005727").problem().contains("check digit"));
        assertTrue(format.parse("AD-0007524").problem().contains("check digit"), "two digits swapped");
        assertTrue(format.parse("XX-0005724").problem().contains("must start with \"AD-\""));
        assertTrue(format.parse("AD-00057245").problem().contains("7 digits"));
        assertTrue(format.parse("AD-00O5724").problem().contains("like AD-0000013"));
        assertTrue(format.parse("AD-0000000").problem().contains("number 0"));
    }

    @Test
    void aFormatOutOfItsLimitsIsRefusedWithTheValue() {
        assertThrows(IllegalArgumentException.class, () -> new RegistrationIdFormat("AD ", 6));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RegistrationIdFormat("AD-", 3))
                .getMessage()
                .contains("found 3"));
        assertThrows(IllegalArgumentException.class, () -> format.format(1_000_000));
    }
}
