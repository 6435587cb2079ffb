package org.offlinepacks.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.offlinepacks.api.lease.DatabaseClock;
import org.offlinepacks.api.lease.LeaseLostException;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pack rebuild jobs of every node, in the database they share (beside the campaign tables).
 *
 * <p>A request for a boundary that already has a job waiting joins that job (coalescing: ten edits
 * in a row give one build, from the latest data), from whichever node it comes: one waiting job
 * per boundary is a unique index, not a lock in one process. A request while a build runs queues
 * one more job, since the running build may predate the change. Workers {@link #claim} jobs with a
 * lease that they renew every heartbeat, writing the job's progress at the same time, so that any
 * node serves it; a job whose worker stopped renewing is taken over by the next worker once the
 * lease has expired, up to {@link JobSettings#maxAttempts()} starts. On PostgreSQL claims skip rows
 * another worker is claiming ({@code FOR UPDATE SKIP LOCKED}); on SQLite every transaction is one
 * writer at a time already.
 */
public final class RebuildJobs {
    public static final String MIGRATIONS = "db/jobs";
    private static final Logger LOG = LoggerFactory.getLogger(RebuildJobs.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StepCounters>> STEPS = new TypeReference<>() {};
    private static final TypeReference<List<String>> WARNINGS = new TypeReference<>() {};
    private static final Duration KEEP_FINISHED = Duration.ofDays(30);
    private static final String COLUMNS = "id, boundary_id, boundary_version, state, requests, attempts, worker,"
            + " queued_at, started_at, finished_at, pack_version, error, progress_json, warnings_json";

    private final Database database;
    private final JobSettings settings;
    private final String now;
    /** Appended to a claim's SELECT: other workers' claims in progress are passed over, not waited for. */
    private final String skipLocked;

    private final List<Runnable> queuedListeners = new CopyOnWriteArrayList<>();

    private RebuildJobs(Database database, JobSettings settings) {
        this.database = database;
        this.settings = settings;
        this.now = DatabaseClock.nowMillis(database.dialect());
        this.skipLocked = database.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        // a claim reads the boundary's current version from the campaign tables
        database.migrate("campaign", SqlCampaignStore.MIGRATIONS);
        database.migrate("jobs", MIGRATIONS);
    }

    /** The job tables of {@code database} (created or brought up to date); the caller closes it. */
    public static RebuildJobs open(Database database, JobSettings settings) {
        return new RebuildJobs(database, settings);
    }

    public JobSettings settings() {
        return settings;
    }

    /** Runs {@code listener} after this node queues a job, so its own workers need not wait for their poll. */
    public void onQueued(Runnable listener) {
        queuedListeners.add(listener);
    }

    /** Queues a rebuild of the boundary, or joins the job already waiting for it. */
    public RebuildJob request(String boundaryId) {
        RebuildJob job = database.transaction(connection -> queue(connection, boundaryId));
        queued(job);
        return job;
    }

    /**
     * A rebuild for a pack found out of step (version {@code packVersionSeen}, not built for the
     * boundary's current version {@code boundaryVersion}), unless one is under way: a job running
     * for that version, or one that has since published a newer pack of it, is answered as it is; a
     * waiting job is joined. Nodes that start together queue nothing twice.
     */
    public RebuildJob requestCatchUp(String boundaryId, String boundaryVersion, long packVersionSeen) {
        String lockRows = database.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        RebuildJob job = database.transaction(connection -> {
            // locking the waiting job keeps a worker from claiming it between this look and the request
            List<RebuildJob> underWay = Sql.query(
                    connection,
                    "SELECT " + COLUMNS + " FROM rebuild_job WHERE boundary_id = ? AND (state = 'QUEUED'"
                            + " OR (state IN ('RUNNING', 'SUCCEEDED') AND boundary_version = ?"
                            + " AND (pack_version IS NULL OR pack_version > ?)))" + lockRows,
                    RebuildJobs::job,
                    boundaryId,
                    boundaryVersion,
                    packVersionSeen);
            for (RebuildJob candidate : underWay) {
                if (candidate.state() != JobState.QUEUED) {
                    return candidate;
                }
            }
            return queue(connection, boundaryId);
        });
        if (job.state() == JobState.QUEUED) {
            queued(job);
        } else {
            LOG.info("rebuild of {} at version {} is under way already: job {}", boundaryId, boundaryVersion, job.id());
        }
        return job;
    }

    private RebuildJob queue(Connection connection, String boundaryId) throws SQLException {
        String id = Sql.query(
                        connection,
                        "INSERT INTO rebuild_job (id, boundary_id, state, requests, attempts, queued_at, progress_json,"
                                + " warnings_json) VALUES (?, ?, 'QUEUED', 1, 0, " + now + ", '[]', '[]')"
                                + " ON CONFLICT (boundary_id) WHERE state = 'QUEUED'"
                                + " DO UPDATE SET requests = rebuild_job.requests + 1 RETURNING id",
                        row -> row.getString(1),
                        UUID.randomUUID().toString(),
                        boundaryId)
                .get(0);
        return find(connection, id).orElseThrow();
    }

    private void queued(RebuildJob job) {
        if (job.requests() > 1) {
            LOG.info("rebuild of {} joins queued job {} ({} requests)", job.boundaryId(), job.id(), job.requests());
        } else {
            LOG.info("rebuild of {} queued as job {}", job.boundaryId(), job.id());
        }
        queuedListeners.forEach(Runnable::run);
    }

    public Optional<RebuildJob> find(String jobId) {
        return database.read(connection -> find(connection, jobId));
    }

    private static Optional<RebuildJob> find(Connection connection, String jobId) throws SQLException {
        return Sql.query(connection, "SELECT " + COLUMNS + " FROM rebuild_job WHERE id = ?", RebuildJobs::job, jobId)
                .stream()
                .findFirst();
    }

    /** The boundary's most recently queued job, whatever its state. */
    public Optional<RebuildJob> latest(String boundaryId) {
        return database.read(connection -> Sql.query(
                        connection,
                        "SELECT " + COLUMNS + " FROM rebuild_job WHERE boundary_id = ? ORDER BY queued_at DESC, id DESC"
                                + " LIMIT 1",
                        RebuildJobs::job,
                        boundaryId)
                .stream()
                .findFirst());
    }

    /** Jobs waiting or running on any node: for the health endpoint. */
    public long pending() {
        return database.read(connection -> Sql.query(
                        connection,
                        "SELECT COUNT(*) FROM rebuild_job WHERE state IN ('QUEUED', 'RUNNING')",
                        row -> row.getLong(1))
                .get(0));
    }

    /**
     * A job waiting to be built, or one whose worker's lease expired, now {@code worker}'s to build;
     * empty when there is none. A job whose worker stopped {@link JobSettings#maxAttempts()} times
     * fails here.
     */
    public Optional<JobClaim> claim(String worker) {
        if (!database.read(this::hasWork)) {
            return Optional.empty(); // the common answer, without taking the write lock
        }
        return database.transaction(connection -> {
            failAbandoned(connection);
            List<String[]> candidates = Sql.query(
                    connection,
                    "SELECT j.id, j.boundary_id FROM rebuild_job j WHERE (j.state = 'QUEUED' AND NOT EXISTS"
                            + " (SELECT 1 FROM rebuild_job r WHERE r.boundary_id = j.boundary_id"
                            + " AND r.state = 'RUNNING')) OR (j.state = 'RUNNING' AND j.lease_expires_at < " + now
                            + " AND j.attempts < ?) ORDER BY j.queued_at, j.id LIMIT 1" + skipLocked,
                    row -> new String[] {row.getString(1), row.getString(2)},
                    settings.maxAttempts());
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            String jobId = candidates.get(0)[0];
            String token = UUID.randomUUID().toString();
            Sql.update(
                    connection,
                    "UPDATE rebuild_job SET state = 'RUNNING', attempts = attempts + 1, started_at = " + now + ","
                            + " worker = ?, lease_token = ?, lease_expires_at = " + now + " + ?, error = NULL,"
                            + " progress_json = '[]', warnings_json = '[]', boundary_version ="
                            + " (SELECT b.current_version FROM boundary b WHERE b.id = rebuild_job.boundary_id)"
                            + " WHERE id = ?",
                    worker,
                    token,
                    leaseMillis(),
                    jobId);
            int attempt = Sql.query(
                            connection, "SELECT attempts FROM rebuild_job WHERE id = ?", row -> row.getInt(1), jobId)
                    .get(0);
            JobClaim claim = new JobClaim(jobId, candidates.get(0)[1], worker, token, attempt);
            if (attempt > 1) {
                LOG.warn(
                        "job {} of {} taken over by {} (attempt {} of {}): its worker's lease expired",
                        jobId,
                        claim.boundaryId(),
                        worker,
                        attempt,
                        settings.maxAttempts());
            }
            return Optional.of(claim);
        });
    }

    private boolean hasWork(Connection connection) throws SQLException {
        return !Sql.query(
                        connection,
                        "SELECT 1 FROM rebuild_job j WHERE (j.state = 'QUEUED' AND NOT EXISTS"
                                + " (SELECT 1 FROM rebuild_job r WHERE r.boundary_id = j.boundary_id"
                                + " AND r.state = 'RUNNING')) OR (j.state = 'RUNNING' AND j.lease_expires_at < "
                                + now + ") LIMIT 1",
                        row -> true)
                .isEmpty();
    }

    /** Fails the jobs whose worker stopped while building them as many times as they may start. */
    private void failAbandoned(Connection connection) throws SQLException {
        List<String[]> abandoned = Sql.query(
                connection,
                "SELECT id, boundary_id, worker, attempts FROM rebuild_job WHERE state = 'RUNNING'"
                        + " AND lease_expires_at < " + now + " AND attempts >= ?" + skipLocked,
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)},
                settings.maxAttempts());
        for (String[] job : abandoned) {
            String error = "the build was started " + job[3] + " times and its worker stopped before finishing"
                    + " (no heartbeat for " + settings.lease().lease().toMillis() + " ms; the last one was "
                    + job[2] + "); the previous pack stays current. Look in that worker's log for a crash or"
                    + " an out-of-memory error, then ask for a rebuild again";
            Sql.update(
                    connection,
                    "UPDATE rebuild_job SET state = 'FAILED', finished_at = " + now + ", error = ?,"
                            + " lease_token = NULL, lease_expires_at = NULL WHERE id = ? AND state = 'RUNNING'",
                    error,
                    job[0]);
            LOG.warn("job {} of {} failed: {}", job[0], job[1], error);
        }
    }

    /** Records the boundary version the claimed build reads (it may be newer than at the claim). */
    public void building(JobClaim claim, String boundaryVersion) {
        database.read(connection -> Sql.update(
                connection,
                "UPDATE rebuild_job SET boundary_version = ? WHERE id = ? AND lease_token = ?",
                boundaryVersion,
                claim.jobId(),
                claim.leaseToken()));
    }

    /**
     * Renews the claim's lease and writes the job's progress; false when the job is no longer this
     * claim's (another worker took it over).
     */
    public boolean heartbeat(JobClaim claim, List<StepCounters> progress, List<String> warnings) {
        return database.read(connection -> Sql.update(
                        connection,
                        "UPDATE rebuild_job SET lease_expires_at = " + now + " + ?, progress_json = ?,"
                                + " warnings_json = ? WHERE id = ? AND lease_token = ? AND state = 'RUNNING'",
                        leaseMillis(),
                        json(progress),
                        json(warnings),
                        claim.jobId(),
                        claim.leaseToken()))
                == 1;
    }

    /**
     * The publish fence of a claimed build: renews the lease, or throws when another worker took the
     * job over, so that a build whose lease was lost never publishes.
     */
    public void confirm(JobClaim claim) {
        boolean held = database.read(connection -> Sql.update(
                        connection,
                        "UPDATE rebuild_job SET lease_expires_at = " + now + " + ?"
                                + " WHERE id = ? AND lease_token = ? AND state = 'RUNNING'",
                        leaseMillis(),
                        claim.jobId(),
                        claim.leaseToken()))
                == 1;
        if (!held) {
            RebuildJob current = find(claim.jobId()).orElseThrow();
            throw new LeaseLostException("job " + claim.jobId() + " of " + claim.boundaryId() + " is no longer "
                    + claim.worker() + "'s: its lease expired and it is " + current.state()
                    + (current.worker() == null ? "" : " on " + current.worker()) + " (attempt "
                    + current.attempts() + "); this build is not published");
        }
    }

    /** Records a published pack; false when the job was no longer this claim's. */
    public boolean succeed(JobClaim claim, long packVersion, List<StepCounters> progress, List<String> warnings) {
        return finish(claim, "SUCCEEDED", packVersion, null, progress, warnings);
    }

    /** Records why the build failed; false when the job was no longer this claim's. */
    public boolean fail(JobClaim claim, String error, List<StepCounters> progress, List<String> warnings) {
        return finish(claim, "FAILED", null, error, progress, warnings);
    }

    private boolean finish(
            JobClaim claim,
            String state,
            Long packVersion,
            String error,
            List<StepCounters> progress,
            List<String> warnings) {
        return database.read(connection -> Sql.update(
                        connection,
                        "UPDATE rebuild_job SET state = ?, finished_at = " + now + ", pack_version = "
                                + (packVersion == null ? "NULL" : packVersion.toString()) + ", error = ?,"
                                + " progress_json = ?, warnings_json = ?, lease_token = NULL,"
                                + " lease_expires_at = NULL WHERE id = ? AND lease_token = ? AND state = 'RUNNING'",
                        state,
                        error,
                        json(progress),
                        json(warnings),
                        claim.jobId(),
                        claim.leaseToken()))
                == 1;
    }

    /**
     * Hands a claimed job back unfinished (its worker is stopping): the next worker takes it at once,
     * and this start does not count against its attempts.
     */
    public void release(JobClaim claim) {
        database.read(connection -> Sql.update(
                connection,
                "UPDATE rebuild_job SET lease_token = NULL, lease_expires_at = 0, attempts = attempts - 1"
                        + " WHERE id = ? AND lease_token = ? AND state = 'RUNNING'",
                claim.jobId(),
                claim.leaseToken()));
    }

    /** Forgets jobs finished more than a month ago. */
    public int pruneFinished() {
        return database.read(connection -> Sql.update(
                connection,
                "DELETE FROM rebuild_job WHERE state IN ('SUCCEEDED', 'FAILED') AND finished_at < " + now + " - ?",
                KEEP_FINISHED.toMillis()));
    }

    private long leaseMillis() {
        return settings.lease().lease().toMillis();
    }

    private static RebuildJob job(ResultSet row) throws SQLException {
        return new RebuildJob(
                row.getString("id"),
                row.getString("boundary_id"),
                row.getString("boundary_version"),
                JobState.valueOf(row.getString("state")),
                row.getInt("requests"),
                row.getInt("attempts"),
                row.getString("worker"),
                instant(row, "queued_at"),
                instant(row, "started_at"),
                instant(row, "finished_at"),
                nullableLong(row, "pack_version"),
                row.getString("error"),
                parse(row.getString("progress_json"), STEPS),
                parse(row.getString("warnings_json"), WARNINGS));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Long millis = nullableLong(row, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored job's JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
