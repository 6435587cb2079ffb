package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.signing.SigningKey;
import org.offlinepacks.api.signing.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the campaigns' manifest signing keys of a data folder (the current one and those rotated out),"
                    + " writes the current public key as PEM for openssl and verify --key, or rotates it.",
            "A rotated key stays listed: devices keep verifying the packs it signed; new builds sign with the new key."
        })
final class KeysCommand implements Callable<Integer>, DataFolderCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The data folder (its packs.sqlite).")
    Path dataDir;

    @Option(
            names = "--campaign",
            paramLabel = "ID",
            description = "The campaign (needed when the data folder holds several, or none has a key yet).")
    String campaignId;

    @Option(names = "--rotate", description = "Makes a new signing key current for the campaign.")
    boolean rotate;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Writes the campaign's current signing public key there (SubjectPublicKeyInfo PEM).")
    Path out;

    @Override
    public Path dataFolder() {
        return dataDir;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter print = spec.commandLine().getOut();
        try (PackRepository repository = new PackRepository(dataDir)) {
            SigningKeys keys = repository.signingKeys();
            String campaign = campaign(keys);
            if (rotate) {
                SigningKey key = keys.rotate(campaign);
                print.println("rotated: " + key.keyId() + " signs the packs of " + campaign + " built from now on");
            }
            SigningKey current = keys.current(campaign);
            for (SigningKey key : keys.keys(campaign)) {
                print.println(key.keyId() + "  " + key.algorithm() + "  " + campaign + "  created " + key.createdAt()
                        + (key.current() ? "  current" : "  retired " + key.retiredAt()));
            }
            if (out != null) {
                Path parent = out.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(out, current.publicKeyPem());
                print.println("wrote " + out + " (key " + current.keyId() + ")");
            }
        }
        return 0;
    }

    private String campaign(SigningKeys keys) {
        if (campaignId != null) {
            return campaignId;
        }
        List<String> campaigns = keys.campaigns();
        if (campaigns.size() == 1) {
            return campaigns.get(0);
        }
        throw new IllegalArgumentException(
                campaigns.isEmpty()
                        ? dataDir + " has no signing key yet (keys are made by the first build): give --campaign ID"
                        : dataDir + " has keys of several campaigns " + campaigns + ": give --campaign ID");
    }
}
