package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object stores for tests: a folder, or a fresh bucket on one s3proxy (a real S3 API server on a
 * filesystem backend) started once per test JVM as its own process, from the
 * jar-with-dependencies that Maven copies to {@code target/s3proxy/s3proxy.jar}.
 */
public final class TestObjectStores {
    /** The two kinds of storage every storage test runs on. */
    public enum Kind {
        FOLDER,
        S3
    }

    public static final String ACCESS_KEY_ID = "test-access-key";
    public static final String SECRET_ACCESS_KEY = "test-secret-access-key";
    private static final Pattern STARTED = Pattern.compile("Started ServerConnector@.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static URI endpoint;

    private TestObjectStores() {}

    /** A new, empty store of {@code kind}; folders (and the S3 store's cache) go under {@code folder}. */
    public static ObjectStore open(Kind kind, Path folder) {
        int n = BUCKETS.incrementAndGet();
        try {
            return switch (kind) {
                case FOLDER -> new FolderObjectStore(Files.createDirectories(folder.resolve("objects-" + n)));
                case S3 -> S3ObjectStore.open(newBucket(), folder.resolve("object-cache-" + n));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration of a new bucket on the test server (created on first use). */
    public static StorageConfig newBucket() {
        return StorageConfig.parse(
                "s3://test-bucket-" + BUCKETS.incrementAndGet() + "?region=us-east-1&endpoint=" + endpoint(),
                environment());
    }

    /** The credentials the test server accepts, as the service reads them from its environment. */
    public static Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    }

    /** The test server's address, {@code http://127.0.0.1:PORT}; started on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    private static URI start() {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no s3proxy jar at " + jar
                    + "; run the tests through Maven (./mvnw verify), which copies it to target/s3proxy/");
        }
        try {
            Path dir = Files.createTempDirectory("s3proxy-");
            Path data = Files.createDirectories(dir.resolve("data"));
            Path properties = dir.resolve("s3proxy.properties");
            Files.write(
                    properties,
                    List.of(
                            "s3proxy.endpoint=http://127.0.0.1:0",
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + ACCESS_KEY_ID,
                            "s3proxy.credential=" + SECRET_ACCESS_KEY,
                            "jclouds.provider=filesystem-nio2",
                            "jclouds.identity=" + ACCESS_KEY_ID,
                            "jclouds.credential=" + SECRET_ACCESS_KEY,
                            "jclouds.filesystem.basedir=" + data));
            Path log = dir.resolve("s3proxy.log");
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-jar",
                            jar,
                            "--properties",
                            properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                deleteQuietly(dir);
            }));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher started = STARTED.matcher(Files.readString(log));
                if (started.find()) {
                    return URI.create("http://127.0.0.1:" + started.group(1));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("s3proxy stopped: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            process.destroy();
            throw new IllegalStateException("s3proxy did not start in 90 s: " + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // the JVM is going away
        }
    }
}
