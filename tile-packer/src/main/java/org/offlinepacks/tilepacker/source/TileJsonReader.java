package org.offlinepacks.tilepacker.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the {@code vector_layers} of a vector tile server's TileJSON, for the MBTiles {@code json}. */
final class TileJsonReader {
    private static final Logger LOG = LoggerFactory.getLogger(TileJsonReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TileJsonReader() {}

    /** {@code tiles.json} at the root the template's path starts from (where serve-tiles puts it). */
    static String defaultUrl(XyzTemplate template) {
        String t = template.template();
        int z = t.indexOf("/{z}");
        return (z > 0 ? t.substring(0, z) : t) + "/tiles.json";
    }

    /** The MBTiles {@code json} value ({@code {"vector_layers": [...]}}), or empty when unavailable. */
    static Optional<String> vectorLayersJson(String url, String userAgent, Duration timeout) {
        try {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .header("User-Agent", userAgent)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn(
                        "no TileJSON at {} (HTTP {}): the pack's vector_layers will be empty",
                        url,
                        response.statusCode());
                return Optional.empty();
            }
            JsonNode layers = JSON.readTree(response.body()).get("vector_layers");
            if (layers == null || !layers.isArray()) {
                LOG.warn("TileJSON at {} has no vector_layers: the pack's will be empty", url);
                return Optional.empty();
            }
            ObjectNode json = JSON.createObjectNode();
            json.set("vector_layers", layers);
            return Optional.of(JSON.writeValueAsString(json));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read TileJSON at {} ({}): the pack's vector_layers will be empty", url, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
