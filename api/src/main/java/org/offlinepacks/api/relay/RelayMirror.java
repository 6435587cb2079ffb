package org.offlinepacks.api.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies from the central service what devices of the relay's area fetch: the relay user's sync
 * index, every pack's manifest (with its signature) and parts, the campaign documents the index
 * points at, and the token hashes of the users and devices of the area. Only what changed is
 * fetched again (parts by sha256); the index is replaced last, so that a device never sees an index
 * whose files are not there yet. What the central service no longer lists (an old version's parts)
 * is dropped after {@link #GRACE}, the time the central service itself keeps retired versions.
 */
public final class RelayMirror {
    private static final Logger LOG = LoggerFactory.getLogger(RelayMirror.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration GRACE = Duration.ofDays(7);

    private final CentralClient central;
    private final RelayStore store;

    public RelayMirror(CentralClient central, RelayStore store) {
        this.central = central;
        this.store = store;
    }

    /** One round; {@link IOException} when the central service cannot be reached (the mirror stays as it was). */
    public void mirror() throws IOException {
        byte[] indexBytes = central.getOk("/v1/sync");
        JsonNode index = JSON.readTree(indexBytes);
        Set<String> listed = new HashSet<>();
        int parts = 0;
        for (JsonNode pack : index.path("packs")) {
            String href = pack.at("/manifest/href").asText();
            HttpResponse<byte[]> manifest = central.get(href);
            if (manifest.statusCode() != 200) {
                throw new IOException("the central service answered " + manifest.statusCode() + " to GET " + href);
            }
            for (JsonNode part : JSON.readTree(manifest.body()).path("parts")) {
                String sha256 = part.get("sha256").asText();
                listed.add("/v1/parts/" + sha256);
                if (!store.hasObject(sha256)) {
                    store.putPath("/v1/parts/" + sha256, central.getOk("/v1/parts/" + sha256), mediaType(part), null);
                    parts++;
                } else if (store.path("/v1/parts/" + sha256).isEmpty()) {
                    store.putPath(
                            "/v1/parts/" + sha256,
                            store.bytes(new RelayStore.Mirrored(sha256, "", null)),
                            mediaType(part),
                            null);
                }
            }
            listed.add(href);
            store.putPath(
                    href,
                    manifest.body(),
                    "application/json",
                    manifest.headers().firstValue("Manifest-Signature").orElse(null));
        }
        for (String href : documents(index)) {
            listed.add(href);
            store.putPath(href, central.getOk(href), "application/json", null);
        }
        store.putPath("/v1/keys/upload", central.getOk("/v1/keys/upload"), "application/json", null);
        store.putPath("/v1/keys/signing", central.getOk("/v1/keys/signing"), "application/x-pem-file", null);
        store.replaceTokens(tokens(central.getOk("/v1/relay/tokens")));
        store.putPath("/v1/sync", indexBytes, "application/json", null);
        listed.addAll(List.of("/v1/keys/upload", "/v1/keys/signing", "/v1/sync"));
        int dropped = store.prune(listed, GRACE);
        LOG.info(
                "mirrored {} from {}: {} packs, {} new parts, {} paths no longer listed for {} dropped",
                index.path("userId").asText(),
                central,
                index.path("packs").size(),
                parts,
                dropped,
                GRACE);
    }

    private static String mediaType(JsonNode part) {
        return part.path("mediaType").asText("application/octet-stream");
    }

    private static Set<String> documents(JsonNode index) {
        Set<String> hrefs = new TreeSet<>();
        for (String pointer : List.of("/forms/href", "/sos/href", "/keys/href")) {
            if (index.at(pointer).isTextual()) {
                hrefs.add(index.at(pointer).asText());
            }
        }
        index.path("localizations")
                .forEach(localization -> hrefs.add(localization.get("href").asText()));
        return hrefs;
    }

    private static List<RelayStore.Token> tokens(byte[] body) throws IOException {
        List<RelayStore.Token> tokens = new ArrayList<>();
        for (JsonNode token : JSON.readTree(body)) {
            Set<String> boundaries = new TreeSet<>();
            token.path("boundaryIds").forEach(id -> boundaries.add(id.asText()));
            tokens.add(new RelayStore.Token(
                    token.get("tokenSha256").asText(),
                    token.get("userId").asText(),
                    token.get("campaignId").asText(),
                    token.get("role").asText(),
                    boundaries,
                    token.hasNonNull("expiresAt") ? token.get("expiresAt").asLong() : null));
        }
        return tokens;
    }
}
