package org.offlinepacks.api.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.jobs.RebuildJob;
import org.offlinepacks.api.jobs.RebuildJobs;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationIssue;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * A planner's changes to boundaries: a new geometry becomes a new boundary version and queues a
 * rebuild of its pack; a rebuild can also be asked for directly. Knows nothing of HTTP.
 */
public final class BoundaryEditor {
    static final String BODY = "request body";
    private static final Set<String> GEOMETRY_TYPES = Set.of("Polygon", "MultiPolygon");
    private static final Set<String> BOUNDARY_TYPES = Set.of("Feature", "Polygon", "MultiPolygon");

    private final CampaignCatalog campaigns;
    private final RebuildJobs jobs;
    private final GeometryChangeChecker changes;

    public BoundaryEditor(CampaignCatalog campaigns, RebuildJobs jobs, GeometryChangeChecker changes) {
        this.campaigns = campaigns;
        this.jobs = jobs;
        this.changes = changes;
    }

    /**
     * What a geometry update did.
     *
     * @param changed false when the geometry equals the current one: no new version, no rebuild
     * @param job the queued rebuild, or null when nothing changed
     * @param warnings what was repaired or is doubtful in the geometry that was accepted
     */
    public record Update(
            String boundaryId,
            String boundaryVersion,
            boolean changed,
            RebuildJob job,
            List<ValidationIssue> warnings) {}

