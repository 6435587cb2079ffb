// Ingest benchmark of the entry upload channel, run by bench/uploads.sh with the shaded jar on the
// class path (Java single-file source launch). Prints a Markdown section for BENCHMARKS.md.
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.offlinepacks.api.http.ApiApplication;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.FormCatalog;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.SqlUserStore;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;

public class UploadBenchmark {
    static final String ENCAMP = "osm-relation-2804755";
    static final String TOKEN = "bench-token-fw-encamp";
    static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        Path campaignFolder = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int entries = Integer.parseInt(args[2]);
        Campaign campaign = CampaignReader.readValid(campaignFolder);
        FormCatalog forms = FormCatalog.of(campaign.forms());

        byte[] plain = entryFile(entries, new Random(42));
        byte[] gzip = gzip(plain);
        Files.write(work.resolve("entries.ndjson"), plain);
        Files.write(work.resolve("entries.ndjson.gz"), gzip);
        System.out.printf(Locale.ROOT, "file: %,d household-registration entries, %,d bytes NDJSON (%d bytes per entry),"
                + " %,d bytes gzip%n%n", entries, plain.length, plain.length / entries, gzip.length);
        System.out.println("| path | file | entries/s (median of " + RUNS + ") | MB/s of NDJSON | runs (ms)"
                + " | load average before each run |");
        System.out.println("|---|---|---:|---:|---|---|");

