package org.offlinepacks.api.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.jobs.RebuildJob;
import org.offlinepacks.api.jobs.RebuildJobs;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.campaign.FormReader;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.campaign.Localization;
import org.offlinepacks.boundarydata.campaign.LocalizationReader;
import org.offlinepacks.boundarydata.campaign.PointReader;
import org.offlinepacks.boundarydata.campaign.SosContact;
import org.offlinepacks.boundarydata.campaign.SosReader;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationIssue;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * A planner's changes to a campaign beyond boundary geometries: a form's new version, a
 * localization, the SOS contacts, a boundary's assigned points. Each is validated as the campaign
 * reader validates a folder (422 with the report), stored, and followed by the rebuilds of the packs
 * whose parts it changes, and only those.
 */
public final class CampaignEditor {
    private static final String BODY = "request body";

    /**
     * What a change did.
     *
     * @param rebuilds the rebuilds queued for the packs the change touches (none when no pack changes)
     */
    public record Change(String changed, List<ValidationIssue> warnings, List<RebuildJob> rebuilds) {}

    private final CampaignCatalog campaigns;
    private final RebuildJobs jobs;
    private final Predicate<String> hasPack;
    private final Clock clock;

    /** @param hasPack whether a boundary has a published pack (only those are rebuilt) */
    public CampaignEditor(CampaignCatalog campaigns, RebuildJobs jobs, Predicate<String> hasPack, Clock clock) {
        this.campaigns = campaigns;
        this.jobs = jobs;
        this.hasPack = hasPack;
        this.clock = clock;
    }

    /** A new version of a form: its version must be greater than every stored one; its date is now. */
    public Change putForm(User user, String formId, byte[] body) {
        Campaign campaign = requireCampaignPlanner(user);
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.parse(body, BODY, report);
        FormSchema form = null;
        if (document != null && !document.isObject()) {
            report.error("bad-form", BODY, "", "expected a form schema: an object with id, version and fields");
        } else if (document != null) {
            ObjectNode schema = ((ObjectNode) document).deepCopy();
            if (!schema.has("id")) {
                schema.put("id", formId);
            }
            schema.put("updatedAt", clock.instant().toString());
            form = FormReader.parse(schema, BODY, report);
        }
        if (form != null && !form.id().equals(formId)) {
            report.error("id-mismatch", BODY, "", "the form is " + form.id() + " but was sent to " + formId);
        }
        int stored = campaign.forms().stream()
                .filter(f -> f.id().equals(formId))
                .mapToInt(FormSchema::version)
                .max()
                .orElse(0);
        if (form != null && form.version() <= stored) {
            report.error(
                    "version-not-greater",
                    BODY,
                    "",
                    "form " + formId + " has version " + stored + " already; send version " + (stored + 1)
                            + " or more");
        }
        List<FormSchema> forms = new ArrayList<>(campaign.forms());
        if (form != null) {
            forms.add(form);
        }
        Campaign changed = with(campaign, campaign.points(), forms, campaign.localizations(), campaign.sosContacts());
        checkOrThrow(changed, "form " + formId, report);
        campaigns.store().addFormVersion(campaign.settings().id(), form);
        return done(campaign, "form " + formId + " version " + form.version(), report, packsOf(campaign));
    }

    /** A localization replaced; packs are rebuilt only if the keys their forms use changed. */
    public Change putLocalization(User user, String locale, byte[] body) {
        Campaign campaign = requireCampaignPlanner(user);
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.parse(body, BODY, report);
        Localization localization = document == null ? null : LocalizationReader.parse(document, locale, BODY, report);
        if (!campaign.settings().locales().contains(locale)) {
            report.error(
                    "unknown-locale",
                    BODY,
                    "",
                    "the campaign's locales are " + campaign.settings().locales() + "; " + locale + " is not one");
        }
        List<Localization> localizations = new ArrayList<>(campaign.localizations());
        localizations.removeIf(l -> l.locale().equals(locale));
        if (localization != null) {
            localizations.add(localization);
        }
        Campaign changed = with(campaign, campaign.points(), campaign.forms(), localizations, campaign.sosContacts());
        checkOrThrow(changed, "localization " + locale, report);
        campaigns.store().putLocalization(campaign.settings().id(), localization);
        Set<String> keys = campaign.forms().stream()
                .flatMap(form -> form.messageKeys().stream())
                .collect(Collectors.toSet());
        boolean packsChange = !formTexts(campaign, locale, keys).equals(formTexts(changed, locale, keys));
        return done(campaign, "localization " + locale, report, packsChange ? packsOf(campaign) : List.of());
    }

    /** The SOS contacts replaced; the packs whose contacts change are rebuilt. */
    public Change putSos(User user, byte[] body) {
        Campaign campaign = requireCampaignPlanner(user);
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.parse(body, BODY, report);
        Set<String> boundaryIds =
                campaign.boundaries().stream().map(Boundary::id).collect(Collectors.toSet());
        List<SosContact> contacts = document == null ? List.of() : SosReader.parse(document, boundaryIds, BODY, report);
        Campaign changed = with(campaign, campaign.points(), campaign.forms(), campaign.localizations(), contacts);
        checkOrThrow(changed, "SOS contacts", report);
        campaigns.store().replaceSosContacts(campaign.settings().id(), contacts);
        return done(campaign, "SOS contacts", report, changedBoundaries(campaign, changed, CampaignEditor::sosOf));
    }

