package org.offlinepacks.api.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.jobs.JobState;
import org.offlinepacks.api.jobs.RebuildJob;
import org.offlinepacks.api.jobs.RebuildJobs;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;
import org.offlinepacks.boundarydata.users.UserStore;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;

/**
 * What the planner console shows: who is signed in, the boundaries of their area with the state of
 * each pack, and one boundary's packs, parts, tiles, snapped points and last build. Read-only;
 * knows nothing of HTTP.
 */
public final class BoundaryOverviews {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The state of a boundary's pack, as the console colours it. */
    public enum PackState {
        /** Built for the boundary's current version. */
        CURRENT,
        /** A rebuild is queued or running. */
        BUILDING,
        /** The last rebuild failed; the previous pack (if any) is still served. */
        FAILED,
        /** Built for an older version of the boundary. */
        OUTDATED,
        /** Never built. */
        NONE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The signed-in user. */
    public record Me(
            String id,
            String name,
            String role,
            String campaignId,
            String campaignName,
            List<String> locales,
            List<String> boundaries,
            boolean mayPlan) {}

    /** One part of the current pack. */
    public record Part(String name, String path, long size) {}

    /** Points snapped to the road network per routing profile. */
    public record Snapping(String profile, int snapped, int notSnapped) {}

    /**
     * @param versions the pack versions kept, newest last
     * @param tilesByZoom tiles in the current pack per zoom (empty without a tiles part)
     * @param lastJob the boundary's latest rebuild job, null when none is kept
     */
    public record Overview(
            String boundaryId,
            String name,
            String boundaryVersion,
            PackState state,
            Long packVersion,
            String packBoundaryVersion,
            List<Long> versions,
            List<Part> parts,
            Map<Integer, Long> tilesByZoom,
            List<Snapping> points,
            int assignedPoints,
            RebuildJob lastJob) {}

    private final CampaignCatalog campaigns;
    private final PackRepository packs;
    private final RebuildJobs jobs;
    private final UserStore users;

    /** @param users where a user's display name is read */
    public BoundaryOverviews(CampaignCatalog campaigns, PackRepository packs, RebuildJobs jobs, UserStore users) {
        this.campaigns = campaigns;
        this.users = users;
        this.packs = packs;
        this.jobs = jobs;
    }

    public Me me(User user) {
        Campaign campaign = campaigns.campaign(user.campaignId());
        AccessPolicy policy = campaigns.policy(user.campaignId());
        return new Me(
                user.id(),
                users.account(user.id()).map(UserAccount::name).orElse(null),
                user.role().name().toLowerCase(Locale.ROOT),
                campaign.settings().id(),
                campaign.settings().name(),
                campaign.settings().locales(),
                readable(user, campaign, policy).stream().map(Boundary::id).toList(),
                readable(user, campaign, policy).stream().anyMatch(b -> policy.mayWrite(user, b.id())));
    }

    /** The user's boundaries as a GeoJSON FeatureCollection with each pack's state in the properties. */
    public JsonNode boundaries(User user) {
        Campaign campaign = campaigns.campaign(user.campaignId());
        AccessPolicy policy = campaigns.policy(user.campaignId());
        ObjectNode collection = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        GeoJsonWriter writer = new GeoJsonWriter(6);
        writer.setEncodeCRS(false);
        for (Boundary boundary : readable(user, campaign, policy)) {
            Optional<PublishedPack> pack = packs.current(boundary.id());
            ObjectNode feature = features.addObject().put("type", "Feature").put("id", boundary.id());
            ObjectNode properties = feature.putObject("properties");
            properties.put("name", boundary.name());
            properties.put("parentId", boundary.parentId());
            properties.put("boundaryVersion", boundary.version());
            properties.put("state", state(boundary, pack).wire());
            if (pack.isPresent()) {
                properties.put("packVersion", pack.get().packVersion());
            } else {
                properties.putNull("packVersion");
            }
            properties.put("writable", policy.mayWrite(user, boundary.id()));
            try {
                feature.set("geometry", JSON.readTree(writer.write(boundary.geometry())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return collection;
    }

    public Overview overview(User user, String boundaryId) {
        Campaign campaign = campaigns.campaign(user.campaignId());
        AccessPolicy policy = campaigns.policy(user.campaignId());
        Boundary boundary = campaign.boundary(boundaryId)
                .filter(b -> policy.mayRead(user, b.id()))
                .orElseThrow(() -> new NotFoundException("no boundary " + boundaryId + " in your area"));
        Optional<PublishedPack> pack = packs.current(boundaryId);
        List<Part> parts = new ArrayList<>();
        Map<Integer, Long> tilesByZoom = new TreeMap<>();
        List<Snapping> snapping = new ArrayList<>();
        if (pack.isPresent()) {
            try {
                PackManifest manifest =
                        PartJson.MAPPER.readValue(Files.readAllBytes(pack.get().manifestFile()), PackManifest.class);
                for (PackManifest.Part part : manifest.parts()) {
                    parts.add(new Part(part.name(), part.path(), part.size()));
                    if (part.path().endsWith(".mbtiles")) {
                        tilesByZoom.putAll(tilesByZoom(packs.file(pack.get(), part.path())));
                    } else if (part.path().equals("routes.json")) {
                        snapping.addAll(snapping(packs.file(pack.get(), part.path())));
                    }
                }
                if (manifest.bundle() != null) {
                    parts.add(new Part(
                            "bundle", PublishedPack.BUNDLE, manifest.bundle().size()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the pack of " + boundaryId, e);
            }
        }
        return new Overview(
                boundaryId,
                boundary.name(),
                boundary.version(),
                state(boundary, pack),
                pack.map(PublishedPack::packVersion).orElse(null),
                pack.map(PublishedPack::boundaryVersion).orElse(null),
                packs.versions(boundaryId),
                parts,
                tilesByZoom,
                snapping,
                campaign.pointsOf(boundaryId).size(),
                jobs.latest(boundaryId).orElse(null));
    }

    private PackState state(Boundary boundary, Optional<PublishedPack> pack) {
        Optional<RebuildJob> job = jobs.latest(boundary.id());
        if (job.isPresent()
                && (job.get().state() == JobState.QUEUED || job.get().state() == JobState.RUNNING)) {
            return PackState.BUILDING;
        }
        if (job.isPresent() && job.get().state() == JobState.FAILED) {
            return PackState.FAILED;
        }
        if (pack.isEmpty()) {
            return PackState.NONE;
        }
        return boundary.version().equals(pack.get().boundaryVersion()) ? PackState.CURRENT : PackState.OUTDATED;
    }

    private static List<Boundary> readable(User user, Campaign campaign, AccessPolicy policy) {
        return campaign.boundaries().stream()
                .filter(b -> policy.mayRead(user, b.id()))
                .toList();
    }

    private static Map<Integer, Long> tilesByZoom(Path mbtiles) throws IOException {
        try (MbtilesReader reader = MbtilesReader.open(mbtiles)) {
            return reader.zoomCounts();
        }
    }

    private static List<Snapping> snapping(Path routesJson) throws IOException {
        JsonNode routes = JSON.readTree(routesJson.toFile());
        List<Snapping> result = new ArrayList<>();
        routes.path("profiles").fields().forEachRemaining(profile -> {
            int snapped = 0;
            int not = 0;
            for (JsonNode point : profile.getValue().path("points")) {
                if (point.path("snapped").asBoolean()) {
                    snapped++;
                } else {
                    not++;
                }
            }
            result.add(new Snapping(profile.getKey(), snapped, not));
        });
        return result;
    }
}
