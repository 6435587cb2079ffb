package org.offlinepacks.api.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses a scrape with the Prometheus project's own text-format parser (the Python client's
 * {@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}), which refuses
 * what Prometheus would refuse; no hand-written parsing in the tests.
 */
public final class PrometheusText {
    /** One sample: its name (with {@code _total}, {@code _bucket}, ...), labels and value. */
    public record Sample(String family, String type, String name, Map<String, String> labels, double value) {}

    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = String.join(
            "\n",
            "import sys, json",
            "from prometheus_client.parser import text_string_to_metric_families",
            "out = []",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in family.samples:",
            "        out.append([family.name, family.type, s.name, s.labels, s.value])",
            "print(json.dumps(out))");

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String scrape) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser refused the scrape (is python3-prometheus-client"
                    + " installed?): " + err + "\n--- scrape ---\n" + scrape);
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(out)) {
            Map<String, String> labels = new LinkedHashMap<>();
            row.get(3)
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(
                    row.get(0).asText(),
                    row.get(1).asText(),
                    row.get(2).asText(),
                    labels,
                    row.get(4).asDouble()));
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The type Prometheus gives a family: counter, gauge, histogram, ... */
    public String type(String family) {
        return samples.stream()
                .filter(s -> s.family().equals(family))
                .map(Sample::type)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric family " + family));
    }

    /** The value of the one sample named so whose labels include {@code labels} ("k", "v", ...); 0 when none. */
    public double value(String name, String... labels) {
        List<Sample> matching = matching(name, labels);
        if (matching.size() > 1) {
            throw new AssertionError(
                    matching.size() + " samples " + name + " match " + List.of(labels) + ": " + matching);
        }
        return matching.isEmpty() ? 0 : matching.get(0).value();
    }

    /** The sum over the samples named so whose labels include {@code labels}. */
    public double sum(String name, String... labels) {
        return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    public boolean has(String name, String... labels) {
        return !matching(name, labels).isEmpty();
    }

    private List<Sample> matching(String name, String... labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }
}
