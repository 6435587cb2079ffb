package org.offlinepacks.api.campaigns;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.users.User;

/** The forms of a user's campaign that changed after a point in time, oldest change first. */
public final class FormFeed {
    private final CampaignCatalog campaigns;

    public FormFeed(CampaignCatalog campaigns) {
        this.campaigns = campaigns;
    }

    /**
     * @param since only forms updated strictly after this instant; null for all
     */
    public Forms formsSince(User user, Instant since) {
        List<FormSchema> forms = campaigns.campaign(user.campaignId()).forms().stream()
                .filter(form -> since == null || form.updatedAt().isAfter(since))
                .sorted(Comparator.comparing(FormSchema::updatedAt).thenComparing(FormSchema::id))
                .toList();
        Instant latest = forms.stream()
                .map(FormSchema::updatedAt)
                .max(Comparator.naturalOrder())
                .orElse(since);
        return new Forms(user.campaignId(), since, latest, forms);
    }

    /**
     * @param latest the newest {@code updatedAt} returned (or {@code since}): the next {@code since}
     */
    public record Forms(String campaignId, Instant since, Instant latest, List<FormSchema> forms) {}
}
