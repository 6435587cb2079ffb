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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what a tile server's TileJSON says that a pack keeps: its {@code attribution} (for every
 * format) and, for vector tiles, its {@code vector_layers} (the MBTiles {@code json}).
 */
final class TileJsonReader {
    private static final Logger LOG = LoggerFactory.getLogger(TileJsonReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TileJsonReader() {}

    /** {@code tiles.json} at the root the template's path starts from (where serve-tiles puts it). */
    static String defaultUrl(XyzTemplate template) {
        String t = template.template();
        int z = t.indexOf("/{z}");
        return (z > 0 ? t.substring(0, z) : t) + "/tiles.json";
    }

    /** The server's TileJSON, or empty when it has none (logged: a pack may then lack what it says). */
    static Optional<JsonNode> read(String url, String userAgent, Duration timeout) {
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
                LOG.info("no TileJSON at {} (HTTP {})", url, response.statusCode());
                return Optional.empty();
            }
            JsonNode doc = JSON.readTree(response.body());
            if (!(doc instanceof ObjectNode)) {
                LOG.warn("the TileJSON at {} is not a JSON object; ignored", url);
                return Optional.empty();
            }
            return Optional.of(doc);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read the TileJSON at {} ({})", url, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The TileJSON's attribution as plain text: TileJSON allows HTML there ({@code <a href=…>©
     * OpenStreetMap</a>}), a pack keeps only the words, so no device renders markup it was sent.
     */
    static Optional<String> attribution(JsonNode tileJson) {
        JsonNode value = tileJson.get("attribution");
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String text = TAG.matcher(value.asText()).replaceAll(" ");
        text = text.replace("&copy;", "©")
                .replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
        text = SPACES.matcher(text).replaceAll(" ").trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The MBTiles {@code json} value ({@code {"vector_layers": [...]}}), or empty without layers. */
    static Optional<String> vectorLayersJson(JsonNode tileJson) {
        JsonNode layers = tileJson.get("vector_layers");
        if (layers == null || !layers.isArray()) {
            return Optional.empty();
        }
        ObjectNode json = JSON.createObjectNode();
        json.set("vector_layers", layers);
        try {
            return Optional.of(JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
