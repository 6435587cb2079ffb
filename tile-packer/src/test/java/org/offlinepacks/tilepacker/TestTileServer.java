package org.offlinepacks.tilepacker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;

/**
 * A tile server on 127.0.0.1 (port 0) for tests: serves a fixed tile set with ETags, answers
 * conditional requests with 304, and misbehaves on demand (slow, dropped connections, 429 with
 * Retry-After, 500, garbage, a third of the tile sent as if it were all of it). Logs every request.
 * Shared with the api module's tests (test-jar).
 */
public final class TestTileServer implements AutoCloseable {
    public enum Fault {
        SLOW,
        DROP,
        TOO_MANY_REQUESTS,
        SERVER_ERROR,
        GARBAGE,
        /** 200 with the first third of the tile, Content-Length saying that is all. */
        TRUNCATED
    }

    public record LoggedRequest(TileId tile, boolean conditional, int status, String userAgent, long atNanos) {}

    private static final Pattern PATH = Pattern.compile("/(\\d+)/(\\d+)/(\\d+)\\.(png|pbf)");

    private final Map<TileId, byte[]> tiles;
    private final Map<TileId, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<LoggedRequest> log = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    public volatile long slowMillis = 1500;
    public volatile int retryAfterSeconds = 1;
    /** Served at /tiles.json when set. */
    public volatile String tileJson;

    public TestTileServer(Map<TileId, byte[]> tiles) throws IOException {
        this.tiles = tiles;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Map<TileId, byte[]> tilesOf(Path mbtiles) throws IOException {
        Map<TileId, byte[]> tiles = new ConcurrentHashMap<>();
        try (MbtilesReader reader = MbtilesReader.open(mbtiles)) {
            reader.forEachTile(tiles::put);
        }
        return tiles;
    }

    public String urlTemplate() {
        return urlTemplate("png");
    }

    public String urlTemplate(String extension) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/{z}/{x}/{y}." + extension;
    }

    /** The next requests for this tile misbehave, in this order. */
    public void inject(TileId tile, Fault... sequence) {
        faults.computeIfAbsent(tile, t -> new ArrayDeque<>()).addAll(List.of(sequence));
    }

    public synchronized List<LoggedRequest> log() {
        return List.copyOf(log);
    }

    public synchronized void clearLog() {
        log.clear();
    }

    private synchronized void record(TileId tile, boolean conditional, int status, String userAgent) {
        log.add(new LoggedRequest(tile, conditional, status, userAgent, System.nanoTime()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            String ua = exchange.getRequestHeaders().getFirst("User-Agent");
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (tileJson != null && exchange.getRequestURI().getPath().equals("/tiles.json")) {
                record(null, false, 200, ua);
                send(exchange, 200, tileJson.getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            if (!m.matches()) {
                record(null, false, 400, ua);
                send(exchange, 400, new byte[0], null);
                return;
            }
            TileId tile = new TileId(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            Deque<Fault> pending = faults.get(tile);
            Fault fault = pending == null ? null : pending.poll();
            if (fault == Fault.DROP) {
                // Mid-response, so the client cannot mistake it for a stale keep-alive connection.
                record(tile, ifNoneMatch != null, -1, ua);
                exchange.sendResponseHeaders(200, 5000);
                exchange.getResponseBody().write(new byte[10]);
                exchange.getResponseBody().flush();
                throw new IOException("dropping the connection on purpose");
            }
            if (fault == Fault.SLOW) {
                sleep(slowMillis);
            }
            if (fault == Fault.TOO_MANY_REQUESTS) {
                record(tile, ifNoneMatch != null, 429, ua);
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                send(exchange, 429, "slow down".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            if (fault == Fault.SERVER_ERROR) {
                record(tile, ifNoneMatch != null, 500, ua);
                send(exchange, 500, "oops".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            if (fault == Fault.GARBAGE) {
                record(tile, ifNoneMatch != null, 200, ua);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                send(exchange, 200, "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            byte[] data = tiles.get(tile);
            if (fault == Fault.TRUNCATED && data != null) {
                record(tile, ifNoneMatch != null, 200, ua);
                send(exchange, 200, java.util.Arrays.copyOf(data, data.length / 3), etag(data));
                return;
            }
            if (data == null) {
                record(tile, ifNoneMatch != null, 404, ua);
                send(exchange, 404, new byte[0], null);
                return;
            }
            String etag = etag(data);
            if (etag.equals(ifNoneMatch)) {
                record(tile, true, 304, ua);
                exchange.getResponseHeaders().add("ETag", etag);
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            record(tile, ifNoneMatch != null, 200, ua);
            exchange.getResponseHeaders()
                    .add("Content-Type", m.group(4).equals("png") ? "image/png" : "application/x-protobuf");
            send(exchange, 200, data, etag);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String etag) throws IOException {
        if (etag != null) {
            exchange.getResponseHeaders().add("ETag", etag);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String etag(byte[] data) {
        try {
            return "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 8) + "\"";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
