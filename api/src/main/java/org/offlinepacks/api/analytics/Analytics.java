package org.offlinepacks.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.upload.EntryFileReader;
import org.offlinepacks.api.upload.FileSource;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analytics up, without HTTP: devices send their events as a checksummed NDJSON file (optionally
 * gzip) through the same mechanics as entries (one request, or tus / an upload target and a
 * registration), stored once per event id; supervisors, planners and admins get a summary per
 * boundary of their area: devices and when each was last seen, app versions in use, syncs and
 * their failures.
 */
public final class Analytics {
    private static final Logger LOG = LoggerFactory.getLogger(Analytics.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events are small and frequent: 4 MiB sent, 32 MiB inflated, 4 KiB per event, 50,000 events. */
    public static final UploadLimits LIMITS = new UploadLimits(4L << 20, 32L << 20, 4 << 10, 50_000);

    static final int MAX_REJECTIONS_LISTED = 100;
    /** Devices a boundary's summary lists, those seen longest ago first. */
    static final int MAX_DEVICES_LISTED = 200;

    private static final int BATCH = 500;

    private final AnalyticsStore store;
    private final UploadService uploads;
    private final CampaignCatalog campaigns;

    public Analytics(AnalyticsStore store, UploadService uploads, CampaignCatalog campaigns) {
        this.store = store;
        this.uploads = uploads;
        this.campaigns = campaigns;
    }

    /** A file sent in one request: written as it arrives, ingested once whole and matching {@code sha256}. */
    public UploadService.Incoming<AnalyticsReceipt> receive(Uploader uploader, String sha256) throws IOException {
        return uploads.receive(sha256, (actual, file) -> ingest(uploader, actual, file));
    }

    /** A file uploaded with tus or to an upload target, registered with its sha256. */
    public AnalyticsReceipt register(Uploader uploader, String fileId, String sha256) throws IOException {
        var earlier = store.receiptFor(uploader.userId(), sha256);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return uploads.register(uploader, fileId, sha256, (actual, file) -> ingest(uploader, actual, file));
    }

    AnalyticsReceipt ingest(Uploader uploader, String sha256, FileSource file) throws IOException {
        long start = System.nanoTime();
        AnalyticsReceipt receipt =
                store.ingestOnce(uploader.campaignId(), uploader.userId(), sha256, (uploadId, writer) -> {
                    Lines lines = new Lines(uploader, writer);
                    try (InputStream in = file.open()) {
                        new EntryFileReader(LIMITS).read(in, lines);
                    }
                    lines.flush();
                    return new AnalyticsReceipt(
                            uploadId,
                            sha256,
                            Instant.now().toString(),
                            new AnalyticsReceipt.Counts(lines.accepted, lines.duplicate, lines.rejected),
                            lines.rejections);
                });
        LOG.info(
                "analytics {} from {}: {} new, {} duplicate, {} rejected events in {} ms",
                receipt.uploadId(),
                uploader.userId(),
                receipt.counts().accepted(),
                receipt.counts().duplicate(),
                receipt.counts().rejected(),
                (System.nanoTime() - start) / 1_000_000);
        return receipt;
    }

    /** The lines of one file; events go to the store in batches without an id twice. */
    private static final class Lines implements EntryFileReader.LineHandler {
        private final Uploader uploader;
        private final AnalyticsStore.EventWriter writer;
        private final List<AnalyticsEvent> batch = new ArrayList<>();
        private final Set<String> batchIds = new HashSet<>();
        private final List<AnalyticsReceipt.Rejection> rejections = new ArrayList<>();
        private int accepted;
        private int duplicate;
        private int rejected;

        Lines(Uploader uploader, AnalyticsStore.EventWriter writer) {
            this.uploader = uploader;
            this.writer = writer;
        }

        @Override
        public void line(int lineNumber, byte[] bytes, int length) {
            JsonNode node;
            try {
                node = JSON.readTree(bytes, 0, length);
            } catch (JsonProcessingException e) {
                reject(lineNumber, null, "malformed-json", "the line is not valid JSON: " + e.getOriginalMessage());
                return;
            } catch (IOException e) {
                throw new IllegalStateException("reading from a byte array cannot fail", e);
            }
            if (node == null || !node.isObject()) {
                reject(lineNumber, null, "malformed-json", "each line must be one JSON object (an event)");
                return;
            }
            AnalyticsEvent.Parsed parsed = AnalyticsEvent.parse(node, uploader.mayWriteBoundary());
            if (parsed.event() == null) {
                reject(lineNumber, parsed.eventId(), parsed.reason(), parsed.message());
                return;
            }
            if (batch.size() == BATCH || batchIds.contains(parsed.event().eventId())) {
                flush();
            }
            batch.add(parsed.event());
            batchIds.add(parsed.event().eventId());
        }

        @Override
        public void oversized(int lineNumber, long length) {
            reject(
                    lineNumber,
                    null,
                    "event-too-large",
                    "the event has " + length + " bytes; at most " + LIMITS.maxEntryBytes() + " are accepted");
        }

        void flush() {
            for (boolean isNew : writer.write(batch)) {
                if (isNew) {
                    accepted++;
                } else {
                    duplicate++;
                }
            }
            batch.clear();
            batchIds.clear();
        }

        private void reject(int line, String eventId, String reason, String message) {
            rejected++;
            if (rejections.size() < MAX_REJECTIONS_LISTED) {
                rejections.add(new AnalyticsReceipt.Rejection(line, eventId, reason, message));
            }
        }
    }

    /** The summary of the user's area, one entry per boundary (which includes what is below it). */
    public record Summary(String campaignId, List<BoundarySummary> boundaries) {}

    /**
     * @param devices how many devices reported from the boundary or below
     * @param deviceList the devices, seen longest ago first, at most {@link #MAX_DEVICES_LISTED}
     */
    public record BoundarySummary(
            String boundaryId,
            String name,
            int devices,
            String lastSeen,
            Map<String, Integer> appVersions,
            Syncs syncs,
            List<Device> deviceList) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syncs(long started, long finished, long failed, long bytes, Failure lastFailure) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String at, String deviceId, String userId, String message) {}

