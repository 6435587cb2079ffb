package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.offlinepacks.boundarydata.geojson.GeoJsonGeometryReader;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Reads and validates a campaign folder:
 *
 * <pre>
 * campaign.json        id, name, locales, attribution, packDefaults {tiles, routing}
 * boundaries.geojson   features with id, name, optional parent; Polygon or MultiPolygon
 * points.geojson       Point features with id, kind, optional name and boundary
 * forms/*.json         form schemas with id, version, updatedAt, fields
 * i18n/LOCALE.json     messages, key to text, for each locale of campaign.json
 * sos.json             {"contacts": [{id, name, role, phone, boundaries}]}
 * </pre>
 *
 * Every problem in every file is reported at once; the campaign is returned only without errors.
 */
public final class CampaignReader {
    private CampaignReader() {}

    /** The campaign and every problem found; the campaign is empty when there are errors. */
    public record Result(Campaign campaign, ValidationReport report) {}

    public static Result read(Path folder) {
        ValidationReport report = new ValidationReport();
        try {
            Campaign campaign = read(folder.toAbsolutePath().normalize(), report);
            return new Result(report.hasErrors() ? null : campaign, report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read campaign folder " + folder, e);
        }
    }

    /** The campaign, or an {@link InvalidInputException} listing every error. */
    public static Campaign readValid(Path folder) {
        Result result = read(folder);
        if (result.campaign() == null) {
            throw new InvalidInputException("campaign " + folder, result.report());
        }
        return result.campaign();
    }

    private static Campaign read(Path folder, ValidationReport report) throws IOException {
        CampaignSettings settings = CampaignSettingsReader.read(folder, report);
        List<Boundary> boundaries = readGeoJson(folder, "boundaries.geojson", report, BoundaryReader::read);
        BoundaryHierarchy.check(boundaries, "boundaries.geojson", report);
        List<AssignedPoint> points = readGeoJson(folder, "points.geojson", report, PointReader::read);
        checkPointBoundaries(points, boundaries, "points.geojson", report);
        List<FormSchema> forms = FormReader.read(folder.resolve("forms"), report);
        List<Localization> localizations = settings == null
                ? List.of()
                : LocalizationReader.read(folder.resolve("i18n"), settings.locales(), report);
        checkTranslations(forms, localizations, report);
        Set<String> boundaryIds = boundaries.stream().map(Boundary::id).collect(Collectors.toSet());
        List<SosContact> sos = SosReader.read(folder.resolve("sos.json"), boundaryIds, report);
        return new Campaign(folder, settings, boundaries, points, forms, localizations, sos);
    }

    private interface FeatureParser<T> {
        List<T> parse(JsonNode document, String file, ValidationReport report);
    }

    private static <T> List<T> readGeoJson(Path folder, String file, ValidationReport report, FeatureParser<T> parser) {
        JsonNode document = JsonFiles.read(folder.resolve(file), file, report);
        return document == null ? List.of() : parser.parse(document, file, report);
    }

    /**
     * The checks across files, for a campaign changed piece by piece (a planner's new points, form or
     * localization): points against their boundaries, translations against the forms' keys.
     */
    public static void checkAcross(Campaign campaign, String source, ValidationReport report) {
        checkPointBoundaries(campaign.points(), campaign.boundaries(), source, report);
        checkTranslations(campaign.forms(), campaign.localizations(), report);
    }

    private static void checkPointBoundaries(
            List<AssignedPoint> points, List<Boundary> boundaries, String source, ValidationReport report) {
        Map<String, PreparedGeometry> areas = new HashMap<>();
        boundaries.forEach(b -> areas.put(b.id(), PreparedGeometryFactory.prepare(b.geometry())));
        for (AssignedPoint point : points) {
            String location = "point " + point.id();
            if (point.boundaryId() == null) {
                report.warning(
                        "unassigned-point",
                        source,
                        location,
                        "the point has no boundary; it is kept but is in no pack");
            } else if (!areas.containsKey(point.boundaryId())) {
                report.error(
                        "unknown-boundary",
                        source,
                        location,
                        "boundary " + point.boundaryId() + " is not a boundary of the campaign");
            } else if (!areas.get(point.boundaryId())
                    .covers(GeoJsonGeometryReader.WGS84.createPoint(
                            new org.locationtech.jts.geom.Coordinate(point.lon(), point.lat())))) {
                report.warning(
                        "point-outside-boundary",
                        source,
                        location,
                        "the point (" + point.lon() + ", " + point.lat() + ") lies outside its boundary "
                                + point.boundaryId() + "; it is kept");
            }
        }
    }

    private static void checkTranslations(
            List<FormSchema> forms, List<Localization> localizations, ValidationReport report) {
        Set<String> keys = forms.stream()
                .flatMap(form -> form.messageKeys().stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        for (Localization localization : localizations) {
            List<String> missing = keys.stream()
                    .filter(key -> !localization.messages().containsKey(key))
                    .toList();
            if (!missing.isEmpty()) {
                report.warning(
                        "missing-translation",
                        "i18n/" + localization.locale() + ".json",
                        "",
                        missing.size() + " form message key(s) have no text: " + String.join(", ", missing));
            }
        }
    }
}
