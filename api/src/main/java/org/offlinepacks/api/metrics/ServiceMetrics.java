package org.offlinepacks.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.offlinepacks.api.jobs.BuildMetrics;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.boundarydata.store.Database;

/**
 * The meters of one running service, in one registry per service (tests run several in one JVM),
 * scraped as Prometheus text at {@code /metrics}. Label values are bounded sets: route templates,
 * never raw paths; step names and outcomes the code defines.
 */
public final class ServiceMetrics implements BuildMetrics, AutoCloseable {
    /** Buckets of request latency: API answers in milliseconds, downloads over 2G in minutes. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15)
    };

    private static final Duration[] BUILD_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServiceMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** One answered request: its route template ({@code /v1/packs/:boundaryId/manifest}), never its raw path. */
    public void request(String method, String route, int status, long nanos, long bytesSent) {
        Tags tags = Tags.of("method", method, "route", route, "status", Integer.toString(status));
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status, until the last byte was sent")
                .tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
        Counter.builder("http.server.response.body")
                .baseUnit("bytes")
                .description("Bytes sent in answers, headers included, by route template")
                .tags("route", route)
                .register(registry)
                .increment(bytesSent);
    }

    /** Transfers to or from devices in progress. */
    public void transfersInProgress(String direction, Supplier<Number> count) {
        Gauge.builder("transfers.in.progress", count)
                .description("Downloads and uploads in progress on this node")
                .tag("direction", direction)
                .register(registry);
    }

    /** The rebuild jobs queued and not yet claimed by a worker (every node's). */
    public void jobQueue(Supplier<Number> pending) {
        Gauge.builder("jobs.queued", pending)
                .description("Rebuild jobs waiting for a worker")
                .register(registry);
    }

    /** The HTTP threads of the server. */
    public void httpThreads(ThreadPool pool) {
        new JettyServerThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    }

    /** The connections of a database pool, named by the store it serves. */
    public void databasePool(String name, Database database) {
        gauge("db.pool.connections.active", "Connections in use", name, database, d -> d.pool()
                .active());
        gauge("db.pool.connections.idle", "Connections idle", name, database, d -> d.pool()
                .idle());
        gauge("db.pool.connections.pending", "Threads waiting for a connection", name, database, d -> d.pool()
                .waiting());
        gauge("db.pool.connections.max", "Most connections", name, database, d -> d.pool()
                .max());
    }

    private void gauge(
            String meter, String description, String pool, Database database, ToDoubleFunction<Database> value) {
        Gauge.builder(meter, database, value)
                .description(description)
                .tag("pool", pool)
                .register(registry);
    }

    /** The entries of one upload, by what became of them. */
    public void entriesIngested(Receipt.Counts counts) {
        entries("accepted", counts.accepted());
        entries("duplicate", counts.duplicate());
        entries("conflict", counts.conflict());
        entries("rejected", counts.rejected());
    }

    private void entries(String result, long count) {
        Counter.builder("upload.entries")
                .description("Uploaded entries by result")
                .tag("result", result)
                .register(registry)
                .increment(count);
    }

    @Override
    public void stepEnded(String step, Duration duration) {
        Timer.builder("pack.build.step")
                .description("Steps of pack builds on this node")
                .tag("step", step)
                .serviceLevelObjectives(BUILD_BUCKETS)
                .register(registry)
                .record(duration);
    }

    /** {@code tile-fetches} becomes {@code tile_fetches_total{outcome="..."}}. */
    @Override
    public void counted(String measure, String outcome, long amount) {
        Counter.builder(measure.replace('-', '.'))
                .description(
                        "Outcomes counted by builds on this node (tile-fetches: cache hits, downloads, failures, ...)")
                .tag("outcome", outcome)
                .register(registry)
                .increment(amount);
    }

    @Override
    public void buildEnded(String result, Duration duration) {
        Timer.builder("pack.builds")
                .description("Pack builds on this node by result")
                .tag("result", result)
                .serviceLevelObjectives(BUILD_BUCKETS)
                .register(registry)
                .record(duration);
    }

    /** Everything in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
