package org.offlinepacks.api.http.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {
    @ParameterizedTest(name = "{0} of 100 bytes → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bytes=0-9      | 0-9",
                "Bytes=0-9      | 0-9",
                "BYTES=10-      | 10-99",
                "bytes=-30      | 70-99",
                "bytes=90-500   | 90-99",
                "bytes=100-     | unsatisfiable",
                "bytes=-0       | unsatisfiable",
                "bytes=5-1      | whole",
                "bytes=0-1,5-6  | whole",
                "items=0-9      | whole",
                "bytes=abc      | whole",
            })
    void rangesResolveAgainstTheSize(String header, String expected) {
        Optional<ByteRange> range = ByteRange.parse(header, 100);
        String actual = range.isEmpty()
                ? "whole"
                : range.get() == ByteRange.UNSATISFIABLE
                        ? "unsatisfiable"
                        : range.get().first() + "-" + range.get().last();
        assertEquals(expected, actual);
    }
}
