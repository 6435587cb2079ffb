package org.offlinepacks.api.cli;

import java.nio.file.Path;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.tilepacker.cover.BoundaryFileReader;
import picocli.CommandLine.Option;

/** The boundary options the tile commands share. */
final class BoundaryOptions {
    @Option(
            names = "--boundary-file",
            required = true,
            paramLabel = "FILE",
            description = "GeoJSON file with the boundary polygon(s) (lon/lat, WGS84).")
    Path boundaryFile;

    @Option(
            names = "--feature",
            paramLabel = "ID",
            description =
                    "Only the feature with this id (properties.id or feature id); default: all polygons, unioned.")
    String featureId;

    @Option(
            names = "--buffer-m",
            paramLabel = "M",
            defaultValue = "0",
            description = "Buffer around the boundary in metres (default: ${DEFAULT-VALUE}).")
    double bufferM;

    Geometry read() {
        return BoundaryFileReader.read(boundaryFile, featureId);
    }
}
