package org.offlinepacks.api.http;

import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.api.analytics.Analytics;
import org.offlinepacks.api.analytics.AnalyticsStore;
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
 * (the entries'): the uses of registration IDs and the dashboards' totals are changed in the
 * transaction that stores the entries; analytics events arrive through the upload channel's files.
 */
final class CampaignDataRoutes {
    private final UploadRoutes uploads;
    private final RegistrationIds registrationIds;
    private final Dashboards dashboards;
    private final Analytics analytics;
    private final UserStore users;

    private CampaignDataRoutes(
            UploadRoutes uploads,
            RegistrationIds registrationIds,
            Dashboards dashboards,
            Analytics analytics,
            UserStore users) {
        this.uploads = uploads;
        this.registrationIds = registrationIds;
        this.dashboards = dashboards;
        this.analytics = analytics;
        this.users = users;
    }

    static CampaignDataRoutes open(
            Path dataDir, Database entries, ObjectStore objects, CampaignCatalog campaigns, UserStore users) {
        RegistrationIdLedger registrations = RegistrationIdLedger.open(entries, campaigns::campaign);
        IndicatorTotals totals = IndicatorTotals.open(entries, campaigns::campaign);
        UploadRoutes uploads = UploadRoutes.open(
                dataDir, entries, objects, UploadLimits.defaults(), campaigns, List.of(registrations, totals));
        return new CampaignDataRoutes(
                uploads,
                new RegistrationIds(registrations, campaigns),
                new Dashboards(totals, campaigns),
                new Analytics(AnalyticsStore.open(entries), uploads.service(), campaigns),
                users);
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
                new AnalyticsRoutes(analytics));
    }
}
