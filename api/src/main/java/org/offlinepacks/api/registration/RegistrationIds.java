package org.offlinepacks.api.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.campaign.RegistrationIdFormat;
import org.offlinepacks.boundarydata.campaign.RegistrationIdSettings;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;

/**
 * Registration IDs as users see them, without HTTP: a device's batch for a request, what its sync
 * index says about the user's IDs, and for planners what each user was given, used and has left.
 */
public final class RegistrationIds {
    public static final String BATCHES_HREF = "/v1/registration-ids/batches";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final RegistrationIdLedger ledger;
    private final CampaignCatalog campaigns;

    public RegistrationIds(RegistrationIdLedger ledger, CampaignCatalog campaigns) {
        this.ledger = ledger;
        this.campaigns = campaigns;
    }

    /**
     * A batch as a device receives it: every ID written out with its check digit.
     *
     * @param reservedNow false when this answers a request made before
     */
    public record Batch(
            String requestId, String userId, String dispatchedAt, int count, List<String> ids, boolean reservedNow) {}

    /**
     * What a user's sync index says about their registration IDs: the format (to check an ID typed by
     * hand), when to ask for more, and the service's count of what the user holds.
     *
     * @param left dispatched and not used in any stored entry (IDs used on the device but not yet
     *     uploaded count as left here)
     */
    public record IndexSection(
            String href,
            String prefix,
            int digits,
            String check,
            String example,
            int batchSize,
            int refillBelow,
            long dispatched,
            long used,
            long left) {}

    /** One user's IDs, for planners. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserIds(
            String userId, String role, long dispatched, long used, long left, int batches, String lastBatchAt) {}

    /** The batch for the user's request id: reserved now, or the same one again for a retried request. */
    public Batch batch(User user, String requestId) {
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("\"requestId\" must be 1 to 64 letters, digits, '.', '_' or '-' (a UUID"
                    + " made on the device, sent again when the answer was lost), found " + requestId);
        }
        RegistrationIdSettings settings = settings(user);
        RegistrationIdLedger.Batch batch = ledger.reserve(user.campaignId(), user.id(), requestId, settings);
        RegistrationIdFormat format = settings.format();
        List<String> ids = new ArrayList<>(batch.count());
        for (long number = batch.firstNumber(); number < batch.firstNumber() + batch.count(); number++) {
            ids.add(format.format(number));
        }
        return new Batch(requestId, user.id(), batch.dispatchedAt(), batch.count(), ids, batch.reservedNow());
    }

    /** The index's {@code registrationIds}, or null when the user's campaign has none. */
    public IndexSection indexSection(User user) {
        RegistrationIdSettings settings = campaigns
                .campaign(user.campaignId())
                .settings()
                .registrationIdSettings()
                .orElse(null);
        if (settings == null) {
            return null;
        }
        RegistrationIdLedger.Holdings held = ledger.holdings(user.campaignId(), user.id());
        return new IndexSection(
                BATCHES_HREF,
                settings.prefix(),
                settings.digits(),
                settings.check(),
                settings.format().format(1),
                settings.batchSize(),
                settings.refillBelow(),
                held.dispatched(),
                held.used(),
                held.left());
    }

    /**
     * Per user of the planner's area (a user with a boundary in it; an admin sees every user):
     * dispatched, used, left.
     */
    public List<UserIds> byUser(User planner, List<UserAccount> accounts) {
        if (!planner.role().plans()) {
            throw new AccessDeniedException("only planners and admins see the registration IDs of users");
        }
        settings(planner);
        AccessPolicy policy = campaigns.policy(planner.campaignId());
        Map<String, RegistrationIdLedger.Holdings> holdings = ledger.holdingsByUser(planner.campaignId());
        List<UserIds> users = new ArrayList<>();
        for (UserAccount account : accounts) {
            User user = account.user();
            boolean inArea = planner.role() == Role.ADMIN
                    || user.boundaryIds().stream().anyMatch(b -> policy.mayRead(planner, b));
            if (!inArea) {
                continue;
            }
            RegistrationIdLedger.Holdings held = holdings.getOrDefault(user.id(), RegistrationIdLedger.Holdings.NONE);
            users.add(new UserIds(
                    user.id(),
                    user.role().name().toLowerCase(java.util.Locale.ROOT),
                    held.dispatched(),
                    held.used(),
                    held.left(),
                    held.batches(),
                    held.lastBatchAt()));
        }
        return users;
    }

    private RegistrationIdSettings settings(User user) {
        return campaigns
                .campaign(user.campaignId())
                .settings()
                .registrationIdSettings()
                .orElseThrow(() -> new NotFoundException("campaign " + user.campaignId()
                        + " declares no registration IDs (campaign.json's \"registrationIds\")"));
    }
}
