package org.offlinepacks.boundarydata.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** Parent links between boundaries: who contains whom, for access rules and SOS contacts. */
public final class BoundaryHierarchy {
    private final Map<String, String> parentOf = new HashMap<>();
    private final Map<String, List<String>> childrenOf = new HashMap<>();

    public BoundaryHierarchy(List<Boundary> boundaries) {
        this(parents(boundaries));
    }

    /** @param parents every boundary's id and its parent's (null for a top boundary), in order */
    public BoundaryHierarchy(Map<String, String> parents) {
        for (String id : parents.keySet()) {
            childrenOf.putIfAbsent(id, new ArrayList<>());
        }
        parents.forEach((id, parent) -> {
            if (parent != null && childrenOf.containsKey(parent)) {
                parentOf.put(id, parent);
                childrenOf.get(parent).add(id);
            }
        });
    }

    private static Map<String, String> parents(List<Boundary> boundaries) {
        Map<String, String> parents = new java.util.LinkedHashMap<>();
        boundaries.forEach(b -> parents.put(b.id(), b.parentId()));
        return parents;
    }

    /** Reports parents that do not exist and cycles in the parent links. */
    public static void check(List<Boundary> boundaries, String file, ValidationReport report) {
        Map<String, String> parents = new HashMap<>();
        boundaries.forEach(b -> parents.put(b.id(), b.parentId()));
        for (Boundary boundary : boundaries) {
            String location = "boundary " + boundary.id();
            if (boundary.parentId() != null && !parents.containsKey(boundary.parentId())) {
                report.error(
                        "unknown-parent",
                        file,
                        location,
                        "parent " + boundary.parentId() + " is not a boundary of this campaign");
            }
        }
        Set<String> reported = new java.util.HashSet<>();
        for (Boundary boundary : boundaries) {
            Set<String> path = new LinkedHashSet<>();
            String current = boundary.id();
            while (current != null && parents.containsKey(current) && path.add(current)) {
                current = parents.get(current);
            }
            if (current != null && path.contains(current) && current.equals(boundary.id()) && reported.add(current)) {
                report.error(
                        "parent-cycle",
                        file,
                        "boundary " + boundary.id(),
                        "the parent links form a cycle: " + String.join(" -> ", path) + " -> " + current);
                reported.addAll(path);
            }
        }
    }

    /** Whether {@code boundaryId} is {@code ancestorId} or lies below it. */
    public boolean isWithin(String boundaryId, String ancestorId) {
        for (String current = boundaryId; current != null; current = parentOf.get(current)) {
            if (current.equals(ancestorId)) {
                return true;
            }
        }
        return false;
    }

    /** The boundary and everything below it, parents before children. */
    public List<String> selfAndDescendants(String boundaryId) {
        List<String> result = new ArrayList<>();
        if (!childrenOf.containsKey(boundaryId)) {
            return result;
        }
        result.add(boundaryId);
        for (int i = 0; i < result.size(); i++) {
            result.addAll(childrenOf.get(result.get(i)));
        }
        return result;
    }
}
