package org.offlinepacks.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.offlinepacks.api.upload.EntryCompanion;
import org.offlinepacks.api.upload.EntryResult;
import org.offlinepacks.api.upload.PendingEntry;
import org.offlinepacks.api.upload.SqlEntryStore;
import org.offlinepacks.api.upload.StoredEntry;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboards' totals, in the entries' database and changed in the transaction that stores the
 * entries they count (as an {@link EntryCompanion}), so they are never ahead of or behind the stored
 * entries: an upload that fails or is sent again changes nothing twice. Totals are kept per
 * indicator, boundary (with every ancestor) and day. When a campaign's indicators or boundary
 * parents change, its totals are counted again from the stored entries, by the next upload or read.
 */
public final class IndicatorTotals implements EntryCompanion {
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorTotals.class);
    public static final String MIGRATIONS = "db/dashboards";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows per statement: under both databases' limits on parameters. */
    private static final int ROWS_PER_STATEMENT = 500;

    private final Database database;
    private final Function<String, Campaign> campaigns;

    private IndicatorTotals(Database database, Function<String, Campaign> campaigns) {
        this.database = database;
        this.campaigns = campaigns;
        database.migrate("entries", SqlEntryStore.MIGRATIONS); // it reads the entries: they must exist
        database.migrate("dashboards", MIGRATIONS);
    }

    /** The totals' tables in {@code database}, the entries' one (created or brought up to date). */
    public static IndicatorTotals open(Database database, Function<String, Campaign> campaigns) {
        return new IndicatorTotals(database, campaigns);
    }

    /** One stored total. */
    public record Total(String indicatorId, String boundaryId, String day, long value) {}

    /**
     * The totals of some boundaries of a campaign (every day), counted again first if its indicators
     * or hierarchy changed.
     */
    public List<Total> totals(String campaignId, List<String> boundaryIds) {
        IndicatorCounter counter = new IndicatorCounter(campaigns.apply(campaignId));
        if (counter.isEmpty()) {
            return List.of();
        }
        String stored = database.read(connection -> fingerprint(connection, campaignId));
        if (!counter.fingerprint().equals(stored)) {
            database.transaction(connection -> {
                lock(connection, campaignId);
                if (!counter.fingerprint().equals(fingerprint(connection, campaignId))) {
                    recount(connection, campaignId, counter);
                }
                return null;
            });
        }
        return database.read(connection -> {
            List<Total> totals = new ArrayList<>();
            for (int from = 0; from < boundaryIds.size(); from += ROWS_PER_STATEMENT) {
                List<String> chunk = boundaryIds.subList(from, Math.min(boundaryIds.size(), from + ROWS_PER_STATEMENT));
                List<Object> parameters = new ArrayList<>();
                parameters.add(campaignId);
                parameters.addAll(chunk);
                totals.addAll(Sql.query(
                        connection,
                        "SELECT indicator_id, boundary_id, day, total FROM indicator_total WHERE campaign_id = ?"
                                + " AND boundary_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                                + ")",
                        row -> new Total(row.getString(1), row.getString(2), row.getString(3), row.getLong(4)),
                        parameters.toArray()));
            }
            return totals;
        });
    }

    /**
     * Locks the campaign's state row before the upload writes any entry: uploads of a campaign with
     * indicators take it in the same order (state row, then entries), so two on different nodes
     * that carry the same entries wait for each other instead of deadlocking.
     */
    @Override
    public Session begin(Connection connection, String campaignId) throws SQLException {
        IndicatorCounter counter = new IndicatorCounter(campaigns.apply(campaignId));
        if (counter.isEmpty()) {
            return new Session() {};
        }
        lock(connection, campaignId);
        if (!counter.fingerprint().equals(fingerprint(connection, campaignId))) {
            recount(connection, campaignId, counter);
        }
        return new Counting(connection, campaignId, counter);
    }

    /** The totals an upload changes, with the campaign's state row locked. */
    private static final class Counting implements Session {
        private final Connection connection;
        private final String campaignId;
        private final IndicatorCounter counter;

        Counting(Connection connection, String campaignId, IndicatorCounter counter) {
            this.connection = connection;
            this.campaignId = campaignId;
            this.counter = counter;
        }

        @Override
        public void written(List<PendingEntry> written, List<EntryResult.Outcome> outcomes) throws SQLException {
            List<IndicatorCounter.Contribution> contributions = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                if (outcomes.get(i) == EntryResult.Outcome.ACCEPTED) {
                    StoredEntry entry = written.get(i).stored();
                    contributions.addAll(counter.contributions(
                            entry.formId(),
                            entry.boundaryId(),
                            entry.createdAt(),
                            written.get(i).document().path("data")));
                }
            }
            if (contributions.isEmpty()) {
                return;
            }
            add(connection, campaignId, contributions);
        }
    }

    /**
     * Takes the campaign's state row for this transaction (every change to its totals does first),
     * so totals are changed by one transaction at a time and never counted again under one.
     */
    private static void lock(Connection connection, String campaignId) throws SQLException {
        String touch = "UPDATE indicator_state SET definitions_sha256 = definitions_sha256 WHERE campaign_id = ?";
        if (Sql.update(connection, touch, campaignId) == 0) {
            Sql.update(
                    connection,
                    "INSERT INTO indicator_state (campaign_id, definitions_sha256) VALUES (?, '')"
                            + " ON CONFLICT DO NOTHING",
                    campaignId);
            Sql.update(connection, touch, campaignId);
        }
    }

    private static String fingerprint(Connection connection, String campaignId) throws SQLException {
        return Sql.query(
                        connection,
                        "SELECT definitions_sha256 FROM indicator_state WHERE campaign_id = ?",
                        row -> row.getString(1),
                        campaignId)
                .stream()
                .findFirst()
                .orElse("");
    }

    /** Counts every stored entry of the campaign's indicator forms again, page by page. */
    private static void recount(Connection connection, String campaignId, IndicatorCounter counter)
            throws SQLException {
        long start = System.nanoTime();
        Sql.update(connection, "DELETE FROM indicator_total WHERE campaign_id = ?", campaignId);
        Sql.update(connection, "DELETE FROM indicator_distinct WHERE campaign_id = ?", campaignId);
        List<String> forms = counter.forms();
        String after = "";
        long entries = 0;
        while (true) {
            List<Object> parameters = new ArrayList<>(forms);
            parameters.add(after);
            List<String[]> page = Sql.query(
                    connection,
                    "SELECT client_reference_id, form_id, boundary_id, created_at, entry_json FROM entry"
                            + " WHERE form_id IN (" + String.join(", ", Collections.nCopies(forms.size(), "?"))
                            + ") AND client_reference_id > ? ORDER BY client_reference_id LIMIT "
                            + ROWS_PER_STATEMENT,
                    row -> new String[] {
                        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)
                    },
                    parameters.toArray());
            if (page.isEmpty()) {
                break;
            }
            List<IndicatorCounter.Contribution> contributions = new ArrayList<>();
            for (String[] entry : page) {
                contributions.addAll(counter.contributions(entry[1], entry[2], entry[3], data(entry[4])));
            }
            add(connection, campaignId, contributions);
            entries += page.size();
            after = page.get(page.size() - 1)[0];
        }
        Sql.update(
                connection,
                "UPDATE indicator_state SET definitions_sha256 = ? WHERE campaign_id = ?",
                counter.fingerprint(),
                campaignId);
        LOG.info(
                "counted the indicators of campaign {} again from {} entries (its indicators or boundaries changed)"
                        + " in {} ms",
                campaignId,
                entries,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static JsonNode data(String entryJson) {
        try {
            return JSON.readTree(entryJson).path("data");
        } catch (IOException e) {
            throw new StoreException("a stored entry is not readable: " + e.getMessage(), e);
        }
    }

    /** Adds amounts, and distinct values not seen before, to the totals; rows in a fixed order. */
    private static void add(Connection connection, String campaignId, List<IndicatorCounter.Contribution> contributions)
            throws SQLException {
        Map<List<String>, Long> amounts = new TreeMap<>(IndicatorTotals::compareKeys);
        List<IndicatorCounter.Contribution> distinct = new ArrayList<>();
        for (IndicatorCounter.Contribution contribution : contributions) {
            if (contribution.distinctValue() != null) {
                distinct.add(contribution);
            } else {
                amounts.merge(key(contribution), contribution.amount(), Long::sum);
            }
        }
        for (int from = 0; from < distinct.size(); from += ROWS_PER_STATEMENT) {
            List<IndicatorCounter.Contribution> chunk =
                    distinct.subList(from, Math.min(distinct.size(), from + ROWS_PER_STATEMENT));
            List<Object> parameters = new ArrayList<>();
            for (IndicatorCounter.Contribution c : chunk) {
                parameters.addAll(List.of(campaignId, c.indicatorId(), c.boundaryId(), c.day(), c.distinctValue()));
            }
            for (String[] seen : Sql.query(
                    connection,
                    "INSERT INTO indicator_distinct (campaign_id, indicator_id, boundary_id, day, value_sha256)"
                            + " VALUES " + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)"))
                            + " ON CONFLICT DO NOTHING RETURNING indicator_id, boundary_id, day",
                    row -> new String[] {row.getString(1), row.getString(2), row.getString(3)},
                    parameters.toArray())) {
                amounts.merge(List.of(seen), 1L, Long::sum);
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO indicator_total (campaign_id, indicator_id, boundary_id, day, total)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id, indicator_id, boundary_id, day)"
                        + " DO UPDATE SET total = indicator_total.total + excluded.total")) {
            for (Map.Entry<List<String>, Long> amount : amounts.entrySet()) {
                if (amount.getValue() == 0) {
                    continue;
                }
                upsert.setString(1, campaignId);
                upsert.setString(2, amount.getKey().get(0));
                upsert.setString(3, amount.getKey().get(1));
                upsert.setString(4, amount.getKey().get(2));
                upsert.setLong(5, amount.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static List<String> key(IndicatorCounter.Contribution contribution) {
        return List.of(contribution.indicatorId(), contribution.boundaryId(), contribution.day());
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
