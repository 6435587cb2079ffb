package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ContractClient;

/** `offline-packs serve …` in a process of its own, as a user starts it, stopped like Ctrl-C. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("^Serving (http://\\S+)/v1 ");
    private static final HttpClient HTTP =
            ContractClient.of(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)));

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private URI baseUri;

    private ServeProcess(Process process) {
        this.process = process;
    }

    /** Starts `serve ARGS --port 0` and waits until it says where it serves. */
    static ServeProcess start(String... args) throws IOException, InterruptedException {
        return start(Map.of(), args);
    }

    /** Starts `serve ARGS --port 0` with these environment variables added. */
    static ServeProcess start(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return start(environment, 0, args);
    }

    /** Starts `serve ARGS --port PORT`: a service that comes back at the same address after a stop. */
    static ServeProcess startOnPort(int port, String... args) throws IOException, InterruptedException {
        return start(Map.of(), port, args);
    }

    private static ServeProcess start(Map<String, String> environment, int port, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OfflinePacksCommand.class.getName(),
                "serve",
                "--port",
                Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ServeProcess serve = new ServeProcess(builder.start());
        Thread reader = new Thread(serve::readOutput, "serve-output");
        reader.setDaemon(true);
        reader.start();
        serve.awaitOutput("Health: ", Duration.ofSeconds(90));
        return serve;
    }

    private void readOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    Matcher serving = SERVING.matcher(line);
                    if (serving.find()) {
                        baseUri = URI.create(serving.group(1));
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for a line containing {@code text}; fails with everything printed so far. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.stream().noneMatch(line -> line.contains(text))) {
                long left = deadline - System.nanoTime();
                assertTrue(
                        left > 0 && process.isAlive() || lines.stream().anyMatch(l -> l.contains(text)),
                        "serve never printed \"" + text + "\":\n" + output());
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    URI baseUri() {
        return baseUri;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Like {@code kill -9}: no shutdown hook, nothing handed back. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    JsonNode send(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUri + path))
                        .header("Authorization", "Bearer " + token)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return ApiJson.MAPPER.readTree(response.body());
    }

    /** Whether a job's JSON says it ended, SUCCEEDED or FAILED. */
    static boolean finished(JsonNode job) {
        String state = job.path("state").asText();
        return state.equals("SUCCEEDED") || state.equals("FAILED");
    }

    /** Polls a job until it is done; returns its last state. */
    JsonNode awaitJob(String jobId, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode job = send("GET", "/v1/jobs/" + jobId, token, null);
        while (!finished(job) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            job = send("GET", "/v1/jobs/" + jobId, token, null);
        }
        return job;
    }

    /** Like Ctrl-C: the shutdown hook closes the service. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