        UploadLimits limits = new UploadLimits(256L << 20, 1L << 30, 64 << 10, Math.max(entries, 1));
        Uploader uploader = new Uploader("fw-encamp", campaign.settings().id(), Set.of(ENCAMP)::contains);
        Map<String, List<long[]>> runs = new LinkedHashMap<>();
        // rounds: every path once per round, in turn, so that a busy moment of the machine falls on all
        for (int round = 0; round < RUNS; round++) {
            for (boolean compressed : new boolean[] {false, true}) {
                byte[] file = compressed ? gzip : plain;
                String kind = compressed ? "gzip" : "NDJSON";
                Path dataDir = Files.createDirectories(work.resolve("core-" + compressed + "-" + round));
                try (Database entriesDb = Database.sqlite(dataDir.resolve("entries.sqlite"));
                        UploadService service = UploadService.open(
                                dataDir, entriesDb, new FolderObjectStore(dataDir), limits, id -> forms)) {
                    long load = loadHundredths();
                    long millis = timeUpload(service, uploader, file, entries, "accepted");
                    runs.computeIfAbsent("UploadService, new entries|" + kind, k -> new ArrayList<>())
                            .add(new long[] {millis, load});
                    // The same entries again in another file (one more blank line): every one a duplicate.
                    byte[] again = concat(file, compressed ? gzip("\n".getBytes()) : "\n".getBytes());
                    load = loadHundredths();
                    millis = timeUpload(service, uploader, again, entries, "duplicate");
                    runs.computeIfAbsent("UploadService, all duplicates|" + kind, k -> new ArrayList<>())
                            .add(new long[] {millis, load});
                }
            }
            Path dataDir = Files.createDirectories(work.resolve("http-" + round));
            seed(dataDir, campaign);
            try (ApiApplication application =
                    ApiApplication.start(ServerConfig.defaults(dataDir).withPort(0), List.of())) {
                long load = loadHundredths();
                long millis = timeHttpUpload(application, gzip, entries);
                runs.computeIfAbsent("POST /v1/uploads on loopback (receipt included)|gzip", k -> new ArrayList<>())
                        .add(new long[] {millis, load});
            }
        }
        runs.forEach((key, timed) -> row(key.split("\\|")[0], key.split("\\|")[1], entries, plain.length, timed));
        if (args.length > 3) {
            postgresRows(args[3], work, limits, uploader, forms, plain, gzip, entries);
        }
        System.out.println();
        System.out.println("Every run starts from an empty entries.sqlite (WAL, synchronous=FULL: the commit is on disk"
                + " before the receipt is answered). Times include receiving the file, the SHA-256 check, gzip,"
                + " JSON parsing, validation against the form, canonical JSON, the inserts and the commit.");
    }

    /**
     * The same ingest with the entries in PostgreSQL (a fresh database per run on the server at
     * {@code serverUrl}, e.g. jdbc:postgresql://127.0.0.1:5432/postgres, user postgres): durable,
     * as the server's default synchronous_commit = on makes every commit.
     */
    static void postgresRows(String serverUrl, Path work, UploadLimits limits, Uploader uploader, FormCatalog forms,
            byte[] plain, byte[] gzip, int entries) throws Exception {
        String base = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1);
        for (boolean compressed : new boolean[] {false, true}) {
            byte[] file = compressed ? gzip : plain;
            List<long[]> millis = new ArrayList<>();
            List<long[]> duplicateMillis = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                String name = "ingest_" + compressed + "_" + run + "_" + System.nanoTime();
                try (Database server = Database.postgresql(serverUrl, "postgres", "")) {
                    server.read(connection -> {
                        try (var statement = connection.createStatement()) {
                            statement.execute("CREATE DATABASE " + name);
                        }
                        return null;
                    });
                }
                Path dataDir = Files.createDirectories(work.resolve("pg-" + compressed + "-" + run));
                try (Database entriesDb = Database.postgresql(base + name, "postgres", "");
                        UploadService service = UploadService.open(
                                dataDir, entriesDb, new FolderObjectStore(dataDir), limits, id -> forms)) {
                    long load = loadHundredths();
                    millis.add(new long[] {timeUpload(service, uploader, file, entries, "accepted"), load});
                    byte[] again = concat(file, compressed ? gzip("\n".getBytes()) : "\n".getBytes());
                    load = loadHundredths();
                    duplicateMillis.add(new long[] {timeUpload(service, uploader, again, entries, "duplicate"), load});
                }
            }
            String kind = compressed ? "gzip" : "NDJSON";
            row("UploadService on PostgreSQL, new entries", kind, entries, plain.length, millis);
            row("UploadService on PostgreSQL, all duplicates", kind, entries, plain.length, duplicateMillis);
        }
    }

    static long timeUpload(UploadService service, Uploader uploader, byte[] file, int entries, String expected)
            throws Exception {
        String sha = sha256(file);
        long start = System.nanoTime();
        Receipt receipt;
        try (InputStream in = new java.io.ByteArrayInputStream(file)) {
            receipt = service.upload(uploader, in, sha);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int count = expected.equals("accepted") ? receipt.counts().accepted() : receipt.counts().duplicate();
        if (count != entries) {
            throw new IllegalStateException("expected " + entries + " " + expected + ", got " + receipt.counts());
        }
        return millis;
    }

    static long timeHttpUpload(ApiApplication application, byte[] file, int entries) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(application.baseUri().resolve("/v1/uploads"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Digest", ContentDigest.header(sha256(file)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (response.statusCode() != 200 || !response.body().contains("\"accepted\":" + entries)) {
            throw new IllegalStateException("upload failed: " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return millis;
    }

    static void row(String path, String kind, int entries, long ndjsonBytes, List<long[]> timed) {
        List<Long> millis = timed.stream().map(t -> t[0]).toList();
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        int n = sorted.size();
        double median = Math.max(1, n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
        System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %s | %s |%n",
                path, kind, Math.round(entries * 1000.0 / median), ndjsonBytes / 1e6 / (median / 1000.0), millis,
                timed.stream().map(t -> String.format(Locale.ROOT, "%.2f", t[1] / 100.0)).toList());
    }

    /** The 1-minute load average, in hundredths. */
    static long loadHundredths() throws Exception {
        return Math.round(100 * Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
    }

    static void seed(Path dataDir, Campaign campaign) {
        try (Databases databases = Databases.embedded(dataDir)) {
            SqlCampaignStore.open(databases.campaign()).save(campaign);
            SqlUserStore users = SqlUserStore.open(databases.campaign());
            String campaignId = campaign.settings().id();
            users.replaceUsers(campaignId, List.of(new UserAccount(
                    new User("fw-encamp", campaignId, Role.FIELD_WORKER, Set.of(ENCAMP)), TokenHash.of(TOKEN), false)));
        }
    }

    static byte[] entryFile(int entries, Random random) {
        StringBuilder out = new StringBuilder(entries * 360);
        for (int i = 0; i < entries; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            out.append("{\"clientReferenceId\":\"").append(id)
                    .append("\",\"formId\":\"household-registration\",\"formVersion\":3,\"boundaryId\":\"")
                    .append(ENCAMP).append("\",\"createdBy\":\"fw-encamp\",\"createdAt\":\"2026-11-")
                    .append(String.format(Locale.ROOT, "%02d", 1 + random.nextInt(28)))
                    .append("T").append(String.format(Locale.ROOT, "%02d:%02d:%02d", random.nextInt(24),
                            random.nextInt(60), random.nextInt(60)))
                    .append("Z\",\"data\":{\"head_name\":\"Household ").append(random.nextInt(1_000_000))
                    .append("\",\"members\":").append(1 + random.nextInt(12))
                    .append(",\"children_under_5\":").append(random.nextInt(4))
                    .append(",\"pregnant\":").append(random.nextBoolean())
                    .append(",\"location\":{\"lat\":").append(String.format(Locale.ROOT, "%.6f", 42.5 + random.nextDouble() * 0.1))
                    .append(",\"lon\":").append(String.format(Locale.ROOT, "%.6f", 1.55 + random.nextDouble() * 0.1))
                    .append("}}}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
