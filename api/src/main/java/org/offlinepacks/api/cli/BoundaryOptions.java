package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.geojson.Antimeridian;
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

    /** The boundary, with a note on {@code err} when it lies across the antimeridian. */
    Geometry read(PrintWriter err) {
        Geometry boundary = BoundaryFileReader.read(boundaryFile, featureId);
        if (Antimeridian.crosses(boundary)) {
            err.println("note: the boundary crosses the antimeridian (180°): its tiles are taken on both sides of it"
                    + " (columns at the grid's east and west edges)");
            err.flush();
        }
        return boundary;
    }
}
