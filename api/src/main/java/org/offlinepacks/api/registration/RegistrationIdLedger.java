package org.offlinepacks.api.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.offlinepacks.api.RuleViolationException;
import org.offlinepacks.api.upload.EntryCompanion;
import org.offlinepacks.api.upload.EntryResult;
import org.offlinepacks.api.upload.FormCatalog;
import org.offlinepacks.api.upload.PendingEntry;
import org.offlinepacks.api.upload.StoredEntry;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.RegistrationIdFormat;
import org.offlinepacks.boundarydata.campaign.RegistrationIdSettings;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.StoreException;

/**
 * Which registration IDs went to whom, and which are used, in the entries' database (the embedded
 * {@code entries.sqlite} or the shared PostgreSQL). IDs are numbers of a campaign, handed out in
 * batches: a batch is claimed by its (user, request id) row first, then takes its numbers from the
 * campaign's counter with a conditional UPDATE that succeeds only from the value it read, so no two
 * requests on any nodes get the same numbers. As an {@link EntryCompanion} it checks, in the upload's
 * transaction, that an entry's ID was dispatched to the entry's creator and is not used by another
 * entry, and marks it used.
 */
public final class RegistrationIdLedger implements EntryCompanion {
    public static final String MIGRATIONS = "db/registration-ids";
    /** Attempts at moving the counter before giving up: only other batches being handed out move it. */
    private static final int COUNTER_ATTEMPTS = 1000;

    private final Database database;
    private final Function<String, Campaign> campaigns;

    private RegistrationIdLedger(Database database, Function<String, Campaign> campaigns) {
        this.database = database;
        this.campaigns = campaigns;
        database.migrate("registration_ids", MIGRATIONS);
    }

    /** The ledger's tables in {@code database}, the entries' one (created or brought up to date). */
    public static RegistrationIdLedger open(Database database, Function<String, Campaign> campaigns) {
        return new RegistrationIdLedger(database, campaigns);
    }

    /**
     * A batch of numbers, from {@code firstNumber}, {@code count} of them.
     *
     * @param reservedNow false when the request had been answered before: the same batch again
     */
    public record Batch(
            String userId, String requestId, long firstNumber, int count, String dispatchedAt, boolean reservedNow) {}

    /** How many IDs a user was given and has used (in stored entries they created). */
    public record Holdings(long dispatched, long used, int batches, String lastBatchAt) {
        public static final Holdings NONE = new Holdings(0, 0, 0, null);

        public long left() {
            return dispatched - used;
        }
    }

    /**
     * The batch for a user's request: reserved now, or the one reserved for the same request id
     * before. Refused when the user holds {@code maxHeld} unused IDs, or the format has no numbers
     * left.
     */
    public Batch reserve(String campaignId, String userId, String requestId, RegistrationIdSettings settings) {
        String now = Instant.now().toString();
        return database.transaction(connection -> {
            boolean claimed = Sql.update(
                            connection,
                            "INSERT INTO registration_batch (campaign_id, user_id, request_id, first_number, id_count,"
                                    + " dispatched_at) VALUES (?, ?, ?, 0, 0, ?) ON CONFLICT DO NOTHING",
                            campaignId,
                            userId,
                            requestId,
                            now)
                    == 1;
            if (!claimed) { // answered before (or just now on another node, which has committed)
                return batch(connection, campaignId, userId, requestId)
                        .orElseThrow(() -> new StoreException("the batch of request " + requestId + " vanished", null));
            }
            // the counter's row stays locked until this commits, so the user's holdings read after it
            // include every batch committed before: two requests at once cannot both pass maxHeld
            long[] numbers = takeNumbers(connection, campaignId, settings);
            Holdings held = holdings(connection, campaignId, userId);
            if (held.left() + numbers[1] > settings.maxHeld()) {
                throw new RuleViolationException(
                        RuleViolationException.Kind.CONFLICT,
                        "too-many-registration-ids-held",
                        userId + " holds " + held.left() + " unused registration IDs; another batch of "
                                + settings.batchSize() + " would be more than the campaign's maxHeld ("
                                + settings.maxHeld() + "). Use the IDs held and upload the entries first");
            }
            Sql.update(
                    connection,
                    "UPDATE registration_batch SET first_number = ?, id_count = ? WHERE campaign_id = ? AND user_id = ?"
                            + " AND request_id = ?",
                    numbers[0],
                    (int) numbers[1],
                    campaignId,
                    userId,
                    requestId);
            return new Batch(userId, requestId, numbers[0], (int) numbers[1], now, true);
        });
    }

