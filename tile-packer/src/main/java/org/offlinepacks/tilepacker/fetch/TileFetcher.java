package org.offlinepacks.tilepacker.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
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
 */
public final class TileFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(TileFetcher.class);
    private static final int FAILURES_LOGGED = 10;

    private final TilePackConfig config;
    private final XyzTemplate template;
    private final TileFormat format;
    private final TileCache cache;
    private final Clock clock;
    private final HttpClient client;
    private final HostRateLimiter rateLimiter;
    private final RetryDelays retryDelays;

    public TileFetcher(TilePackConfig config, XyzTemplate template, TileFormat format, TileCache cache, Clock clock) {
        this.config = config;
        this.template = template;
        this.format = format;
        this.cache = cache;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
                        if (!aborted.get() && !fetchOne(tile, stats) && stats.failed() > allowedFailures) {
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
    boolean fetchOne(TileId tile, FetchStats stats) throws InterruptedException {
        String key = template.cacheKey();
        Optional<CachedTile> cached = checkedCacheEntry(key, tile, stats);
        Instant now = clock.instant();
        if (cached.isPresent() && !cached.get().isStale(now, config.cacheMaxAge())) {
            stats.cacheHits.incrementAndGet();
            return true;
        }
        CachedTile revalidating = cached.filter(CachedTile::canRevalidate).orElse(null);
        URI uri = template.uri(tile);
        String host = uri.getHost();
        String lastProblem = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                stats.retries.incrementAndGet();
            }
            rateLimiter.acquire(host);
            HttpResponse<byte[]> response;
            try {
                stats.requests.incrementAndGet();
                response = client.send(request(uri, revalidating), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                Thread.sleep(retryDelays.backoffMillis(attempt));
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                byte[] data = format.normalize(response.body());
                if (!format.matches(data)) {
                    return rejectWrongFormat(tile, response, stats);
                }
                Optional<String> broken = brokenBody(response);
                if (broken.isEmpty()) {
                    return store(tile, data, response, stats);
                }
                // Cut short or damaged on the way: ask again, like a 5xx.
                stats.brokenBodies.incrementAndGet();
                lastProblem = "broken " + format.extension() + " body: " + broken.get();
                Thread.sleep(retryDelays.backoffMillis(attempt));
                continue;
            }
            if (status == 304 && revalidating != null) {
                cache.markRevalidated(key, tile, clock.instant());
                stats.notModified.incrementAndGet();
                return true;
            }
            if (status == 404 || status == 204) {
                cache.put(key, tile, CachedTile.absent(clock.instant()));
                stats.noTile.incrementAndGet();
                return true;
            }
            lastProblem = "HTTP " + status;
            if (status == 429 || status >= 500) {
                long delay = retryDelays.delayMillis(attempt, response.headers().firstValue("Retry-After"));
                if (status == 429) {
                    rateLimiter.pause(host, delay);
                }
                Thread.sleep(delay);
                continue;
            }
            break;
        }
        if (cached.isPresent() && !cached.get().isAbsent()) {
            stats.staleKept.incrementAndGet();
            LOG.warn("tile {}: revalidation failed ({}), keeping the cached tile", tile, lastProblem);
            return true;
        }
        fail(tile, uri, lastProblem, stats);
        return false;
    }

    /**
     * The cached entry, checked for completeness once if it was cached before tiles were checked;
     * a broken one is evicted (and fetched again as if it had never been cached).
     */
    private Optional<CachedTile> checkedCacheEntry(String key, TileId tile, FetchStats stats) {
        Optional<CachedTile> cached = cache.get(key, tile);
        if (cached.isEmpty() || cached.get().isAbsent() || cached.get().checked()) {
            return cached;
        }
        Optional<String> problem = TileCompleteness.problem(format, cached.get().data());
        if (problem.isEmpty()) {
            cache.markChecked(key, tile);
            return cached;
        }
        cache.evict(key, tile);
        stats.evicted.incrementAndGet();
        LOG.warn("tile {}: the cached copy is broken ({}): evicted, fetching it again", tile, problem.get());
        return Optional.empty();
    }

    /** Why a 200's body is not a whole tile (Content-Length not met, or cut before the format's end). */
    private Optional<String> brokenBody(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() != body.length) {
            return Optional.of(body.length + " bytes arrived, Content-Length said " + declared.getAsLong());
        }
        return TileCompleteness.problem(format, body);
    }

    private boolean rejectWrongFormat(TileId tile, HttpResponse<byte[]> response, FetchStats stats) {
        stats.invalid.incrementAndGet();
        String type = response.headers().firstValue("Content-Type").orElse("no content type");
        fail(
                tile,
                response.uri(),
                "not a " + format.extension() + " tile (" + type + ", " + response.body().length + " bytes)",
                stats);
        return false;
    }

    private boolean store(TileId tile, byte[] data, HttpResponse<byte[]> response, FetchStats stats) {
        cache.put(
                template.cacheKey(),
                tile,
                new CachedTile(
                        data,
                        response.headers().firstValue("ETag").orElse(null),
                        response.headers().firstValue("Last-Modified").orElse(null),
                        clock.instant()));
        stats.downloaded.incrementAndGet();
        stats.bytes.addAndGet(data.length);
        return true;
    }

    private void fail(TileId tile, URI uri, String problem, FetchStats stats) {
        long n = stats.failed.incrementAndGet();
        if (n <= FAILURES_LOGGED) {
            LOG.warn("tile {} failed: {} ({})", tile, problem, uri);
        }
    }

    private HttpRequest request(URI uri, CachedTile revalidating) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.readTimeout())
                .header("User-Agent", config.userAgent())
                .GET();
        if (revalidating != null) {
            if (revalidating.etag() != null) {
                b.header("If-None-Match", revalidating.etag());
            }
            if (revalidating.lastModified() != null) {
                b.header("If-Modified-Since", revalidating.lastModified());
            }
        }
        return b.build();
    }
}
