package org.offlinepacks.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingPackConfigTest {
    @Test
    void defaultsAreFootAndCar() {
        assertEquals(List.of("foot", "car"), RoutingPackConfig.defaults().profileNames());
    }

    @Test
    void badValuesAreRefusedWithTheValueInTheMessage() {
        RoutingPackConfig defaults = RoutingPackConfig.defaults();
        IllegalArgumentException negativeBuffer =
                assertThrows(IllegalArgumentException.class, () -> defaults.withBufferM(-5));
        assertTrue(negativeBuffer.getMessage().contains("-5"), negativeBuffer.getMessage());
        IllegalArgumentException segment = assertThrows(
                IllegalArgumentException.class,
                () -> new RoutingPackConfig(100, defaults.profiles(), 10, 100, 1000, 20));
        assertTrue(segment.getMessage().contains("1000"), segment.getMessage());
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> RoutingPackConfig.withProfiles(RoutingProfile.builtIn(List.of("foot", "foot"))));
        assertTrue(twice.getMessage().contains("foot"), twice.getMessage());
    }

    @Test
    void unknownBuiltInProfileNamesTheAlternatives() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RoutingProfile.builtIn("bicycle"));
        assertTrue(e.getMessage().contains("foot or car"), e.getMessage());
    }
}
