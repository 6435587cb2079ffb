package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Reads sos.json: {@code {"contacts": [{id, name, role, phone, boundaries: [...]}]}}. A contact
 * with no boundaries serves the whole campaign.
 */
public final class SosReader {
    private static final String FILE = "sos.json";

    private SosReader() {}

    static List<SosContact> read(Path path, Set<String> boundaryIds, ValidationReport report) {
        List<SosContact> contacts = new ArrayList<>();
        if (!Files.exists(path)) {
            report.warning("no-sos", FILE, "", "the campaign has no sos.json; packs will carry no SOS contacts");
            return contacts;
        }
        JsonNode document = JsonFiles.read(path, FILE, report);
        return document == null ? contacts : parse(document, boundaryIds, FILE, report);
    }

    /** {@code {"contacts": [...]}}; the contacts that are valid, the others reported. */
    public static List<SosContact> parse(
            JsonNode document, Set<String> boundaryIds, String file, ValidationReport report) {
        List<SosContact> contacts = new ArrayList<>();
        JsonNode array = document == null ? null : document.get("contacts");
        if (array == null || !array.isArray()) {
            report.error("bad-sos", file, "", "expected {\"contacts\": [...]}");
            return contacts;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            JsonNode contact = array.get(i);
            String id = JsonFiles.text(contact, "id");
            String location = "contact #" + i + (id == null ? "" : " (id=" + id + ")");
            String phone = JsonFiles.text(contact, "phone");
            List<String> boundaries = new ArrayList<>();
            JsonNode listed = contact.get("boundaries");
            if (listed != null && listed.isArray()) {
                listed.forEach(b -> boundaries.add(b.asText()));
            }
            int errors = report.errors().size();
            if (id == null) {
                report.error("missing-id", file, location, "the contact has no \"id\"");
            } else if (!seen.add(id)) {
                report.error("duplicate-id", file, location, "contact id " + id + " is used by an earlier contact");
            }
            if (phone == null || phone.isBlank()) {
                report.error("missing-phone", file, location, "the contact has no \"phone\"");
            }
            for (String boundary : boundaries) {
                if (!boundaryIds.contains(boundary)) {
                    report.error(
                            "unknown-boundary",
                            file,
                            location,
                            "boundary " + boundary + " is not a boundary of the campaign");
                }
            }
            if (report.errors().size() == errors) {
                contacts.add(new SosContact(
                        id, JsonFiles.text(contact, "name"), JsonFiles.text(contact, "role"), phone, boundaries));
            }
        }
        return contacts;
    }
}
