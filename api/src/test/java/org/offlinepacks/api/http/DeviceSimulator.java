package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;

/**
 * A device's sync as its app does it: ask the sync index "anything new?" with the tag it holds,
 * fetch the manifests whose hash changed and of them only the parts it lacks (by sha256), and drop
 * the packs the index no longer lists. Remembers what it holds, as a phone does between syncs.
 */
public final class DeviceSimulator {
    /** What one sync did. */
    public record Sync(int status, List<String> downloadedParts, List<String> fetchedManifests, List<String> dropped) {}

    private final Phone phone;
    private String indexTag;
    private final Map<String, PackManifest> packs = new HashMap<>();
    private final Map<String, String> manifestShas = new HashMap<>();
    private final Set<String> partsHeld = new HashSet<>();
    private JsonNode index;
    private final List<String> registrationIds = new ArrayList<>();
    private String batchRequestId;
    private int batchAnswersToLose;
    private JsonNode dashboards;
    private String dashboardsSha;

    /** What one round of campaign data did: IDs received (after lost answers), dashboards fetched. */
    public record CampaignDataSync(int idsReceived, int batchRequests, boolean dashboardsFetched) {}

    public DeviceSimulator(Phone phone) {
        this.phone = phone;
    }

    public Sync sync() throws Exception {
        HttpResponse<byte[]> answer =
                indexTag == null ? phone.get("/v1/sync") : phone.get("/v1/sync", "If-None-Match", indexTag);
        if (answer.statusCode() == 304) {
            return new Sync(304, List.of(), List.of(), List.of());
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("sync answered " + answer.statusCode() + ": " + new String(answer.body()));
        }
        indexTag = answer.headers().firstValue("ETag").orElseThrow();
        index = ApiJson.MAPPER.readTree(answer.body());
        List<String> downloaded = new ArrayList<>();
        List<String> manifests = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (JsonNode pack : index.get("packs")) {
            String boundaryId = pack.get("boundaryId").asText();
            listed.add(boundaryId);
            String manifestSha = pack.at("/manifest/sha256").asText();
            PackManifest held = packs.get(boundaryId);
            if (held != null && heldManifestSha(boundaryId).equals(manifestSha)) {
                continue;
            }
            byte[] manifestBytes = phone.get(pack.at("/manifest/href").asText()).body();
            manifests.add(boundaryId);
            PackManifest manifest = PartJson.MAPPER.readValue(manifestBytes, PackManifest.class);
            for (PackManifest.Part part : manifest.parts()) {
                if (partsHeld.add(part.sha256())) {
                    HttpResponse<byte[]> body = phone.get("/v1/parts/" + part.sha256());
                    if (body.statusCode() != 200
                            || !DownloadChannelTest.sha256(body.body()).equals(part.sha256())) {
                        throw new IllegalStateException(part.path() + " answered " + body.statusCode());
                    }
                    downloaded.add(boundaryId + ":" + part.path());
                }
            }
            packs.put(boundaryId, manifest);
            manifestShas.put(boundaryId, manifestSha);
        }
        List<String> dropped = new ArrayList<>();
        for (String boundaryId : new ArrayList<>(packs.keySet())) {
            if (!listed.contains(boundaryId)) {
                packs.remove(boundaryId);
                manifestShas.remove(boundaryId);
                dropped.add(boundaryId);
            }
        }
        return new Sync(200, downloaded, manifests, dropped);
    }

    /**
     * The campaign data of the index last synced, as the app handles it: asks for a batch of
     * registration IDs when it holds fewer than {@code refillBelow} (with a request id kept until
     * an answer arrives, so a lost answer is asked for again and is the same batch), and fetches the
     * dashboards when their sha256 changed.
     */
    public CampaignDataSync syncCampaignData() throws Exception {
        int received = 0;
        int requests = 0;
        JsonNode ids = index.get("registrationIds");
        if (ids != null
                && !ids.isNull()
                && registrationIds.size() < ids.get("refillBelow").asInt()) {
            if (batchRequestId == null) {
                batchRequestId = UUID.randomUUID().toString();
            }
            HttpResponse<String> answer;
            do {
                requests++;
                answer = phone.send(
                        "POST",
                        ids.get("href").asText(),
                        "{\"requestId\": \"" + batchRequestId + "\"}",
                        "Content-Type",
                        "application/json");
            } while (batchAnswersToLose-- > 0);
            batchAnswersToLose = 0;
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("a batch answered " + answer.statusCode() + ": " + answer.body());
            }
            batchRequestId = null;
            for (JsonNode id : ApiJson.MAPPER.readTree(answer.body()).get("ids")) {
                registrationIds.add(id.asText());
                received++;
            }
        }
        JsonNode dashboardsLink = index.get("dashboards");
        boolean fetched = false;
        if (dashboardsLink != null
                && !dashboardsLink.isNull()
                && !dashboardsLink.get("sha256").asText().equals(dashboardsSha)) {
            HttpResponse<byte[]> answer = phone.get(dashboardsLink.get("href").asText());
            if (answer.statusCode() != 200
                    || !DownloadChannelTest.sha256(answer.body())
                            .equals(dashboardsLink.get("sha256").asText())) {
                throw new IllegalStateException("the dashboards answered " + answer.statusCode());
            }
            dashboards = ApiJson.MAPPER.readTree(answer.body());
            dashboardsSha = dashboardsLink.get("sha256").asText();
            fetched = true;
        }
        return new CampaignDataSync(received, requests, fetched);
    }

    /** The answers to the next batch request are lost on the way, {@code count} times. */
    public void loseBatchAnswers(int count) {
        batchAnswersToLose = count;
    }

    /** A registration ID for a new registration: the device's next unused one. */
    public String takeRegistrationId() {
        return registrationIds.remove(0);
    }

    public List<String> registrationIdsHeld() {
        return List.copyOf(registrationIds);
    }

    public JsonNode dashboards() {
        return dashboards;
    }

    private String heldManifestSha(String boundaryId) {
        return manifestShas.getOrDefault(boundaryId, "");
    }

    public Set<String> boundariesHeld() {
        return Set.copyOf(packs.keySet());
    }

    public PackManifest held(String boundaryId) {
        return packs.get(boundaryId);
    }

    public JsonNode index() {
        return index;
    }

    public String indexTag() {
        return indexTag;
    }
}
