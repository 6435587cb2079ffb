package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/** forms.json: the campaign's form schemas with their versions, ordered by id and version. */
public final class FormsPartWriter implements PartWriter {
    public static final String PATH = "forms.json";

    @Override
    public String name() {
        return "forms";
    }

    @Override
    public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
        List<Map<String, Object>> forms = input.campaign().forms().stream()
                .sorted(Comparator.comparing(FormSchema::id).thenComparingInt(FormSchema::version))
                .map(form -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("id", form.id());
                    entry.put("version", form.version());
                    entry.put("updatedAt", form.updatedAt().toString());
                    entry.put("schema", form.schema());
                    return entry;
                })
                .toList();
        PartJson.write(stagingDir.resolve(PATH), Map.of("forms", forms));
        return List.of(new PackPart("forms", PATH, "application/json"));
    }
}
