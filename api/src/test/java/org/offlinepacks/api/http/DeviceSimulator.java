package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