    /**
     * @param appVersion the version of the device's latest event
     * @param freeStorageBytes the free storage the device reported last, if it did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String deviceId, String userId, String lastSeen, String appVersion, Long freeStorageBytes) {}

    public Summary summary(User user) {
        if (user.role() == Role.FIELD_WORKER) {
            throw new AccessDeniedException("only supervisors, planners and admins see the analytics summary");
        }
        Campaign campaign = campaigns.campaign(user.campaignId());
        BoundaryHierarchy hierarchy = new BoundaryHierarchy(campaign.boundaries());
        AnalyticsStore.Facts facts = store.facts(user.campaignId());
        Map<String, AnalyticsStore.DeviceState> devices = new HashMap<>();
        facts.devices().forEach(d -> devices.put(d.deviceId(), d));
        List<BoundarySummary> boundaries = new ArrayList<>();
        for (String boundaryId : area(user, campaign, hierarchy)) {
            Set<String> within = new HashSet<>(hierarchy.selfAndDescendants(boundaryId));
            Map<String, Long> lastSeen = new HashMap<>();
            facts.seen().stream()
                    .filter(s -> within.contains(s.boundaryId()))
                    .forEach(s -> lastSeen.merge(s.deviceId(), s.lastAtMillis(), Math::max));
            Map<String, Integer> versions = new TreeMap<>();
            lastSeen.keySet().forEach(d -> versions.merge(devices.get(d).appVersion(), 1, Integer::sum));
            long[] counts = new long[4]; // started, finished, failed, bytes
            for (AnalyticsStore.SyncCount sync : facts.syncs()) {
                if (within.contains(sync.boundaryId())) {
                    int slot =
                            switch (sync.type()) {
                                case "sync-started" -> 0;
                                case "sync-finished" -> 1;
                                default -> 2;
                            };
                    counts[slot] += sync.count();
                    counts[3] += sync.bytes();
                }
            }
            Failure lastFailure = facts.lastFailures().stream()
                    .filter(f -> within.contains(f.boundaryId()))
                    .max(Comparator.comparingLong(AnalyticsStore.Failure::atMillis))
                    .map(f -> new Failure(instant(f.atMillis()), f.deviceId(), f.userId(), f.message()))
                    .orElse(null);
            List<Device> list = lastSeen.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_DEVICES_LISTED)
                    .map(seen -> {
                        AnalyticsStore.DeviceState state = devices.get(seen.getKey());
                        return new Device(
                                seen.getKey(),
                                state.userId(),
                                instant(seen.getValue()),
                                state.appVersion(),
                                state.freeStorageBytes());
                    })
                    .toList();
            boundaries.add(new BoundarySummary(
                    boundaryId,
                    campaign.boundary(boundaryId).map(Boundary::name).orElse(null),
                    lastSeen.size(),
                    lastSeen.values().stream()
                            .max(Long::compare)
                            .map(Analytics::instant)
                            .orElse(null),
                    versions,
                    new Syncs(counts[0], counts[1], counts[2], counts[3], lastFailure),
                    list));
        }
        return new Summary(campaign.settings().id(), boundaries);
    }

    private static List<String> area(User user, Campaign campaign, BoundaryHierarchy hierarchy) {
        Set<String> area = new LinkedHashSet<>();
        if (user.role() == Role.ADMIN) {
            campaign.boundaries().forEach(b -> area.add(b.id()));
        } else {
            user.boundaryIds().stream().sorted().forEach(b -> area.addAll(hierarchy.selfAndDescendants(b)));
        }
        return List.copyOf(area);
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
