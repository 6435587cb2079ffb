package org.offlinepacks.api.cli;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.dashboard.Dashboards;
import org.offlinepacks.api.dashboard.IndicatorTotals;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.api.keys.CampaignKeys;
import org.offlinepacks.api.registration.RegistrationIdLedger;
import org.offlinepacks.api.registration.RegistrationIds;
import org.offlinepacks.api.sealing.UploadKeys;
import org.offlinepacks.api.sync.SeededFolder;
import org.offlinepacks.api.sync.Seeder;
import org.offlinepacks.api.sync.SyncIndexer;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.users.SqlUserStore;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        description = {
            "Writes what a device should hold onto a folder (its storage, a USB stick), from a data folder and"
                    + " without a server: the packs of a user's sync index with the index and its ETag (the device's"
                    + " first online sync is then a 304), or the packs of given boundaries.",
            "Verifies everything it wrote; refuses a target without room, saying how much is needed."
        })
final class SeedCommand implements Callable<Integer>, DataFolderCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The data folder the packs are in.")
    Path dataDir;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--user", paramLabel = "ID", description = "Everything this user's device holds.")
        String userId;

        @Option(
                names = "--boundary",
                paramLabel = "ID",
                arity = "1..*",
                description = "The current packs of these boundaries (no sync index).")
        List<String> boundaryIds;
    }

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The device folder to write.")
    Path out;

    @Override
    public Path dataFolder() {
        return dataDir;
    }

    @Override
    public Integer call() throws Exception {
        Seeder.Seeded seeded;
        List<PublicKey> trusted;
        try (Databases databases = Databases.embedded(dataDir);
                PackRepository repository = new PackRepository(dataDir)) {
            CampaignCatalog campaigns = new CampaignCatalog(SqlCampaignStore.open(databases.campaign()));
            CampaignKeys keys = new CampaignKeys(repository.signingKeys(), new UploadKeys(databases.campaign()));
            RegistrationIds registrationIds =
                    new RegistrationIds(RegistrationIdLedger.open(databases.entries(), campaigns::campaign), campaigns);
            Dashboards dashboards =
                    new Dashboards(IndicatorTotals.open(databases.entries(), campaigns::campaign), campaigns);
            Seeder seeder = new Seeder(
                    new SyncIndexer(
                            campaigns,
                            new PackDownloads(repository, campaigns),
                            keys,
                            registrationIds::indexSection,
                            dashboards::indexSection),
                    repository,
                    user -> {
                        Dashboards.Rendered rendered = dashboards.render(user);
                        return rendered == null ? null : rendered.json();
                    });
            trusted = seeder.trustedKeys();
            if (selection.userId != null) {
                UserAccount account = SqlUserStore.open(databases.campaign())
                        .account(selection.userId)
                        .filter(a -> !a.disabled())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "no user " + selection.userId + " in " + dataDir + " (or the user is disabled)"));
                User user = account.user();
                seeded = seeder.seedUser(user, out);
            } else {
                seeded = seeder.seedBoundaries(selection.boundaryIds, out);
            }
        }
        List<String> problems = SeededFolder.verify(out, new PackVerifier(PartCatalog.verifiers(), trusted));
        if (!problems.isEmpty()) {
            spec.commandLine().getOut().println("FAILED " + out);
            problems.forEach(p -> spec.commandLine().getOut().println("  " + p));
            return 1;
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "seeded %d pack(s) (%s), %.1f MB, verified, into %s%s%n",
                        seeded.boundaries().size(),
                        String.join(", ", seeded.boundaries()),
                        seeded.bytes() / 1e6,
                        out,
                        seeded.etag() == null ? "" : "; sync index tag " + seeded.etag());
        return 0;
    }
}
