package org.offlinepacks.api.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON parts of the foundation: each parses, forms.json lists forms with id and version,
 * sos.json lists contacts with a phone, boundary.geojson is a polygonal Feature.
 */
public final class JsonPartVerifier implements PartVerifier {
    @Override
    public boolean appliesTo(String partPath) {
        return partPath.equals(FormsPartWriter.PATH)
                || partPath.equals(SosPartWriter.PATH)
                || partPath.equals(BoundaryPartWriter.PATH)
                || partPath.matches("i18n/[^/]+\\.json");
    }

    @Override
    public List<String> verify(Path packDir, String partPath) throws IOException {
        JsonNode json;
        try {
            json = PartJson.MAPPER.readTree(packDir.resolve(partPath).toFile());
        } catch (IOException e) {
            return List.of("not valid JSON: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        switch (partPath) {
            case FormsPartWriter.PATH ->
                json.path("forms").forEach(form -> {
                    if (!form.path("id").isTextual() || !form.path("version").isInt()) {
                        problems.add("a form has no id or version: " + form.path("id"));
                    }
                });
            case SosPartWriter.PATH ->
                json.path("contacts").forEach(contact -> {
                    if (!contact.path("phone").isTextual()) {
                        problems.add("contact " + contact.path("id") + " has no phone");
                    }
                });
            case BoundaryPartWriter.PATH -> {
                String type = json.path("geometry").path("type").asText();
                if (!json.path("type").asText().equals("Feature") || !type.matches("(Multi)?Polygon")) {
                    problems.add("expected a Feature with a Polygon or MultiPolygon, found " + type);
                }
            }
            default -> {
                if (!json.isObject()) {
                    problems.add("expected an object of message key to text");
                }
            }
        }
        return problems;
    }
}
