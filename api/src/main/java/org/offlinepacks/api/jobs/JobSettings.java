package org.offlinepacks.api.jobs;

import java.time.Duration;
import java.util.Objects;
import org.offlinepacks.api.lease.LeaseTerms;

/**
 * How workers share the rebuild jobs.
 *
 * @param lease how long a worker's claim on a job (and its build lease on the boundary) lasts
 *     without renewal, and how often it renews them; progress is written to the job at each renewal
 * @param poll how often an idle worker looks for work (requests on its own node wake it at once)
 * @param maxAttempts how many times a job is started before it fails, when each time its worker
 *     stopped without finishing (killed, out of memory, cut off from the database)
 */
public record JobSettings(LeaseTerms lease, Duration poll, int maxAttempts) {
    public static final JobSettings DEFAULTS = new JobSettings(LeaseTerms.DEFAULTS, Duration.ofSeconds(1), 3);

    public JobSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(poll, "poll");
        if (poll.toMillis() < 10 || poll.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the job poll interval must be 10 ms to 10 min, found " + poll);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("a job's attempts must be 1..100, found " + maxAttempts);
        }
    }
}
