package org.offlinepacks.boundarydata.campaign;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A campaign folder, read and validated: see {@code CampaignReader}. */
public record Campaign(
        Path folder,
        CampaignSettings settings,
        List<Boundary> boundaries,
        List<AssignedPoint> points,
        List<FormSchema> forms,
        List<Localization> localizations,
        List<SosContact> sosContacts) {
    public Campaign {
        boundaries = List.copyOf(boundaries);
        points = List.copyOf(points);
        forms = List.copyOf(forms);
        localizations = List.copyOf(localizations);
        sosContacts = List.copyOf(sosContacts);
    }

    public Optional<Boundary> boundary(String boundaryId) {
        return boundaries.stream().filter(b -> b.id().equals(boundaryId)).findFirst();
    }

    /** The points assigned to a boundary. */
    public List<AssignedPoint> pointsOf(String boundaryId) {
        return points.stream().filter(p -> boundaryId.equals(p.boundaryId())).toList();
    }
}
