import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.http.CuttingProxy;
import org.offlinepacks.api.http.Phone;
import org.offlinepacks.api.upload.UploadFixtures;

/**
 * The field-link benchmark (bench/field-link.sh runs it).
 *
 * <p>{@code slow-clients HOST PORT PATH TOKEN CLIENTS BYTES_PER_S SECONDS PROBE_PATH}: CLIENTS
 * connections download PATH at BYTES_PER_S each (a small receive buffer, read on a timer, so the
 * server really waits on them) while a probe times a request for PROBE_PATH every 250 ms on a new
 * connection. Prints one line of key=value figures.
 *
 * <p>{@code phone PORT TOKEN [--sync-only] BOUNDARY_ID...}: a phone on a link that cuts every connection
 * after 100 KB: the bytes of a "nothing new" manifest check, of a first sync through parts against
 * the bundle, and of 5,000 entries uploaded with tus and their receipt. Prints Markdown rows.
 */
public class FieldLinkBenchmark {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "slow-clients" -> slowClients(args);
            case "phone" -> phone(args);
            default -> throw new IllegalArgumentException("slow-clients or phone, not " + args[0]);
        }
    }

    // ---- slow clients ----------------------------------------------------------------------

    static final class Client {
        final SocketChannel channel;
        final long started = System.nanoTime();
        ByteBuffer request;
        long firstByteNanos = -1;
        long received;
        double allowance;
        boolean done;
        boolean failed;

        Client(SocketChannel channel, ByteBuffer request) {
            this.channel = channel;
            this.request = request;
        }
    }

    static void slowClients(String[] args) throws Exception {
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String path = args[3];
        String token = args[4];
        int count = Integer.parseInt(args[5]);
        double rate = Double.parseDouble(args[6]);
        long seconds = Long.parseLong(args[7]);
        String probePath = args[8];

        AtomicBoolean stop = new AtomicBoolean();
        List<Long> probes = new CopyOnWriteArrayList<>();
        List<String> probeFailures = new CopyOnWriteArrayList<>();
        Thread probe = new Thread(() -> {
            while (!stop.get()) {
                long start = System.nanoTime();
                try {
                    int status = get(host, port, probePath, token);
                    if (status != 200) {
                        probeFailures.add("status " + status);
                    } else {
                        probes.add(System.nanoTime() - start);
                    }
                } catch (IOException e) {
                    probeFailures.add(e.toString());
                }
                sleep(250);
            }
        });

        Selector selector = Selector.open();
        List<Client> clients = new ArrayList<>();
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            channel.configureBlocking(false);
            Client client = new Client(channel, ByteBuffer.wrap(request));
            clients.add(client);
            channel.connect(new InetSocketAddress(host, port));
            channel.register(selector, SelectionKey.OP_CONNECT, client);
        }
        probe.start();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        long tickNanos = 50_000_000;
        long nextTick = System.nanoTime();
        long end = begin + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= nextTick) {
                nextTick = now + tickNanos;
                for (Client client : clients) {
                    if (!client.done && client.request == null) {
                        client.allowance = Math.min(client.allowance + rate * tickNanos / 1e9, rate * 0.2);
                        SelectionKey key = client.channel.keyFor(selector);
                        if (key != null && key.isValid() && client.allowance >= 1) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                }
            }
            selector.select(Math.max(1, (nextTick - System.nanoTime()) / 1_000_000));
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                try {
                    if (key.isConnectable()) {
                        client.channel.finishConnect();
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (key.isWritable()) {
                        client.channel.write(client.request);
                        if (!client.request.hasRemaining()) {
                            client.request = null;
                            key.interestOps(0);
                        }
                    } else if (key.isReadable()) {
                        buffer.clear().limit((int) Math.max(1, Math.min(buffer.capacity(), client.allowance)));
                        int read = client.channel.read(buffer);
                        if (read < 0) {
                            client.done = true;
                            key.cancel();
                            client.channel.close();
                        } else if (read > 0) {
                            if (client.firstByteNanos < 0) {
                                client.firstByteNanos = System.nanoTime() - client.started;
                            }
                            client.received += read;
                            client.allowance -= read;
                            if (client.allowance < 1) {
                                key.interestOps(0);
                            }
                        }
                    }
                } catch (IOException e) {
                    client.failed = true;
                    client.done = true;
                    key.cancel();
                    client.channel.close();
                }
            }
            selector.selectedKeys().clear();
        }
        stop.set(true);
        probe.join();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        List<Long> firstBytes = new ArrayList<>();
        long total = 0;
        int failed = 0;
        int closedEarly = 0;
        for (Client client : clients) {
            if (client.firstByteNanos >= 0) {
                firstBytes.add(client.firstByteNanos);
            }
            total += client.received;
            failed += client.failed ? 1 : 0;
            closedEarly += client.done && !client.failed ? 1 : 0;
            client.channel.close();
        }
        Collections.sort(firstBytes);
        List<Long> sortedProbes = new ArrayList<>(probes);
        Collections.sort(sortedProbes);
        System.out.printf(
                Locale.ROOT,
                "clients=%d got_first_byte=%d first_byte_p50_ms=%.0f first_byte_p99_ms=%.0f first_byte_max_ms=%.0f"
                        + " mb_per_s=%.1f per_client_kb_s=%.1f failed=%d closed_early=%d"
                        + " probes=%d probe_failures=%d probe_p50_ms=%.1f probe_p99_ms=%.1f probe_max_ms=%.1f%n",
                count,
                firstBytes.size(),
                percentile(firstBytes, 0.50),
                percentile(firstBytes, 0.99),
                percentile(firstBytes, 1.0),
                total / elapsed / 1e6,
                total / elapsed / count / 1e3,
                failed,
                closedEarly,
                sortedProbes.size(),
                probeFailures.size(),
                percentile(sortedProbes, 0.50),
                percentile(sortedProbes, 0.99),
                percentile(sortedProbes, 1.0));
    }

    /** One request on a new connection, read to its end; the status. */
    static int get(String host, int port, String path, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] bytes = in.readAllBytes();
            String head = new String(bytes, 0, Math.min(bytes.length, 20), StandardCharsets.US_ASCII);
            return Integer.parseInt(head.split(" ")[1]);
        }
    }

    static double percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, index))) / 1e6;
    }

    /** The bytes of a conditional GET answered 304, on a connection of its own, as one table row. */
    static void nothingNew(CuttingProxy link, String path, String token, String etag, String what) throws IOException {
        long up = link.bytesUp();
        long down = link.bytesDown();
        String status;
        java.net.URI base = java.net.URI.create(link.baseUri());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
                                    + token + "\r\nIf-None-Match: " + etag + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readAllBytes();
            status = new String(answer, StandardCharsets.US_ASCII).split("\r\n", 2)[0];
        }
        if (!status.contains(" 304 ")) {
            throw new IllegalStateException("nothing new answered " + status);
        }
        sleep(100); // the proxy counts what it relayed once the connection is closed
        long requestBytes = link.bytesUp() - up;
        long answerBytes = link.bytesDown() - down;
        row(what, requestBytes, answerBytes, requestBytes + answerBytes, 300);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- phone ------------------------------------------------------------------------------

    static final int CUT_EVERY = 100 * 1024;
    static final int LINK_BYTES_PER_S = 300 * 1024;

    static void phone(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        String token = args[2];
        boolean syncOnly = args[3].equals("--sync-only");
        List<String> boundaries = List.of(args).subList(syncOnly ? 4 : 3, args.length);

        System.out.println("| what | bytes up | bytes down | on the wire | reference | ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        long partsTotal = 0;
        long bundlesTotal = 0;
        for (String boundary : boundaries) {
            String manifestPath = "/v1/packs/" + boundary + "/manifest";
            try (CuttingProxy link = CuttingProxy.start(port, LINK_BYTES_PER_S, CUT_EVERY)) {
                Phone phone = new Phone(link.baseUri(), token);
                // first sync through parts: the manifest, then every part in its gzip form where it has one
                Phone.Download manifestDownload = phone.download(manifestPath, true, null);
                byte[] manifestBytes = "gzip".equals(manifestDownload.contentEncoding())
                        ? gunzip(manifestDownload.body())
                        : manifestDownload.body();
                PackManifest manifest = PartJson.MAPPER.readValue(manifestBytes, PackManifest.class);
                for (PackManifest.Part part : manifest.parts()) {
                    Phone.Download download = phone.download("/v1/parts/" + part.sha256(), true, null);
                    byte[] content = "gzip".equals(download.contentEncoding()) ? gunzip(download.body()) : download.body();
                    check(part.sha256(), content, part.path());
                }
                long parts = link.bytesUp() + link.bytesDown();

                long upBefore = link.bytesUp();
                long downBefore = link.bytesDown();
                Phone.Download bundle = phone.download("/v1/parts/" + manifest.bundle().sha256(), true, null);
                check(manifest.bundle().sha256(), bundle.body(), "bundle.zip");
                long bundleBytes = link.bytesUp() - upBefore + link.bytesDown() - downBefore;
                partsTotal += parts;
                bundlesTotal += bundleBytes;
                row(
                        "first sync of " + boundary + " through its " + manifest.parts().size()
                                + " parts (reference: its bundle.zip, " + manifest.bundle().size() + " bytes)",
                        upBefore,
                        downBefore,
                        parts,
                        bundleBytes);
            }
        }
        row("first sync of all " + boundaries.size() + " packs through parts, against their bundles", -1, -1, partsTotal, bundlesTotal);
        if (syncOnly) {
            return;
        }

        try (CuttingProxy link = CuttingProxy.start(port, LINK_BYTES_PER_S, CUT_EVERY)) {
            // the device's "anything new?": one conditional GET of the sync index for all its packs,
            // sent as a phone app sends it (no user agent or other headers Java's client adds)
            Phone phone = new Phone(link.baseUri(), token);
            String etag = phone.get("/v1/sync").headers().firstValue("ETag").orElseThrow();
            nothingNew(link, "/v1/sync", token, etag, "\"nothing new?\": GET /v1/sync answered 304 (reference: 300 bytes)");
            String manifestPath = "/v1/packs/" + boundaries.get(0) + "/manifest";
            String manifestEtag = phone.get(manifestPath).headers().firstValue("ETag").orElseThrow();
            nothingNew(link, manifestPath, token, manifestEtag, "one pack's manifest, conditional GET answered 304 (reference: 300 bytes)");
        }

        try (CuttingProxy link = CuttingProxy.start(port, LINK_BYTES_PER_S, CUT_EVERY)) {
            Phone phone = new Phone(link.baseUri(), token);
            List<Object> lines = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                lines.add(UploadFixtures.household(UUID.randomUUID().toString(), boundaries.get(0), "fw-encamp", 1 + i % 7));
            }
            byte[] plain = UploadFixtures.ndjson(lines);
            byte[] gzip = gzip(plain);
            Path file = Files.createTempFile("entries-", ".ndjson.gz");
            Files.write(file, gzip);
            String url = phone.tusUpload(file);
            row(
                    "5,000 entries (" + plain.length + " bytes NDJSON) as a gzip file with tus, " + link.cuts()
                            + " cuts (reference: the file, " + gzip.length + " bytes)",
                    link.bytesUp(),
                    link.bytesDown(),
                    link.bytesUp(),
                    gzip.length);
            long up = link.bytesUp();
            long down = link.bytesDown();
            String fileId = url.substring(url.lastIndexOf('/') + 1);
            String summary = null;
            for (int attempt = 0; attempt < 20 && summary == null; attempt++) {
                try {
                    summary = phone.send(
                                    "POST",
                                    "/v1/uploads/registrations",
                                    "{\"fileId\":\"" + fileId + "\",\"sha256\":\"" + sha256(gzip) + "\"}",
                                    "Content-Type",
                                    "application/json")
                            .body();
                } catch (IOException cut) {
                    // registered again: the same summary
                }
            }
            var json = PartJson.MAPPER.readTree(summary);
            Phone.Download receipt = phone.download(json.at("/receipt/href").asText(), true, null);
            byte[] receiptJson = gunzip(receipt.body());
            check(json.at("/receipt/sha256").asText(), receiptJson, "receipt");
            row(
                    "registration (summary " + summary.length() + " bytes) and the receipt of 5,000 entries, gzip ("
                            + receiptJson.length + " bytes of JSON)",
                    link.bytesUp() - up,
                    link.bytesDown() - down,
                    link.bytesUp() - up + link.bytesDown() - down,
                    receiptJson.length);
            Files.delete(file);
        }
    }

    static void row(String what, long up, long down, long wire, long reference) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %,d | %,d | %.3f |%n",
                what,
                up < 0 ? "" : String.format(Locale.ROOT, "%,d", up),
                down < 0 ? "" : String.format(Locale.ROOT, "%,d", down),
                wire,
                reference,
                (double) wire / reference);
    }

    static void check(String sha256, byte[] content, String what) throws Exception {
        if (!sha256.equals(sha256(content))) {
            throw new IllegalStateException(what + " does not match its sha256 after the link");
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
