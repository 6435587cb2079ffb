package org.offlinepacks.tilepacker.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.CacheStatus;
import org.offlinepacks.tilepacker.cache.CachedTile;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileCompleteness;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.source.XyzTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every tile of a cover from an XYZ server into the shared {@link TileCache}: fresh cached
 * tiles are used as they are, stale ones revalidated with conditional requests, the rest
 * downloaded. Bounded concurrency, a per-host rate limit, timeouts, retries with backoff and jitter
 * (honouring Retry-After) on connection errors, 429 and 5xx. 404 and 204 mean "no tile here". Bytes
 * that are not the declared format are failures. A body of the right format that is not complete
 * ({@link TileCompleteness}, or not the Content-Length announced) is retried like a 5xx and never
 * cached; a cached tile found broken is evicted and fetched again. When failures pass the
 * configured share of the cover, the run stops and throws {@link TileFetchException} with the
 * counts.
 *
 * <p>HTTP goes through the JDK's {@link HttpURLConnection} (blocking, with its pool of keep-alive
 * connections): for many small responses it takes about half the CPU of {@code java.net.http}'s
 * client. Cache writes go to one {@link CacheWriter} thread that commits them in batches.
 */
public final class TileFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(TileFetcher.class);
    private static final int FAILURES_LOGGED = 10;

    static {
        // HttpURLConnection keeps 5 idle connections per server unless told otherwise: fewer than the
        // fetchers, which would then open new connections all the time.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    private final TilePackConfig config;
    private final XyzTemplate template;
    private final TileFormat format;
    private final TileCache cache;
    private final Clock clock;
    private final HostRateLimiter rateLimiter;
    private final RetryDelays retryDelays;

    public TileFetcher(TilePackConfig config, XyzTemplate template, TileFormat format, TileCache cache, Clock clock) {
        this.config = config;
        this.template = template;
        this.format = format;
        this.cache = cache;
        this.clock = clock;
        this.rateLimiter = new HostRateLimiter(config.requestsPerSecondPerHost());
        this.retryDelays = new RetryDelays(config.retryBaseDelay(), config.maxRetryDelay());
    }

    /** Fetches the cover's tiles into the cache; returns the counters, or throws when too many failed. */
    public FetchStats fetchAll(PackCover cover, ProgressListener progress) throws IOException {
        return fetchAll(cover, cover.count(), progress);
    }

    /** Fetches {@code count} tiles, taken from {@code tiles} one at a time (nothing is held per tile). */
    public FetchStats fetchAll(Iterable<TileId> tiles, long count, ProgressListener progress) throws IOException {
        long start = System.nanoTime();
        FetchStats stats = new FetchStats();
        long allowedFailures = (long) Math.floor(count * config.maxFailureRatio());
        LOG.info(
                "fetching {} tiles from {} ({} in parallel, failures allowed: {})",
                count,
                template.template(),
                config.concurrency(),
                allowedFailures);
        ProgressMeter meter = new ProgressMeter("tiles", count, progress);
        AtomicBoolean aborted = new AtomicBoolean();
        CacheWriter writer = new CacheWriter(cache, template.cacheKey());
        Semaphore inFlight = new Semaphore(config.concurrency() * 2);
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "tile-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            for (TileId tile : tiles) {
                if (aborted.get()) {
                    break;
                }
                inFlight.acquire();
                workers.execute(() -> {
                    try {
                        if (!aborted.get() && !fetchOne(tile, stats, writer) && stats.failed() > allowedFailures) {
                            aborted.set(true);
                        }
                        stats.tiles.incrementAndGet();
                        meter.advance();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        aborted.set(true);
                    } catch (RuntimeException e) {
                        LOG.error("tile {}: {}", tile, e.toString());
                        stats.failed.incrementAndGet();
                        aborted.set(true);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // wait for the tiles in flight
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
            throw new TileFetchException("tile fetch interrupted: " + stats, stats);
        } finally {
            writer.close();
            meter.end();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (aborted.get() || stats.failed() > allowedFailures) {
            throw new TileFetchException(
                    "tile fetch from " + template.template() + " aborted: " + stats.failed()
                            + " tiles failed, more than the "
                            + allowedFailures + " allowed (" + (config.maxFailureRatio() * 100) + "% of "
                            + count + "); " + stats,
                    stats);
        }
        LOG.info("fetched in {} ms: {}", ms, stats);
        return stats;
    }

    /**
     * Gets one tile into the cache. Returns false when the tile failed (counted in stats).
     */
    boolean fetchOne(TileId tile, FetchStats stats, CacheWriter writer) throws InterruptedException {
        Optional<CacheStatus> cached = checkedCacheEntry(tile, stats, writer);
        Instant now = clock.instant();
        if (cached.isPresent() && !cached.get().isStale(now, config.cacheMaxAge())) {
            stats.cacheHits.incrementAndGet();
            return true;
        }
        CacheStatus revalidating = cached.filter(CacheStatus::canRevalidate).orElse(null);
        URI uri = template.uri(tile);
        String host = uri.getHost();
        String lastProblem = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                stats.retries.incrementAndGet();
            }
            rateLimiter.acquire(host);
            Response response;
            try {
                stats.requests.incrementAndGet();
                response = send(uri, revalidating);
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                Thread.sleep(retryDelays.backoffMillis(attempt));
                continue;
            }
            int status = response.status();
            if (status == 200) {
                byte[] data = format.normalize(response.body());
                Optional<String> cut = cutShort(response);
                if (cut.isEmpty() && !format.matches(data)) {
                    return rejectWrongFormat(tile, response, stats);
                }
                Optional<String> broken = cut.or(() -> TileCompleteness.problem(format, response.body()));
                if (broken.isEmpty()) {
                    writer.add(new TileCache.Change.Put(
                            tile, new CachedTile(data, response.etag(), response.lastModified(), clock.instant())));
                    stats.downloaded.incrementAndGet();
                    stats.bytes.addAndGet(data.length);
                    return true;
                }
                // Cut short or damaged on the way: ask again, like a 5xx.
                stats.brokenBodies.incrementAndGet();
                lastProblem = "broken " + format.extension() + " body: " + broken.get();
                Thread.sleep(retryDelays.backoffMillis(attempt));
                continue;
            }
            if (status == 304 && revalidating != null) {
                writer.add(new TileCache.Change.Revalidated(tile, clock.instant()));
                stats.notModified.incrementAndGet();
                return true;
            }
            if (status == 404 || status == 204) {
                writer.add(new TileCache.Change.Put(tile, CachedTile.absent(clock.instant())));
                stats.noTile.incrementAndGet();
                return true;
            }
            lastProblem = "HTTP " + status;
            if (status == 429 || status >= 500) {
                long delay = retryDelays.delayMillis(attempt, Optional.ofNullable(response.retryAfter()));
                if (status == 429) {
                    rateLimiter.pause(host, delay);
                }
                Thread.sleep(delay);
                continue;
            }
            break;
        }
        if (cached.isPresent() && cached.get().hasTile()) {
            stats.staleKept.incrementAndGet();
            LOG.warn("tile {}: revalidation failed ({}), keeping the cached tile", tile, lastProblem);
            return true;
        }
        fail(tile, uri, lastProblem, stats);
        return false;
    }

    /**
     * What the cache holds of the tile (its bytes are not read), checked for completeness once if
     * it was cached before tiles were checked; a broken one is evicted (and fetched again as if it
     * had never been cached).
     */
    private Optional<CacheStatus> checkedCacheEntry(TileId tile, FetchStats stats, CacheWriter writer)
            throws InterruptedException {
        String key = template.cacheKey();
        Optional<CacheStatus> cached = cache.status(key, tile);
        if (cached.isEmpty() || !cached.get().hasTile() || cached.get().checked()) {
            return cached;
        }
        Optional<String> problem =
                cache.get(key, tile).flatMap(entry -> TileCompleteness.problem(format, entry.data()));
        if (problem.isEmpty()) {
            writer.add(new TileCache.Change.Checked(tile));
            return cached;
        }
        writer.add(new TileCache.Change.Evict(tile));
        stats.evicted.incrementAndGet();
        LOG.warn("tile {}: the cached copy is broken ({}): evicted, fetching it again", tile, problem.get());
        return Optional.empty();
    }

    /** Why a 200's body is not all the server sent (the connection dropped before Content-Length). */
    private static Optional<String> cutShort(Response response) {
        long declared = response.contentLength();
        if (declared >= 0 && declared != response.body().length) {
            return Optional.of(response.body().length + " bytes arrived, Content-Length said " + declared);
        }
        return Optional.empty();
    }

    private boolean rejectWrongFormat(TileId tile, Response response, FetchStats stats) {
        stats.invalid.incrementAndGet();
        String type = Optional.ofNullable(response.contentType()).orElse("no content type");
        fail(
                tile,
                response.uri(),
                "not a " + format.extension() + " tile (" + type + ", " + response.body().length + " bytes)",
                stats);
        return false;
    }

    private void fail(TileId tile, URI uri, String problem, FetchStats stats) {
        long n = stats.failed.incrementAndGet();
        if (n <= FAILURES_LOGGED) {
            LOG.warn("tile {} failed: {} ({})", tile, problem, uri);
        }
    }

    /** What a fetch needs of an HTTP response. */
    private record Response(
            URI uri,
            int status,
            byte[] body,
            long contentLength,
            String contentType,
            String etag,
            String lastModified,
            String retryAfter) {}

    /** One GET (conditional when revalidating); the body is read whole, also for errors, so the connection is reused. */
    private Response send(URI uri, CacheStatus revalidating) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(
                (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        connection.setReadTimeout(
                (int) Math.min(Integer.MAX_VALUE, config.readTimeout().toMillis()));
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(true);
        connection.setRequestProperty("User-Agent", config.userAgent());
        if (revalidating != null) {
            if (revalidating.etag() != null) {
                connection.setRequestProperty("If-None-Match", revalidating.etag());
            }
            if (revalidating.lastModified() != null) {
                connection.setRequestProperty("If-Modified-Since", revalidating.lastModified());
            }
        }
        try {
            int status = connection.getResponseCode();
            byte[] body;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            return new Response(
                    toUri(connection, uri),
                    status,
                    body,
                    connection.getContentLengthLong(),
                    connection.getContentType(),
                    connection.getHeaderField("ETag"),
                    connection.getHeaderField("Last-Modified"),
                    connection.getHeaderField("Retry-After"));
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static URI toUri(HttpURLConnection connection, URI requested) {
        try {
            return connection.getURL().toURI();
        } catch (java.net.URISyntaxException e) {
            return requested;
        }
    }
}
