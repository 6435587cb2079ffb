package org.offlinepacks.api.tiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.source.XyzTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Serves one MBTiles over XYZ: {@code /{z}/{x}/{y}.{ext}} with a strong ETag (304 on
 * If-None-Match), 404 for tiles outside the file, and {@code /tiles.json} (TileJSON 3.0). Used by
 * {@code serve-tiles} and, started in-process on port 0, as the demo's upstream tile server:
 *
 * <pre>{@code
 * try (MbtilesTileServer server = MbtilesTileServer.start(mbtiles, "127.0.0.1", 0)) {
 *     String source = server.urlTemplate(); // http://127.0.0.1:PORT/{z}/{x}/{y}.png
 * }
 * }</pre>
 *
 * Vector tiles are served as stored (gzip) without Content-Encoding.
 */
public final class MbtilesTileServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MbtilesTileServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path mbtiles;
    private final MbtilesReader reader;
    private final TileFormat format;
    private final Service http;
    private final String host;
    private final int port;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private MbtilesTileServer(
            Path mbtiles, MbtilesReader reader, TileFormat format, Service http, String host, int port) {
        this.mbtiles = mbtiles;
        this.reader = reader;
        this.format = format;
        this.http = http;
        this.host = host;
        this.port = port;
    }

    /** Starts serving; {@code port} 0 picks a free port (see {@link #port()}). */
    public static MbtilesTileServer start(Path mbtiles, String host, int port) throws IOException {
        return start(mbtiles, host, port, null);
    }

    /**
     * @param publicUrl where clients reach this server (e.g. {@code https://tiles.example.org}), for
     *     the tile URLs of {@code tiles.json}; null gives relative ones. Never the request's Host
     *     header, which any client can set.
     */
    public static MbtilesTileServer start(Path mbtiles, String host, int port, URI publicUrl) throws IOException {
        MbtilesReader reader = MbtilesReader.open(mbtiles);
        TileFormat format = reader.format()
                .orElseThrow(() -> new IOException(mbtiles + " declares no known tile format (png, jpg, webp, pbf)"));
        Service http = Service.ignite().ipAddress(host).port(port).threadPool(16, 2, 30_000);
        AtomicReference<Exception> startFailure = new AtomicReference<>();
        // Spark's default would exit the process.
        http.initExceptionHandler(startFailure::set);
        Handlers handlers = new Handlers(reader, format, tileUrl(publicUrl, format));
        http.get("/tiles.json", handlers::tileJson);
        http.get("/:z/:x/:file", handlers::tile);
        http.notFound((req, res) -> {
            res.type("text/plain");
            return "not found";
        });
        http.awaitInitialization();
        if (startFailure.get() != null) {
            http.stop();
            reader.close();
            throw new IOException(
                    "cannot serve tiles on " + host + ":" + port + ": "
                            + startFailure.get().getMessage(),
                    startFailure.get());
        }
        MbtilesTileServer server = new MbtilesTileServer(mbtiles, reader, format, http, host, http.port());
        LOG.info("serving {} ({}) at {}", mbtiles, format.extension(), server.urlTemplate());
        return server;
    }

    public int port() {
        return port;
    }

    /** The XYZ template to give as a tile source, e.g. {@code http://127.0.0.1:8081/{z}/{x}/{y}.png}. */
    public String urlTemplate() {
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + shownHost + ":" + port + "/{z}/{x}/{y}." + format.extension();
    }

    /**
     * The source to build packs from: {@link #urlTemplate()} with the archive's content hash as its
     * identity in the tile cache ({@code #cache=mbtiles-sha256:…}), so that tiles cached when it
     * was served on another port are reused, and a changed archive is a new source.
     */
    public String cachedSource() throws IOException {
        return urlTemplate() + XyzTemplate.CACHE_FRAGMENT + "mbtiles-sha256:"
                + Sha256.ofFile(mbtiles).substring(0, 32);
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() throws IOException {
        if (stopped.getCount() == 0) {
            return;
        }
        http.stop();
        http.awaitStop();
        reader.close();
        stopped.countDown();
    }

    /** The tile URL template of tiles.json: under the public URL, or relative to tiles.json itself. */
    static String tileUrl(URI publicUrl, TileFormat format) {
        String path = "{z}/{x}/{y}." + format.extension();
        if (publicUrl == null) {
            return path;
        }
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    /** The routes, free of server life-cycle. */
    private record Handlers(MbtilesReader reader, TileFormat format, String tileUrl) {
        Object tile(Request req, Response res) {
            Optional<TileId> tile = parse(req.params(":z"), req.params(":x"), req.params(":file"));
            Optional<byte[]> data = tile.flatMap(this::read);
            if (data.isEmpty()) {
                res.status(404);
                res.type("text/plain");
                return "no tile";
            }
            String etag = etag(data.get());
            res.header("ETag", etag);
            res.header("Cache-Control", "public, max-age=86400");
            if (etag.equals(req.headers("If-None-Match"))) {
                res.status(304);
                return "";
            }
            res.type(format.mediaType());
            return data.get();
        }

        Object tileJson(Request req, Response res) {
            Map<String, String> m = reader.metadata();
            ObjectNode json = JSON.createObjectNode();
            json.put("tilejson", "3.0.0");
            json.put("name", m.getOrDefault("name", ""));
            json.putArray("tiles").add(tileUrl);
            json.put("minzoom", Integer.parseInt(m.getOrDefault("minzoom", "0")));
            json.put("maxzoom", Integer.parseInt(m.getOrDefault("maxzoom", "22")));
            if (m.containsKey("attribution")) {
                json.put("attribution", m.get("attribution"));
            }
            if (m.containsKey("bounds")) {
                var bounds = json.putArray("bounds");
                for (String v : m.get("bounds").split(",")) {
                    bounds.add(Double.parseDouble(v.trim()));
                }
            }
            try {
                if (m.containsKey("json")) {
                    var layers = JSON.readTree(m.get("json")).get("vector_layers");
                    if (layers != null) {
                        json.set("vector_layers", layers);
                    }
                }
                res.type("application/json");
                return JSON.writeValueAsString(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Optional<byte[]> read(TileId tile) {
            try {
                return reader.tile(tile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Optional<TileId> parse(String z, String x, String file) {
            String suffix = "." + format.extension();
            if (file == null || !file.endsWith(suffix)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new TileId(
                        Integer.parseInt(z),
                        Integer.parseInt(x),
                        Integer.parseInt(file.substring(0, file.length() - suffix.length()))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    static String etag(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
