package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.campaign.SosContact;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/**
 * sos.json: the SOS contacts that serve this boundary: campaign-wide contacts and those listed for
 * the boundary or one of its ancestors.
 */
public final class SosPartWriter implements PartWriter {
    public static final String PATH = "sos.json";

    @Override
    public String name() {
        return "sos";
    }

    @Override
    public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
        BoundaryHierarchy hierarchy = new BoundaryHierarchy(input.campaign().boundaries());
        String boundaryId = input.boundary().id();
        List<Map<String, Object>> contacts = input.campaign().sosContacts().stream()
                .filter(contact -> contact.boundaryIds().isEmpty()
                        || contact.boundaryIds().stream().anyMatch(id -> hierarchy.isWithin(boundaryId, id)))
                .sorted(Comparator.comparing(SosContact::id))
                .map(contact -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("id", contact.id());
                    entry.put("name", contact.name());
                    entry.put("role", contact.role());
                    entry.put("phone", contact.phone());
                    return entry;
                })
                .toList();
        PartJson.write(stagingDir.resolve(PATH), Map.of("contacts", contacts));
        return List.of(new PackPart("sos", PATH, "application/json"));
    }
}
