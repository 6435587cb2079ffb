package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackPart;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.PartWriter;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.users.Role;

/**
 * Phones that stop reading and uploads that trickle a byte now and then: with only 8 request
 * threads, health and manifest requests are still answered, and the slow transfers are closed once
 * they fall under the slow-link floor.
 */
class SlowLinksTest {
    private static final String TOKEN = "token-fw";
    private static final int STALLED_DOWNLOADS = 40;
    private static final int TRICKLING_UPLOADS = 20;
    private static final int TRICKLING_BOUNDARY_EDITS = 5;

    @TempDir
    Path dataDir;

    @Test
    void stalledDownloadsAndTricklingBodiesHoldNoThreadAndAreClosedUnderTheFloor() throws Exception {
        SampleStore.seed(dataDir, List.of(SampleStore.account("fw", Role.ADMIN, Set.of(), TOKEN)));
        TestLeases leases = TestLeases.inDataFolder(dataDir);
        PackBuilder builder = new PackBuilder(
                new PackRepository(dataDir),
                leases.leases(),
                List.of(new BoundaryPartWriter(), new LargePart(8 << 20)),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
        builder.build(PackFixtures.input(PackFixtures.ENCAMP), ProgressListener.NONE);
        ServerConfig config = ServerConfig.defaults(dataDir)
                .withPort(0)
                .withHttpThreads(8)
                .withLink(new LinkLimits(
                        Duration.ofSeconds(30), 2_000, Duration.ofSeconds(3), LinkLimits.DEFAULT_SEND_BUFFER_BYTES));

        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (ApiApplication application = ApiApplication.start(config, builder, List.of())) {
            Phone phone = new Phone(application.baseUri().toString(), TOKEN);
            String manifestPath = "/v1/packs/" + PackFixtures.ENCAMP + "/manifest";
            PackManifest.Part large = DownloadChannelTest.manifestOf(
                            phone.get(manifestPath).body())
                    .part(LargePart.PATH)
                    .orElseThrow();

            for (int i = 0; i < STALLED_DOWNLOADS; i++) {
                slow.add(open(application, "GET /v1/parts/" + large.sha256() + " HTTP/1.1\r\n", ""));
            }
            List<Socket> trickling = new ArrayList<>();
            for (int i = 0; i < TRICKLING_UPLOADS; i++) {
                trickling.add(open(
                        application,
                        "POST /v1/uploads HTTP/1.1\r\nContent-Length: 100000\r\nContent-Digest: "
                                + ContentDigest.header("0".repeat(64)) + "\r\n",
                        "x"));
            }
            for (int i = 0; i < TRICKLING_BOUNDARY_EDITS; i++) {
                trickling.add(open(
                        application,
                        "PUT /v1/boundaries/" + PackFixtures.ENCAMP + " HTTP/1.1\r\nContent-Length: 5000\r\n",
                        "{"));
            }
            slow.addAll(trickling);
            trickle.scheduleAtFixedRate(
                    () -> trickling.forEach(SlowLinksTest::sendOneByte), 0, 400, TimeUnit.MILLISECONDS);
            awaitTransfers(application, STALLED_DOWNLOADS + TRICKLING_UPLOADS + TRICKLING_BOUNDARY_EDITS);

            for (int i = 0; i < 10; i++) {
                assertEquals(200, phone.get("/v1/health").statusCode());
                HttpResponse<byte[]> manifest = phone.get(manifestPath);
                assertEquals(200, manifest.statusCode());
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (application.activeTransfers() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, application.activeTransfers(), "transfers under the floor are closed");
            for (Socket socket : trickling) {
                assertTrue(endsWithin(socket, Duration.ofSeconds(5)), "a trickling upload's connection is closed");
            }
        } finally {
            leases.close();
            trickle.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * The kernel grows a connection's send buffer to megabytes by itself: two thousand phones
     * starting a download together then make the service copy gigabytes before the last one gets
     * its first byte. A download keeps at most about its configured send buffer queued (Linux
     * doubles the figure given; /proc/net/tcp shows the queue).
     */
    @Test
    void aSlowDownloadQueuesNoMoreThanItsSendBufferInTheKernel() throws Exception {
        Path tcp = Path.of("/proc/net/tcp");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(tcp), "Linux only: reads /proc/net/tcp");
        SampleStore.seed(dataDir, List.of(SampleStore.account("fw", Role.ADMIN, Set.of(), TOKEN)));
        TestLeases leases = TestLeases.inDataFolder(dataDir);
        PackBuilder builder = new PackBuilder(
                new PackRepository(dataDir),
                leases.leases(),
                List.of(new BoundaryPartWriter(), new LargePart(8 << 20)),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
        builder.build(PackFixtures.input(PackFixtures.ENCAMP), ProgressListener.NONE);
        int sendBuffer = 16 * 1024;
        ServerConfig config = ServerConfig.defaults(dataDir)
                .withPort(0)
                .withLink(new LinkLimits(Duration.ofSeconds(30), 0, Duration.ofSeconds(3), sendBuffer));
        try (ApiApplication application = ApiApplication.start(config, builder, List.of())) {
            Phone phone = new Phone(application.baseUri().toString(), TOKEN);
            PackManifest.Part large = DownloadChannelTest.manifestOf(
                            phone.get("/v1/packs/" + PackFixtures.ENCAMP + "/manifest")
                                    .body())
                    .part(LargePart.PATH)
                    .orElseThrow();
            try (Socket socket = open(application, "GET /v1/parts/" + large.sha256() + " HTTP/1.1\r\n", "")) {
                // a phone on a fair link: it reads 64 KB every 50 ms for 2 s, long enough for the
                // kernel to grow a send buffer it is left to size
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < until) {
                    in.read(buffer);
                    Thread.sleep(50);
                }
                long queued = sendQueue(tcp, application.port(), socket.getLocalPort());
                assertTrue(
                        queued <= 4L * sendBuffer,
                        "the service queued " + queued + " bytes for one phone; its send buffer is " + sendBuffer);
            }
        } finally {
            leases.close();
        }
    }

    /** The bytes queued to send on the connection from {@code localPort} to {@code remotePort}. */
    private static long sendQueue(Path tcp, int localPort, int remotePort) throws IOException {
        String local = String.format(":%04X", localPort);
        String remote = String.format(":%04X", remotePort);
        List<String> lines = new ArrayList<>(Files.readAllLines(tcp));
        Path tcp6 = tcp.resolveSibling("tcp6"); // a dual-stack socket's connections are listed here
        if (Files.isReadable(tcp6)) {
            lines.addAll(Files.readAllLines(tcp6));
        }
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 4 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                return Long.parseLong(fields[4].split(":")[0], 16);
            }
        }
        throw new AssertionError("no connection from port " + localPort + " to " + remotePort + " in " + tcp);
    }

    /**
     * A part larger than the kernel's socket buffers (up to 4 MB here), of bytes that do not
     * compress: a phone that stops reading it leaves the rest unsent for as long as it waits.
     */
    private record LargePart(int bytes) implements PartWriter {
        static final String PATH = "large.bin";

        @Override
        public String name() {
            return "large";
        }

        @Override
        public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
            byte[] content = new byte[bytes];
            new Random(42).nextBytes(content);
            Files.write(stagingDir.resolve(PATH), content);
            return List.of(new PackPart("large", PATH, "application/octet-stream"));
        }
    }

    /** A connection that sends a request head (and the first body bytes) and then reads nothing. */
    private static Socket open(ApiApplication application, String requestLine, String body) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), application.port()));
        OutputStream out = socket.getOutputStream();
        out.write((requestLine + "Host: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void sendOneByte(Socket socket) {
        try {
            socket.getOutputStream().write('x');
            socket.getOutputStream().flush();
        } catch (IOException closed) {
            // closed by the service: expected once under the floor
        }
    }

    private static void awaitTransfers(ApiApplication application, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (application.activeTransfers() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, application.activeTransfers(), "every slow transfer is in progress at once");
    }

    /** Reads what the service sent, if anything, until it closes the connection. */
    private static boolean endsWithin(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try (InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // drain
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
