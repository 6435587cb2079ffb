package org.offlinepacks.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.api.analytics.Analytics;
import org.offlinepacks.api.analytics.AnalyticsStore;
import org.offlinepacks.api.attachment.AttachmentLedger;
import org.offlinepacks.api.attachment.Attachments;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.dashboard.Dashboards;
import org.offlinepacks.api.dashboard.IndicatorTotals;
import org.offlinepacks.api.registration.RegistrationIdLedger;
import org.offlinepacks.api.registration.RegistrationIds;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.users.UserStore;

/**
 * The entry upload channel and the campaign data that comes with entries, wired on one database
 * (the entries'): registration IDs, dashboard totals and the attachments entries list are changed
 * in the transaction that stores the entries; analytics events and attachment files arrive through
 * the upload channel's files.
 */
final class CampaignDataRoutes {
    private final UploadRoutes uploads;
    private final RegistrationIds registrationIds;
    private final Dashboards dashboards;
    private final Attachments attachments;
    private final Analytics analytics;
    private final UserStore users;

    private CampaignDataRoutes(
            UploadRoutes uploads,
            RegistrationIds registrationIds,
            Dashboards dashboards,
            Attachments attachments,
            Analytics analytics,
            UserStore users) {
        this.uploads = uploads;
        this.registrationIds = registrationIds;
        this.dashboards = dashboards;
        this.attachments = attachments;
        this.analytics = analytics;
        this.users = users;
    }

    static CampaignDataRoutes open(
            Path dataDir, Database entries, ObjectStore objects, CampaignCatalog campaigns, UserStore users) {
        RegistrationIdLedger registrations = RegistrationIdLedger.open(entries, campaigns::campaign);
        IndicatorTotals totals = IndicatorTotals.open(entries, campaigns::campaign);
        AttachmentLedger attachmentLedger = AttachmentLedger.open(entries);
        UploadRoutes uploads = UploadRoutes.open(
                dataDir,
                entries,
                objects,
                UploadLimits.defaults(),
                campaigns,
                List.of(registrations, totals, attachmentLedger));
        try {
            return new CampaignDataRoutes(
                    uploads,
                    new RegistrationIds(registrations, campaigns),
                    new Dashboards(totals, campaigns),
                    new Attachments(
                            attachmentLedger,
                            objects,
                            uploads.service(),
                            campaigns,
                            dataDir.resolve("uploads").resolve("attachments-work")),
                    new Analytics(AnalyticsStore.open(entries), uploads.service(), campaigns),
                    users);
        } catch (IOException e) {
            uploads.close();
            throw new UncheckedIOException("cannot open the attachment folders in " + dataDir, e);
        }
    }

    UploadRoutes uploads() {
        return uploads;
    }

    RegistrationIds registrationIds() {
        return registrationIds;
    }

    Dashboards dashboards() {
        return dashboards;
    }

    /** The route groups: uploads first (they close the upload service). */
    List<ApiRoutes> routes() {
        return List.of(
                uploads,
                new RegistrationIdRoutes(registrationIds, users),
                new DashboardRoutes(dashboards),
                new AttachmentRoutes(attachments),
                new AnalyticsRoutes(analytics));
    }
}
