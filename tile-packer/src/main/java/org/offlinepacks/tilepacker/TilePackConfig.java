package org.offlinepacks.tilepacker;

import java.time.Duration;
import java.util.Objects;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.source.TileSourceSpec;

/**
 * Everything the tile packer needs to know, built once at the entry point and validated here.
 *
 * @param source XYZ URL template or {@code mbtiles:PATH}
 * @param format the tile format, or null to take it from the template's extension or the archive
 * @param maxTiles the budget: a cover with more tiles is refused before anything is fetched
 * @param concurrency parallel requests in flight
 * @param requestsPerSecondPerHost upper bound on the request rate to one host; 0 for none
 * @param maxRetries retries after the first attempt, for connection errors, timeouts, 429 and 5xx
 * @param maxFailureRatio share of the cover's tiles that may fail before the build is aborted
 * @param attribution the MBTiles attribution; when null, the source's own (an archive's metadata,
 *     a server's TileJSON)
 * @param cacheMaxAge how long a cached tile is used without asking the server again
 * @param tileJsonUrl for an XYZ source: its TileJSON (attribution, and vector_layers for pbf), or
 *     null to try {@code tiles.json} beside the template's root
 */
public record TilePackConfig(
        String source,
        TileFormat format,
        int minZoom,
        int maxZoom,
        double bufferM,
        long maxTiles,
        int concurrency,
        double requestsPerSecondPerHost,
        Duration connectTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration retryBaseDelay,
        Duration maxRetryDelay,
        double maxFailureRatio,
        Duration cacheMaxAge,
        String userAgent,
        String name,
        String attribution,
        String tileJsonUrl) {

    public static final String DEFAULT_USER_AGENT =
            "offline-packs-tile-packer/0.1 (offline map packs for health campaigns)";

    public TilePackConfig {
        TileSourceSpec.parse(source);
        if (minZoom < 0 || maxZoom > TileId.MAX_ZOOM || minZoom > maxZoom) {
            throw new IllegalArgumentException("zoom range must satisfy 0 <= minZoom <= maxZoom <= " + TileId.MAX_ZOOM
                    + ", got " + minZoom + ".." + maxZoom);
        }
        requireAtLeast("bufferM", bufferM, 0);
        requireAtLeast("maxTiles", maxTiles, 1);
        requireAtLeast("concurrency", concurrency, 1);
        requireAtLeast("requestsPerSecondPerHost", requestsPerSecondPerHost, 0);
        requireAtLeast("maxRetries", maxRetries, 0);
        if (maxFailureRatio < 0 || maxFailureRatio > 1) {
            throw new IllegalArgumentException("maxFailureRatio must be in [0, 1], got " + maxFailureRatio);
        }
        for (Duration d : new Duration[] {connectTimeout, readTimeout, retryBaseDelay, maxRetryDelay, cacheMaxAge}) {
            Objects.requireNonNull(d, "durations must be given");
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative, got " + d);
            }
        }
        if (connectTimeout.isZero() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be > 0");
        }
        userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent;
        name = name == null || name.isBlank() ? "offline pack tiles" : name;
    }

    private static void requireAtLeast(String field, double value, double min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }

    public TileSourceSpec sourceSpec() {
        return TileSourceSpec.parse(source);
    }

    public static Builder builder(String source, int minZoom, int maxZoom) {
        return new Builder(source, minZoom, maxZoom);
    }

    public Builder toBuilder() {
        Builder b = new Builder(source, minZoom, maxZoom);
        b.format = format;
        b.bufferM = bufferM;
        b.maxTiles = maxTiles;
        b.concurrency = concurrency;
        b.requestsPerSecondPerHost = requestsPerSecondPerHost;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.maxRetries = maxRetries;
        b.retryBaseDelay = retryBaseDelay;
        b.maxRetryDelay = maxRetryDelay;
        b.maxFailureRatio = maxFailureRatio;
        b.cacheMaxAge = cacheMaxAge;
        b.userAgent = userAgent;
        b.name = name;
        b.attribution = attribution;
        b.tileJsonUrl = tileJsonUrl;
        return b;
    }

    /** Defaults suited to a modest organisational tile server. */
    public static final class Builder {
        private String source;
        private int minZoom;
        private int maxZoom;
        private TileFormat format;
        private double bufferM = 0;
        private long maxTiles = 50_000;
        private int concurrency = 8;
        private double requestsPerSecondPerHost = 0;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int maxRetries = 5;
        private Duration retryBaseDelay = Duration.ofMillis(250);
        private Duration maxRetryDelay = Duration.ofSeconds(30);
        private double maxFailureRatio = 0.01;
        private Duration cacheMaxAge = Duration.ofDays(30);
        private String userAgent;
        private String name;
        private String attribution;
        private String tileJsonUrl;

        private Builder(String source, int minZoom, int maxZoom) {
            this.source = source;
            this.minZoom = minZoom;
            this.maxZoom = maxZoom;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder zooms(int min, int max) {
            minZoom = min;
            maxZoom = max;
            return this;
        }

        public Builder format(TileFormat v) {
            format = v;
            return this;
        }

        public Builder bufferM(double v) {
            bufferM = v;
            return this;
        }

        public Builder maxTiles(long v) {
            maxTiles = v;
            return this;
        }

        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        public Builder requestsPerSecondPerHost(double v) {
            requestsPerSecondPerHost = v;
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            connectTimeout = connect;
            readTimeout = read;
            return this;
        }

        public Builder retries(int max, Duration baseDelay, Duration maxDelay) {
            maxRetries = max;
            retryBaseDelay = baseDelay;
            maxRetryDelay = maxDelay;
            return this;
        }

        public Builder maxFailureRatio(double v) {
            maxFailureRatio = v;
            return this;
        }

        public Builder cacheMaxAge(Duration v) {
            cacheMaxAge = v;
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder attribution(String v) {
            attribution = v;
            return this;
        }

        public Builder tileJsonUrl(String v) {
            tileJsonUrl = v;
            return this;
        }

        public TilePackConfig build() {
            return new TilePackConfig(
                    source,
                    format,
                    minZoom,
                    maxZoom,
                    bufferM,
                    maxTiles,
                    concurrency,
                    requestsPerSecondPerHost,
                    connectTimeout,
                    readTimeout,
                    maxRetries,
                    retryBaseDelay,
                    maxRetryDelay,
                    maxFailureRatio,
                    cacheMaxAge,
                    userAgent,
                    name,
                    attribution,
                    tileJsonUrl);
        }
    }
}
