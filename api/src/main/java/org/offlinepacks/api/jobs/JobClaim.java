package org.offlinepacks.api.jobs;

/**
 * A worker's hold on a running job: the job is this worker's to build, renew and finish while
 * {@code leaseToken} is the job's.
 *
 * @param attempt 1 for the first start, more when the job was taken over from a worker that stopped
 */
public record JobClaim(String jobId, String boundaryId, String worker, String leaseToken, int attempt) {}
