package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer of every boundary of a campaign build, printed as a table when the build ends: built
 * (a new version published), unchanged (the current version already holds the same), failed (with
 * the reason; the previous version stays current) or skipped (not tried, with the reason), and the
 * warnings of the packs that were published.
 */
final class CampaignBuildReport {
    enum Result {
        BUILT,
        UNCHANGED,
        FAILED,
        SKIPPED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One boundary's answer; {@code version} is the current pack version after the build, if any. */
    record Row(String boundaryId, Result result, Long version, double seconds, String detail) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    boolean anyFailedOrSkipped() {
        return rows.stream().anyMatch(r -> r.result() == Result.FAILED || r.result() == Result.SKIPPED);
    }

    Map<Result, Long> counts() {
        Map<Result, Long> counts = new EnumMap<>(Result.class);
        for (Result result : Result.values()) {
            counts.put(result, rows.stream().filter(r -> r.result() == result).count());
        }
        return counts;
    }

    void print(PrintWriter out) {
        int idWidth = Math.max(
                "boundary".length(),
                rows.stream().mapToInt(r -> r.boundaryId().length()).max().orElse(0));
        String format = "%-" + idWidth + "s  %-9s  %7s  %8s  %s%n";
        out.printf(Locale.ROOT, format, "boundary", "result", "version", "time", "details");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    format,
                    row.boundaryId(),
                    row.result().label(),
                    row.version() == null ? "-" : row.version().toString(),
                    String.format(Locale.ROOT, "%.1f s", row.seconds()),
                    row.detail() == null ? "" : row.detail());
        }
        Map<Result, Long> counts = counts();
        out.printf(
                Locale.ROOT,
                "%d boundaries: %d built, %d unchanged, %d failed, %d skipped%n",
                rows.size(),
                counts.get(Result.BUILT),
                counts.get(Result.UNCHANGED),
                counts.get(Result.FAILED),
                counts.get(Result.SKIPPED));
        out.flush();
    }
}
