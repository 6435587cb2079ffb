package org.offlinepacks.api.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;

class MbtilesTileServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Path sampleRaster() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("sample-data/andorra-raster-z9-15.mbtiles");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("sample-data not found");
    }

    private static HttpResponse<byte[]> get(String url, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesTilesWithEtagsNotModifiedAndNotFound() throws Exception {
        TileId tile = TileId.parse("12/2065/1510");
        byte[] expected;
        try (MbtilesReader reader = MbtilesReader.open(sampleRaster())) {
            expected = reader.tile(tile).orElseThrow();
        }
        try (MbtilesTileServer server = MbtilesTileServer.start(sampleRaster(), "127.0.0.1", 0)) {
            assertTrue(server.port() > 0);
            String template = server.urlTemplate();
            assertEquals("http://127.0.0.1:" + server.port() + "/{z}/{x}/{y}.png", template);
            String url = template.replace("{z}/{x}/{y}", "12/2065/1510");

            HttpResponse<byte[]> ok = get(url, null);
            assertEquals(200, ok.statusCode());
            assertArrayEquals(expected, ok.body());
            assertEquals("image/png", ok.headers().firstValue("Content-Type").orElseThrow());
            String etag = ok.headers().firstValue("ETag").orElseThrow();

            assertEquals(304, get(url, etag).statusCode());
            assertEquals(200, get(url, "\"other\"").statusCode());
            assertEquals(
                    404, get(template.replace("{z}/{x}/{y}", "3/0/0"), null).statusCode());
            assertEquals(404, get(url.replace(".png", ".jpg"), null).statusCode());
            assertEquals(
                    404, get(template.replace("{z}/{x}/{y}", "3/99/0"), null).statusCode());
            String tileJson = new String(
                    get(template.replace("{z}/{x}/{y}.png", "tiles.json"), null).body());
            assertTrue(tileJson.contains("\"minzoom\":9"), tileJson);
        }
    }

    @Test
    void tilesJsonNeverReflectsTheHostHeader() throws Exception {
        try (MbtilesTileServer server = MbtilesTileServer.start(sampleRaster(), "127.0.0.1", 0)) {
            String tileJson = getWithHost(server.port(), "/tiles.json", "evil.example");

            assertFalse(tileJson.contains("evil.example"), tileJson);
            assertTrue(tileJson.contains("\"tiles\":[\"{z}/{x}/{y}.png\"]"), "relative to tiles.json: " + tileJson);
        }
        URI publicUrl = URI.create("https://tiles.example.org/andorra/");
        try (MbtilesTileServer server = MbtilesTileServer.start(sampleRaster(), "127.0.0.1", 0, publicUrl)) {
            String tileJson = getWithHost(server.port(), "/tiles.json", "evil.example");

            assertTrue(
                    tileJson.contains("\"tiles\":[\"https://tiles.example.org/andorra/{z}/{x}/{y}.png\"]"), tileJson);
        }
    }

    /** A GET with any Host header (java.net.http does not let a client set one). */
    private static String getWithHost(int port, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void aBusyPortIsAnErrorNotAnExit() throws IOException {
        try (MbtilesTileServer first = MbtilesTileServer.start(sampleRaster(), "127.0.0.1", 0)) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> MbtilesTileServer.start(sampleRaster(), "127.0.0.1", first.port()));
            assertTrue(e.getMessage().contains("cannot serve tiles"), e.getMessage());
        }
    }
}
