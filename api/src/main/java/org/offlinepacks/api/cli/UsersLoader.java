package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.users.SqlUserStore;
import org.offlinepacks.boundarydata.users.UserAccount;
import org.offlinepacks.boundarydata.users.UserStore;
import org.offlinepacks.boundarydata.users.UsersReader;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** Reads users.json of a campaign folder and stores its users (token hashes only) in the data folder. */
final class UsersLoader {
    private UsersLoader() {}

    static List<UserAccount> load(Campaign campaign, Databases databases, PrintWriter messages) {
        ValidationReport report = new ValidationReport();
        Set<String> boundaryIds =
                campaign.boundaries().stream().map(Boundary::id).collect(Collectors.toSet());
        List<UserAccount> accounts =
                UsersReader.read(campaign.folder(), campaign.settings().id(), boundaryIds, report);
        if (report.hasErrors()) {
            throw new InvalidInputException("users " + campaign.folder().resolve(UsersReader.FILE), report);
        }
        if (!report.issues().isEmpty()) {
            messages.println(UsersReader.FILE + ": " + report.format());
        }
        try (UserStore users = SqlUserStore.open(databases.campaign())) {
            users.replaceUsers(campaign.settings().id(), accounts);
        }
        return accounts;
    }
}