    /** Moves the campaign's counter past a batch: {first number, count}. */
    private static long[] takeNumbers(Connection connection, String campaignId, RegistrationIdSettings settings)
            throws SQLException {
        Sql.update(
                connection,
                "INSERT INTO registration_counter (campaign_id, next_number) VALUES (?, 1) ON CONFLICT DO NOTHING",
                campaignId);
        long capacity = settings.format().capacity();
        for (int attempt = 0; attempt < COUNTER_ATTEMPTS; attempt++) {
            long next = Sql.query(
                            connection,
                            "SELECT next_number FROM registration_counter WHERE campaign_id = ?",
                            row -> row.getLong(1),
                            campaignId)
                    .get(0);
            if (next > capacity) {
                throw new RuleViolationException(
                        RuleViolationException.Kind.CONFLICT,
                        "registration-ids-exhausted",
                        "campaign " + campaignId + " has handed out all " + capacity + " registration IDs of "
                                + settings.digits() + " digits; a planner gives campaign.json's registrationIds more"
                                + " digits");
            }
            long count = Math.min(settings.batchSize(), capacity - next + 1);
            if (Sql.update(
                            connection,
                            "UPDATE registration_counter SET next_number = ? WHERE campaign_id = ? AND next_number = ?",
                            next + count,
                            campaignId,
                            next)
                    == 1) {
                return new long[] {next, count};
            }
        }
        throw new StoreException(
                "the registration-ID counter of " + campaignId + " moved " + COUNTER_ATTEMPTS + " times under this"
                        + " request; ask again",
                null);
    }

    private static Optional<Batch> batch(Connection connection, String campaignId, String userId, String requestId)
            throws SQLException {
        return Sql.query(
                        connection,
                        "SELECT first_number, id_count, dispatched_at FROM registration_batch WHERE campaign_id = ?"
                                + " AND user_id = ? AND request_id = ?",
                        row -> new Batch(userId, requestId, row.getLong(1), row.getInt(2), row.getString(3), false),
                        campaignId,
                        userId,
                        requestId)
                .stream()
                .findFirst();
    }

    /** What one user was given and used. */
    public Holdings holdings(String campaignId, String userId) {
        return database.read(connection -> holdings(connection, campaignId, userId));
    }

    private static Holdings holdings(Connection connection, String campaignId, String userId) throws SQLException {
        return holdingsByUser(connection, campaignId, userId).getOrDefault(userId, Holdings.NONE);
    }

    /** What every user of a campaign with a batch was given and used. */
    public Map<String, Holdings> holdingsByUser(String campaignId) {
        return database.read(connection -> holdingsByUser(connection, campaignId, null));
    }

    private static Map<String, Holdings> holdingsByUser(Connection connection, String campaignId, String onlyUser)
            throws SQLException {
        String user = onlyUser == null ? "" : " AND user_id = ?";
        Object[] parameters = onlyUser == null ? new Object[] {campaignId} : new Object[] {campaignId, onlyUser};
        Map<String, Holdings> holdings = new TreeMap<>();
        for (Object[] row : Sql.query(
                connection,
                "SELECT user_id, SUM(id_count), COUNT(*), MAX(dispatched_at) FROM registration_batch"
                        + " WHERE campaign_id = ? AND id_count > 0" + user + " GROUP BY user_id",
                r -> new Object[] {r.getString(1), r.getLong(2), r.getInt(3), r.getString(4)},
                parameters)) {
            holdings.put((String) row[0], new Holdings((long) row[1], 0, (int) row[2], (String) row[3]));
        }
        for (Object[] row : Sql.query(
                connection,
                "SELECT user_id, COUNT(*) FROM registration_use WHERE campaign_id = ?" + user + " GROUP BY user_id",
                r -> new Object[] {r.getString(1), r.getLong(2)},
                parameters)) {
            Holdings given = holdings.getOrDefault((String) row[0], Holdings.NONE);
            holdings.put(
                    (String) row[0],
                    new Holdings(given.dispatched(), (long) row[1], given.batches(), given.lastBatchAt()));
        }
        return holdings;
    }

