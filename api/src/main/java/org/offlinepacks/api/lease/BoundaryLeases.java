package org.offlinepacks.api.lease;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build lock of each boundary, as a lease in the database every node shares: one build of a
 * boundary at a time, whether a worker's or the command line's. The holder renews its lease every
 * heartbeat while it builds; a holder that was killed stops renewing, and once the lease has
 * expired the next build takes it over. A build asks {@link Lease#check()} right before it
 * publishes, so a build whose lease was taken over never publishes.
 */
public final class BoundaryLeases {
    public static final String MIGRATIONS = "db/leases";
    private static final Logger LOG = LoggerFactory.getLogger(BoundaryLeases.class);
    private static final long MAX_RETRY_MILLIS = 1000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Database database;
    private final LeaseTerms terms;
    private final String holder;
    private final String now;
    private final ScheduledThreadPoolExecutor renewals;

    private BoundaryLeases(Database database, LeaseTerms terms, String holder) {
        this.database = database;
        this.terms = terms;
        this.holder = holder;
        this.now = DatabaseClock.nowMillis(database.dialect());
        database.migrate("leases", MIGRATIONS);
        // a daemon thread that ends when no lease is held, so nothing needs closing
        this.renewals = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "build-lease-renewal-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        renewals.setKeepAliveTime(10, TimeUnit.SECONDS);
        renewals.allowCoreThreadTimeOut(true);
        renewals.setRemoveOnCancelPolicy(true);
    }

    /**
     * The build leases in {@code database} (its table created if missing); the caller closes the
     * database.
     *
     * @param holder names this process in the table and in the messages of builds that wait
     */
    public static BoundaryLeases open(Database database, LeaseTerms terms, String holder) {
        return new BoundaryLeases(database, terms, holder);
    }

    public LeaseTerms terms() {
        return terms;
    }

    /** Takes the boundary's build lease, waiting while another live build holds it. */
    public Lease acquire(String boundaryId) throws InterruptedIOException {
        String token = UUID.randomUUID().toString();
        boolean announced = false;
        while (!tryAcquire(boundaryId, token)) {
            if (!announced) {
                LOG.info("the build of {} waits: {} is building it", boundaryId, holderOf(boundaryId));
                announced = true;
            }
            try {
                Thread.sleep(Math.min(MAX_RETRY_MILLIS, terms.heartbeat().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the build lease on " + boundaryId);
            }
        }
        return new Lease(boundaryId, token);
    }

    private boolean tryAcquire(String boundaryId, String token) {
        return database.read(connection -> Sql.update(
                        connection,
                        "INSERT INTO build_lease (boundary_id, holder, token, expires_at) VALUES (?, ?, ?, " + now
                                + " + ?) ON CONFLICT (boundary_id) DO UPDATE SET holder = excluded.holder,"
                                + " token = excluded.token, expires_at = excluded.expires_at"
                                + " WHERE build_lease.expires_at < " + now,
                        boundaryId,
                        holder,
                        token,
                        terms.lease().toMillis()))
                == 1;
    }

    private boolean renew(String boundaryId, String token) {
        return database.read(connection -> Sql.update(
                        connection,
                        "UPDATE build_lease SET expires_at = " + now + " + ? WHERE boundary_id = ? AND token = ?",
                        terms.lease().toMillis(),
                        boundaryId,
                        token))
                == 1;
    }

    private String holderOf(String boundaryId) {
        List<String> holders = database.read(connection -> Sql.query(
                connection,
                "SELECT holder, expires_at - " + now + " FROM build_lease WHERE boundary_id = ?",
                row -> row.getString(1) + " (lease " + (row.getLong(2) < 0 ? "expired" : row.getLong(2) + " ms left")
                        + ")",
                boundaryId));
        return holders.isEmpty() ? "nobody" : holders.get(0);
    }

    /** A build lease held by this process, renewed every heartbeat until closed. */
    public final class Lease implements AutoCloseable {
        private final String boundaryId;
        private final String token;
        private final ScheduledFuture<?> renewal;
        private volatile boolean lost;
        private volatile boolean closed;

        private Lease(String boundaryId, String token) {
            this.boundaryId = boundaryId;
            this.token = token;
            long every = terms.heartbeat().toMillis();
            this.renewal = renewals.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        }

        private void renewQuietly() {
            try {
                if (!lost && !renew(boundaryId, token) && !closed) {
                    lost = true;
                    LOG.warn(
                            "the build lease on {} was taken over by {}; this build will not publish",
                            boundaryId,
                            holderOf(boundaryId));
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "cannot renew the build lease on {}; trying again in {} ms",
                        boundaryId,
                        terms.heartbeat().toMillis(),
                        e);
            }
        }

        /** Renews the lease, or throws when another build has taken it over. */
        public void check() {
            if (lost || !renew(boundaryId, token)) {
                lost = true;
                throw new LeaseLostException("the build lease on boundary " + boundaryId + " was taken over by "
                        + holderOf(boundaryId) + " after this build (" + holder
                        + ") stopped renewing it; this build is not published");
            }
        }

        /** Gives the lease back: the next build of the boundary need not wait for it to expire. */
        @Override
        public void close() {
            closed = true;
            renewal.cancel(false);
            try {
                database.read(connection -> Sql.update(
                        connection, "DELETE FROM build_lease WHERE boundary_id = ? AND token = ?", boundaryId, token));
            } catch (RuntimeException e) {
                LOG.warn(
                        "cannot give back the build lease on {}; it expires within {} ms",
                        boundaryId,
                        terms.lease().toMillis(),
                        e);
            }
        }
    }
}
