package org.offlinepacks.api.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.FormsPartWriter;
import org.offlinepacks.api.bundle.LocalizationPartWriter;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.SosPartWriter;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.storage.ObjectStores;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.storage.TestObjectStores;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.users.Role;

/**
 * The real service on 127.0.0.1 and a free port, over a data folder with the sample campaign, test
 * users and published packs of three parishes (built with the JSON parts only, so tests stay fast).
 */
final class TestService implements AutoCloseable {
    static final String ENCAMP = PackFixtures.ENCAMP;
    static final String ANDORRA_LA_VELLA = PackFixtures.ANDORRA_LA_VELLA;
    static final String ORDINO = "osm-relation-2804758";
    static final String NO_SUCH_BOUNDARY = "osm-relation-1";

    static final String FIELD_WORKER = "token-field-worker-encamp";
    static final String SUPERVISOR = "token-supervisor-ordino";
    static final String PLANNER = "token-planner-encamp-and-vella";
    static final String ADMIN = "token-admin-of-the-campaign";

    final Path dataDir;
    final TestLeases leases;
    final PackBuilder builder;
    final ApiApplication application;
    final HttpClient client = ContractClient.of(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)));

    private TestService(Path dataDir, TestLeases leases, PackBuilder builder, ApiApplication application) {
        this.dataDir = dataDir;
        this.leases = leases;
        this.builder = builder;
        this.application = application;
    }

    static PackBuilder smallBuilder(Path dataDir, TestLeases leases) {
        return smallBuilder(new PackRepository(dataDir), leases.leases());
    }

    /** Builds with the JSON parts only, into {@code repository}. */
    static PackBuilder smallBuilder(PackRepository repository, BoundaryLeases leases) {
        return new PackBuilder(
                repository,
                leases,
                List.of(
                        new BoundaryPartWriter(),
                        new FormsPartWriter(),
                        new LocalizationPartWriter(),
                        new SosPartWriter()),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
    }

    static TestService start(Path dataDir) throws IOException {
        return start(dataDir, TestObjectStores.Kind.FOLDER);
    }

    /** The service with its configuration changed by {@code change}. */
    static TestService start(Path dataDir, java.util.function.UnaryOperator<ServerConfig> change) throws IOException {
        return start(dataDir, TestObjectStores.Kind.FOLDER, change);
    }

    /** The service with its packs, receipts and uploads in the data folder or in a bucket of the test S3 server. */
    static TestService start(Path dataDir, TestObjectStores.Kind storage) throws IOException {
        return start(dataDir, storage, config -> config);
    }

    private static TestService start(
            Path dataDir, TestObjectStores.Kind storage, java.util.function.UnaryOperator<ServerConfig> change)
            throws IOException {
        SampleStore.seed(
                dataDir,
                List.of(
                        SampleStore.account("fw", Role.FIELD_WORKER, Set.of(ENCAMP), FIELD_WORKER),
                        SampleStore.account("sup", Role.SUPERVISOR, Set.of(ORDINO), SUPERVISOR),
                        SampleStore.account("planner", Role.PLANNER, Set.of(ENCAMP, ANDORRA_LA_VELLA), PLANNER),
                        SampleStore.account("admin", Role.ADMIN, Set.of(), ADMIN)));
        ServerConfig config = ServerConfig.defaults(dataDir)
                .withPort(0)
                .withStorage(
                        storage == TestObjectStores.Kind.S3 ? TestObjectStores.newBucket() : StorageConfig.DATA_FOLDER);
        TestLeases leases = TestLeases.inDataFolder(dataDir);
        PackBuilder builder = storage == TestObjectStores.Kind.S3
                ? smallBuilder(
                        new PackRepository(
                                dataDir,
                                ObjectStores.open(config.storage(), dataDir),
                                Database.sqlite(dataDir.resolve(Databases.PACKS_FILE))),
                        leases.leases())
                : smallBuilder(dataDir, leases);
        for (String boundaryId : List.of(ENCAMP, ANDORRA_LA_VELLA, ORDINO)) {
            builder.build(PackFixtures.input(boundaryId), ProgressListener.NONE);
        }
        return new TestService(
                dataDir, leases, builder, ApiApplication.start(change.apply(config), builder, List.of()));
    }

    URI uri(String path) {
        return application.baseUri().resolve(path);
    }

    HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    HttpResponse<byte[]> get(String path, String token, String... headers) throws IOException, InterruptedException {
        return client.send(request(path, token, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return client.send(
                request(path, token).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The current manifest of a boundary, as the admin sees it. */
    org.offlinepacks.api.bundle.PackManifest manifest(String boundaryId) throws IOException, InterruptedException {
        return org.offlinepacks.api.bundle.PartJson.MAPPER.readValue(
                get("/v1/packs/" + boundaryId + "/manifest", ADMIN).body(),
                org.offlinepacks.api.bundle.PackManifest.class);
    }

    /** Waits for a rebuild job to finish and returns its final state. */
    @SuppressWarnings("unchecked")
    Map<String, Object> awaitJob(String jobId, String token) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", "/v1/jobs/" + jobId, token, null);
            Map<String, Object> job = ApiJson.MAPPER.readValue(response.body(), Map.class);
            if ("SUCCEEDED".equals(job.get("state")) || "FAILED".equals(job.get("state"))) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " did not finish in 60 s");
    }

    /** A square around a point of Encamp, {@code sizeDeg} wide: a geometry a planner might send. */
    static String square(double sizeDeg) {
        return square(1.58, 42.54, sizeDeg);
    }

    /** A square around a point inside a sample boundary: a new geometry that overlaps the old one. */
    static String squareWithin(String boundaryId, double sizeDeg) {
        var inside = PackFixtures.sampleCampaign()
                .boundary(boundaryId)
                .orElseThrow()
                .geometry()
                .getInteriorPoint();
        return square(inside.getX(), inside.getY(), sizeDeg);
    }

    static String square(double lon, double lat, double sizeDeg) {
        double h = sizeDeg / 2;
        return "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
                .formatted(lon - h, lat - h, lon + h, lat - h, lon + h, lat + h, lon - h, lat + h, lon - h, lat - h);
    }

    @Override
    public void close() {
        application.close();
        leases.close();
    }
}