    @Override
    public Session begin(Connection connection, String campaignId) {
        Campaign campaign = campaigns.apply(campaignId);
        FormCatalog forms = FormCatalog.of(campaign);
        Optional<RegistrationIdFormat> format = forms.registrationIds();
        return format.isEmpty() ? new Session() {} : new Uses(connection, campaignId, forms, format.get());
    }

    /** The registration IDs an upload's entries use. */
    private static final class Uses implements Session {
        private final Connection connection;
        private final String campaignId;
        private final FormCatalog forms;
        private final RegistrationIdFormat format;
        /** Numbers this upload claimed, by the entry that claimed them, until the entry is known stored. */
        private final Map<String, Long> claimedNow = new HashMap<>();

        Uses(Connection connection, String campaignId, FormCatalog forms, RegistrationIdFormat format) {
            this.connection = connection;
            this.campaignId = campaignId;
            this.forms = forms;
            this.format = format;
        }

        @Override
        public Map<Integer, Refusal> refuse(List<PendingEntry> batch) throws SQLException {
            Map<Integer, Long> numbers = new LinkedHashMap<>();
            Map<Integer, String> ids = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                StoredEntry entry = batch.get(i).stored();
                Optional<String> field = forms.registrationIdField(entry.formId(), entry.formVersion());
                JsonNode answer = field.isEmpty()
                        ? null
                        : batch.get(i).document().path("data").get(field.get());
                if (answer != null && answer.isTextual()) { // its format was checked with the entry
                    numbers.put(i, format.parse(answer.asText()).number());
                    ids.put(i, answer.asText());
                }
            }
            if (numbers.isEmpty()) {
                return Map.of();
            }
            Map<Integer, Refusal> refused = new HashMap<>();
            refuseUndispatched(batch, numbers, ids, refused);
            // per number (claimed in number order: uploads at once wait rather than deadlock), the
            // batch's entries that give it, in order
            Map<Long, List<Integer>> uses = new TreeMap<>();
            numbers.forEach((index, number) -> {
                if (!refused.containsKey(index)) {
                    uses.computeIfAbsent(number, n -> new ArrayList<>()).add(index);
                }
            });
            // an entry already using a number keeps it (sent again, it is a duplicate); otherwise the
            // batch's first entry with the number claims it
            Map<Long, String> holders = usedBy(List.copyOf(uses.keySet()));
            Map<Long, PendingEntry> candidates = new LinkedHashMap<>();
            uses.forEach((number, indexes) -> {
                String holder = holders.get(number);
                if (holder == null) {
                    candidates.put(number, batch.get(indexes.get(0)));
                    holder = entryId(batch, indexes.get(0));
                }
                for (int index : indexes) {
                    if (!entryId(batch, index).equals(holder)) {
                        refused.put(index, used(ids.get(index), holder));
                    }
                }
            });
            Set<Long> claimed = claim(candidates);
            // a number another upload claimed since it was read (on another node) is theirs
            Map<Long, String> lateHolders = usedBy(candidates.keySet().stream()
                    .filter(n -> !claimed.contains(n))
                    .toList());
            for (Map.Entry<Long, PendingEntry> candidate : candidates.entrySet()) {
                String entryId = candidate.getValue().stored().clientReferenceId();
                if (claimed.contains(candidate.getKey())) {
                    claimedNow.put(entryId, candidate.getKey());
                } else if (!entryId.equals(lateHolders.get(candidate.getKey()))) {
                    int index = uses.get(candidate.getKey()).get(0);
                    refused.put(index, used(ids.get(index), lateHolders.get(candidate.getKey())));
                }
            }
            return refused;
        }

