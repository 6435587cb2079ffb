package org.offlinepacks.boundarydata.campaign;

import java.util.List;
import java.util.Objects;

/**
 * An emergency contact from sos.json.
 *
 * @param boundaryIds the boundaries (and their descendants) the contact serves; empty means the
 *     whole campaign
 */
public record SosContact(String id, String name, String role, String phone, List<String> boundaryIds) {
    public SosContact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        boundaryIds = List.copyOf(boundaryIds);
    }
}
