package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `offline-packs relay …` in a process of its own; {@link #kill} is a kill -9. */
final class RelayProcess implements AutoCloseable {
    private static final Pattern RELAYING = Pattern.compile("^Relaying (http://\\S+)/v1 ");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private volatile URI baseUri;

    private RelayProcess(Process process) {
        this.process = process;
    }

    static RelayProcess start(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OfflinePacksCommand.class.getName(),
                "relay",
                "--host",
                "127.0.0.1",
                "--port",
                "0"));
        command.addAll(List.of(args));
        RelayProcess relay = new RelayProcess(
                new ProcessBuilder(command).redirectErrorStream(true).start());
        Thread reader = new Thread(relay::readOutput, "relay-output");
        reader.setDaemon(true);
        reader.start();
        relay.awaitOutput("Relaying ", Duration.ofSeconds(90));
        return relay;
    }

    URI baseUri() {
        return baseUri;
    }

    private void readOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    Matcher relaying = RELAYING.matcher(line);
                    if (relaying.find()) {
                        baseUri = URI.create(relaying.group(1));
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for a line containing {@code text}, counting from the first line. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.stream().noneMatch(line -> line.contains(text))) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0 && process.isAlive(), "relay never printed \"" + text + "\":\n" + output());
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** kill -9: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