        /** An ID must be in a batch dispatched to the entry's creator. */
        private void refuseUndispatched(
                List<PendingEntry> batch,
                Map<Integer, Long> numbers,
                Map<Integer, String> ids,
                Map<Integer, Refusal> refused)
                throws SQLException {
            Set<String> creators = new HashSet<>();
            numbers.keySet().forEach(i -> creators.add(batch.get(i).stored().createdBy()));
            Map<String, List<long[]>> ranges = new HashMap<>();
            List<Object> parameters = new ArrayList<>();
            parameters.add(campaignId);
            parameters.addAll(creators);
            for (Object[] row : Sql.query(
                    connection,
                    "SELECT user_id, first_number, id_count FROM registration_batch WHERE campaign_id = ?"
                            + " AND id_count > 0 AND user_id IN (" + marks(creators.size()) + ")",
                    r -> new Object[] {r.getString(1), r.getLong(2), r.getLong(3)},
                    parameters.toArray())) {
                ranges.computeIfAbsent((String) row[0], u -> new ArrayList<>())
                        .add(new long[] {(long) row[1], (long) row[2]});
            }
            numbers.forEach((index, number) -> {
                String creator = batch.get(index).stored().createdBy();
                boolean dispatched = ranges.getOrDefault(creator, List.of()).stream()
                        .anyMatch(range -> number >= range[0] && number < range[0] + range[1]);
                if (!dispatched) {
                    refused.put(
                            index,
                            new Refusal(
                                    "registration-id-not-dispatched",
                                    "registration ID " + ids.get(index) + " was not dispatched to " + creator
                                            + ", who created the entry; use an ID from a batch their device"
                                            + " received"));
                }
            });
        }

        /** Marks the numbers used by these entries; returns those that were free. */
        private Set<Long> claim(Map<Long, PendingEntry> candidates) throws SQLException {
            Set<Long> claimed = new HashSet<>();
            if (candidates.isEmpty()) {
                return claimed;
            }
            List<Object> parameters = new ArrayList<>();
            candidates.forEach((number, entry) -> {
                parameters.add(campaignId);
                parameters.add(number);
                parameters.add(entry.stored().createdBy());
                parameters.add(entry.stored().clientReferenceId());
            });
            claimed.addAll(Sql.query(
                    connection,
                    "INSERT INTO registration_use (campaign_id, id_number, user_id, client_reference_id) VALUES "
                            + String.join(", ", Collections.nCopies(candidates.size(), "(?, ?, ?, ?)"))
                            + " ON CONFLICT (campaign_id, id_number) DO NOTHING RETURNING id_number",
                    row -> row.getLong(1),
                    parameters.toArray()));
            return claimed;
        }

        private Map<Long, String> usedBy(List<Long> numbers) throws SQLException {
            Map<Long, String> users = new HashMap<>();
            if (numbers.isEmpty()) {
                return users;
            }
            List<Object> parameters = new ArrayList<>();
            parameters.add(campaignId);
            parameters.addAll(numbers);
            for (Object[] row : Sql.query(
                    connection,
                    "SELECT id_number, client_reference_id FROM registration_use WHERE campaign_id = ?"
                            + " AND id_number IN (" + marks(numbers.size()) + ")",
                    r -> new Object[] {r.getLong(1), r.getString(2)},
                    parameters.toArray())) {
                users.put((long) row[0], (String) row[1]);
            }
            return users;
        }

        /** A number claimed for an entry that was not stored now (a conflict, a duplicate) is free again. */
        @Override
        public void written(List<PendingEntry> written, List<EntryResult.Outcome> outcomes) throws SQLException {
            for (int i = 0; i < written.size(); i++) {
                String entryId = written.get(i).stored().clientReferenceId();
                Long number = claimedNow.remove(entryId);
                if (number != null && outcomes.get(i) != EntryResult.Outcome.ACCEPTED) {
                    Sql.update(
                            connection,
                            "DELETE FROM registration_use WHERE campaign_id = ? AND id_number = ?"
                                    + " AND client_reference_id = ?",
                            campaignId,
                            number,
                            entryId);
                }
            }
            for (Map.Entry<String, Long> refusedByAnother : claimedNow.entrySet()) {
                Sql.update(
                        connection,
                        "DELETE FROM registration_use WHERE campaign_id = ? AND id_number = ? AND client_reference_id = ?",
                        campaignId,
                        refusedByAnother.getValue(),
                        refusedByAnother.getKey());
            }
            claimedNow.clear();
        }

        private static String entryId(List<PendingEntry> batch, int index) {
            return batch.get(index).stored().clientReferenceId();
        }

        private static Refusal used(String id, String otherEntry) {
            return new Refusal(
                    "registration-id-used",
                    "registration ID " + id + " is already used by entry " + otherEntry
                            + "; each ID registers one person or household");
        }

        private static String marks(int count) {
            return String.join(", ", Collections.nCopies(count, "?"));
        }
    }
}
