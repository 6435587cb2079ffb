package org.offlinepacks.tilepacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TilePackConfigTest {
    private static final String SOURCE = "http://127.0.0.1:8081/{z}/{x}/{y}.png";

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("zoom range", (UnaryOperator<TilePackConfig.Builder>) b -> b.zooms(12, 9), "12..9"),
                Arguments.of("negative buffer", (UnaryOperator<TilePackConfig.Builder>) b -> b.bufferM(-1), "-1"),
                Arguments.of("no budget", (UnaryOperator<TilePackConfig.Builder>) b -> b.maxTiles(0), "maxTiles"),
                Arguments.of(
                        "no workers", (UnaryOperator<TilePackConfig.Builder>) b -> b.concurrency(0), "concurrency"),
                Arguments.of("ratio", (UnaryOperator<TilePackConfig.Builder>) b -> b.maxFailureRatio(1.5), "1.5"),
                Arguments.of(
                        "timeout",
                        (UnaryOperator<TilePackConfig.Builder>) b -> b.timeouts(Duration.ZERO, Duration.ofSeconds(1)),
                        "timeouts"),
                Arguments.of(
                        "osm",
                        (UnaryOperator<TilePackConfig.Builder>)
                                b -> b.source("https://a.tile.openstreetmap.org/{z}/{x}/{y}.png"),
                        "usage policy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreRefusedNamingTheValue(
            String what, UnaryOperator<TilePackConfig.Builder> change, String inMessage) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> change.apply(TilePackConfig.builder(SOURCE, 9, 15))
                        .build());
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
    }

    @Test
    void defaultsNameTheServiceInTheUserAgent() {
        TilePackConfig config = TilePackConfig.builder(SOURCE, 9, 15).build();
        assertTrue(config.userAgent().startsWith("offline-packs"));
        assertEquals(config, config.toBuilder().build());
    }
}