    /**
     * Validates a GeoJSON Feature (or bare Polygon/MultiPolygon) as the campaign reader would,
     * stores it as the boundary's new version if it differs, and queues a rebuild. A change that
     * looks like a mistake (see {@link GeometryChangeChecker}) is refused unless its codes are in
     * {@code confirmed}.
     */
    public Update replaceGeometry(User user, String boundaryId, byte[] geoJson, Set<String> confirmed) {
        // another node may have changed the boundary since this one loaded it: compare with the store
        campaigns.invalidate(user.campaignId());
        Campaign campaign = requireWritable(user, boundaryId);
        Set<String> unknown = new TreeSet<>(confirmed);
        unknown.removeAll(GeometryChangeChecker.CONFIRMABLE);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("confirm names " + String.join(",", unknown)
                    + ", which is not a check; the checks a planner may confirm are "
                    + new TreeSet<>(GeometryChangeChecker.CONFIRMABLE));
        }
        ValidationReport report = new ValidationReport();
        Boundary next = read(boundaryId, geoJson, report);
        String previous = campaign.boundary(boundaryId).orElseThrow().version();
        if (!next.version().equals(previous)) {
            changes.check(campaigns.inputFor(boundaryId), next.geometry(), confirmed, BODY, report);
            if (report.hasErrors()) {
                throw new ConfirmationRequiredException("boundary " + boundaryId, report);
            }
        }
        String version = campaigns.store().updateGeometry(boundaryId, next.geometry());
        if (version.equals(previous)) {
            return new Update(boundaryId, version, false, null, report.warnings());
        }
        campaigns.invalidate(campaign.settings().id());
        return new Update(boundaryId, version, true, jobs.request(boundaryId), report.warnings());
    }

    /**
     * What applying a geometry would do, without storing anything: the validation report (the
     * checks a planner must confirm are errors), the codes to confirm, and the tile estimate of the
     * new cover. A geometry that cannot be read is refused as {@link #replaceGeometry} refuses it.
     */
    public Preview preview(User user, String boundaryId, byte[] geoJson) {
        campaigns.invalidate(user.campaignId());
        Campaign campaign = requireWritable(user, boundaryId);
        ValidationReport report = new ValidationReport();
        Boundary next = read(boundaryId, geoJson, report);
        boolean changed = !next.version()
                .equals(campaign.boundary(boundaryId).orElseThrow().version());
        if (changed) {
            changes.check(campaigns.inputFor(boundaryId), next.geometry(), Set.of(), BODY, report);
        }
        List<String> confirm = report.errors().stream()
                .map(ValidationIssue::code)
                .filter(GeometryChangeChecker.CONFIRMABLE::contains)
                .distinct()
                .toList();
        return new Preview(
                boundaryId,
                next.version(),
                changed,
                report.issues(),
                confirm,
                changes.estimate(campaigns.inputFor(boundaryId), next.geometry())
                        .orElse(null));
    }

    /**
     * @param issues every problem found; errors with a code of {@code confirm} are what applying needs confirmed
     * @param confirm the codes to send as {@code ?confirm=} to apply the geometry anyway
     * @param tiles the new cover's tiles per zoom and estimated size; null when the campaign has no tiles
     */
    public record Preview(
            String boundaryId,
            String boundaryVersion,
            boolean changed,
            List<ValidationIssue> issues,
            List<String> confirm,
            GeometryChangeChecker.TileCount tiles) {}

    public RebuildJob rebuild(User user, String boundaryId) {
        requireWritable(user, boundaryId);
        return jobs.request(boundaryId);
    }

    /** A job of a boundary the user may read; others' jobs are "not found" like unknown ones. */
    public RebuildJob job(User user, String jobId) {
        return jobs.find(jobId)
                .filter(job -> campaigns.policy(user.campaignId()).mayRead(user, job.boundaryId()))
                .orElseThrow(() -> new NotFoundException("no job " + jobId + " in your area"));
    }

    /** The one boundary of a request body, validated as the campaign reader would; 422 with the report otherwise. */
    private static Boundary read(String boundaryId, byte[] geoJson, ValidationReport report) {
        JsonNode document = JsonFiles.parse(geoJson, BODY, report);
        String type = document == null ? null : JsonFiles.text(document, "type");
        if (document != null && (type == null || !BOUNDARY_TYPES.contains(type))) {
            report.error(
                    "not-a-boundary",
                    BODY,
                    "",
                    "expected a GeoJSON Feature or a Polygon or MultiPolygon geometry, found " + describe(document));
            document = null;
        }
        List<Boundary> read =
                document == null ? List.of() : BoundaryReader.read(asFeature(document, boundaryId), BODY, report);
        if (read.size() == 1 && !read.get(0).id().equals(boundaryId)) {
            report.error(
                    "id-mismatch",
                    BODY,
                    "",
                    "the feature is boundary " + read.get(0).id() + " but was sent to " + boundaryId);
        } else if (read.size() > 1) {
            report.error("several-features", BODY, "", "send one boundary per request, found " + read.size());
        }
        if (report.hasErrors() || read.isEmpty()) {
            if (!report.hasErrors()) {
                report.error("no-boundary", BODY, "", "the body holds no boundary");
            }
            throw new InvalidInputException("boundary " + boundaryId, report);
        }
        return read.get(0);
    }

    private Campaign requireWritable(User user, String boundaryId) {
        if (!campaigns.policy(user.campaignId()).mayWrite(user, boundaryId)) {
            throw new AccessDeniedException(
                    "only planners and admins change boundaries, and only in their area: " + boundaryId);
        }
        return campaigns.campaign(user.campaignId());
    }

    private static String describe(JsonNode document) {
        if (!document.isObject()) {
            return "JSON " + document.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        String type = JsonFiles.text(document, "type");
        return type == null ? "an object without \"type\"" : "type " + type;
    }

    /** A bare geometry becomes a Feature; a Feature without an id gets the one of the URL. */
    private static JsonNode asFeature(JsonNode document, String boundaryId) {
        String type = JsonFiles.text(document, "type");
        if (type != null && GEOMETRY_TYPES.contains(type)) {
            ObjectNode feature = JsonFiles.mapper().createObjectNode().put("type", "Feature");
            feature.putObject("properties").put("id", boundaryId);
            feature.set("geometry", document);
            return feature;
        }
        if ("Feature".equals(type)
                && document instanceof ObjectNode feature
                && document.path("properties").path("id").isMissingNode()
                && !document.hasNonNull("id")) {
            JsonNode properties = feature.get("properties");
            ObjectNode withId = properties instanceof ObjectNode object ? object : feature.putObject("properties");
            withId.put("id", boundaryId);
        }
        return document;
    }
}
