package org.offlinepacks.boundarydata.users;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.geojson.GeoJsonGeometryReader;

class AccessPolicyTest {
    private static final AccessPolicy POLICY = new AccessPolicy(
            "c",
            new BoundaryHierarchy(List.of(
                    boundary("district", null),
                    boundary("village-a", "district"),
                    boundary("hamlet-a1", "village-a"),
                    boundary("village-b", "district"))));

    @Test
    void aFieldWorkerReadsTheirBoundaryAndBelowButNothingAboveOrBeside() {
        User worker = new User("w", "c", Role.FIELD_WORKER, Set.of("village-a"));
        assertTrue(POLICY.mayRead(worker, "village-a"));
        assertTrue(POLICY.mayRead(worker, "hamlet-a1"));
        assertFalse(POLICY.mayRead(worker, "district"));
        assertFalse(POLICY.mayRead(worker, "village-b"));
        assertFalse(POLICY.mayWrite(worker, "village-a"));
    }

    @Test
    void aPlannerChangesOnlyWithinTheirArea() {
        User planner = new User("p", "c", Role.PLANNER, Set.of("village-b"));
        assertTrue(POLICY.mayWrite(planner, "village-b"));
        assertFalse(POLICY.mayWrite(planner, "village-a"));
    }

    @Test
    void anAdminReachesTheWholeCampaignButNoOther() {
        assertTrue(POLICY.mayWrite(new User("a", "c", Role.ADMIN, Set.of()), "hamlet-a1"));
        assertFalse(POLICY.mayRead(new User("a", "other", Role.ADMIN, Set.of()), "hamlet-a1"));
    }

    @Test
    void anUnknownBoundaryIsUnreachableEvenWhenAssigned() {
        User worker = new User("w", "c", Role.FIELD_WORKER, Set.of("gone"));
        assertFalse(POLICY.mayRead(worker, "gone"));
        assertFalse(POLICY.mayRead(new User("a", "c", Role.ADMIN, Set.of()), "nowhere"));
    }

    private static Boundary boundary(String id, String parentId) {
        return new Boundary(
                id,
                id,
                parentId,
                GeoJsonGeometryReader.WGS84.createPoint(new Coordinate(1, 42)).buffer(0.01),
                "v1");
    }
}