    /**
     * A boundary's assigned points replaced by a FeatureCollection: points added, moved, removed,
     * or reassigned (a feature whose {@code boundary} names another boundary moves it there).
     */
    public Change putPoints(User user, String boundaryId, byte[] body) {
        Campaign campaign = fromStore(user);
        requireWrite(user, boundaryId);
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.parse(body, BODY, report);
        List<AssignedPoint> sent = new ArrayList<>();
        for (AssignedPoint point :
                document == null ? List.<AssignedPoint>of() : PointReader.read(document, BODY, report)) {
            // a point without a boundary is one of this boundary's
            AssignedPoint assigned = point.boundaryId() == null
                    ? new AssignedPoint(point.id(), point.kind(), point.name(), boundaryId, point.lon(), point.lat())
                    : point;
            if (!assigned.boundaryId().equals(boundaryId)) {
                requireWrite(user, assigned.boundaryId());
            }
            sent.add(assigned);
        }
        Set<String> sentIds = sent.stream().map(AssignedPoint::id).collect(Collectors.toSet());
        List<AssignedPoint> points = new ArrayList<>();
        for (AssignedPoint point : campaign.points()) {
            if (!boundaryId.equals(point.boundaryId()) && !sentIds.contains(point.id())) {
                points.add(point); // another boundary's, untouched
            }
        }
        points.addAll(sent);
        Campaign changed = with(campaign, points, campaign.forms(), campaign.localizations(), campaign.sosContacts());
        checkOrThrow(changed, "points of " + boundaryId, report);
        campaigns.store().replacePoints(campaign.settings().id(), boundaryId, sent);
        return done(
                campaign,
                "points of " + boundaryId,
                report,
                changedBoundaries(campaign, changed, (c, b) -> c.pointsOf(b.id())));
    }

    private Change done(Campaign before, String what, ValidationReport report, List<String> toRebuild) {
        campaigns.invalidate(before.settings().id());
        List<RebuildJob> rebuilds =
                toRebuild.stream().filter(hasPack).map(jobs::request).toList();
        return new Change(what, report.warnings(), rebuilds);
    }

    private static void checkOrThrow(Campaign changed, String subject, ValidationReport report) {
        CampaignReader.checkAcross(changed, BODY, report);
        if (report.hasErrors()) {
            throw new InvalidInputException(subject, report);
        }
    }

    /** The boundaries whose pack content, as {@code partOf} tells it, differs between the two. */
    private static List<String> changedBoundaries(
            Campaign before, Campaign after, java.util.function.BiFunction<Campaign, Boundary, Object> partOf) {
        return before.boundaries().stream()
                .filter(b -> !partOf.apply(before, b).equals(partOf.apply(after, b)))
                .map(Boundary::id)
                .toList();
    }

    /** The contacts that go into a boundary's sos.json (see SosPartWriter). */
    private static Object sosOf(Campaign campaign, Boundary boundary) {
        BoundaryHierarchy hierarchy = new BoundaryHierarchy(campaign.boundaries());
        return campaign.sosContacts().stream()
                .filter(c -> c.boundaryIds().isEmpty()
                        || c.boundaryIds().stream().anyMatch(id -> hierarchy.isWithin(boundary.id(), id)))
                .collect(Collectors.toSet());
    }

    private static Map<String, String> formTexts(Campaign campaign, String locale, Set<String> keys) {
        Map<String, String> texts = new TreeMap<>();
        campaign.localizations().stream().filter(l -> l.locale().equals(locale)).forEach(l -> l.messages()
                .forEach((key, text) -> {
                    if (keys.contains(key)) {
                        texts.put(key, text);
                    }
                }));
        return texts;
    }

    private static List<String> packsOf(Campaign campaign) {
        return campaign.boundaries().stream().map(Boundary::id).toList();
    }

    private static Campaign with(
            Campaign campaign,
            List<AssignedPoint> points,
            List<FormSchema> forms,
            List<Localization> localizations,
            List<SosContact> contacts) {
        return new Campaign(
                campaign.folder(), campaign.settings(), campaign.boundaries(), points, forms, localizations, contacts);
    }

    /** Forms, localizations and SOS contacts concern every pack: admins, or planners of every top boundary. */
    private Campaign requireCampaignPlanner(User user) {
        Campaign campaign = fromStore(user);
        boolean wholeCampaign = user.role() == Role.ADMIN
                || (user.role() == Role.PLANNER
                        && campaign.boundaries().stream()
                                .filter(b -> b.parentId() == null)
                                .allMatch(
                                        b -> campaigns.policy(user.campaignId()).mayWrite(user, b.id())));
        if (!wholeCampaign) {
            throw new AccessDeniedException(
                    "forms, localizations and SOS contacts are changed by admins and by planners of the whole campaign");
        }
        return campaign;
    }

    /** Another API node may have changed the campaign since this one loaded it: a change starts from the store. */
    private Campaign fromStore(User user) {
        campaigns.invalidate(user.campaignId());
        return campaigns.campaign(user.campaignId());
    }

    private void requireWrite(User user, String boundaryId) {
        if (!campaigns.policy(user.campaignId()).mayWrite(user, boundaryId)) {
            throw new AccessDeniedException(
                    "only planners and admins change assigned points, and only in their area: " + boundaryId);
        }
    }
}
