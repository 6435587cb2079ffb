package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/** boundary.geojson: the boundary the pack was built for, as one RFC 7946 Feature. */
public final class BoundaryPartWriter implements PartWriter {
    public static final String PATH = "boundary.geojson";

    @Override
    public String name() {
        return "boundary";
    }

    @Override
    public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
        Boundary boundary = input.boundary();
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", boundary.id());
        properties.put("name", boundary.name());
        properties.put("parent", boundary.parentId());
        properties.put("version", boundary.version());
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("properties", properties);
        feature.put("geometry", PartJson.MAPPER.readTree(writer.write(boundary.geometry())));
        PartJson.write(stagingDir.resolve(PATH), feature);
        return List.of(new PackPart("boundary", PATH, "application/geo+json"));
    }
}
