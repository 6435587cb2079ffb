package org.offlinepacks.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.offlinepacks.api.sealing.SealedEntries;
import org.offlinepacks.api.signing.Ed25519;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The device side of sealed relay files, as a reference for device teams. */
@Command(
        name = "seal",
        mixinStandardHelpOptions = true,
        description = {
            "Seals an entry file as a device does before handing it to a supervisor or a laptop: signed by the"
                    + " device's own Ed25519 key and encrypted to the campaign's upload key, so that whoever"
                    + " carries it can neither read nor change it. Upload the result to POST /v1/uploads/sealed.",
        })
final class SealCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--entries", paramLabel = "FILE", required = true, description = "The entries, NDJSON.")
    Path entries;

    @Option(
            names = "--device-key",
            paramLabel = "FILE",
            required = true,
            description = "The device's private key, PKCS#8 PEM (openssl genpkey -algorithm ed25519 writes one);"
                    + " its public half is the one the device enrolled with at sign-in.")
    Path deviceKey;

    @Option(names = "--device-id", paramLabel = "ID", required = true, description = "The deviceId of the sign-in.")
    String deviceId;

    @Option(names = "--user", paramLabel = "ID", required = true, description = "The device's user.")
    String userId;

    @Option(names = "--campaign", paramLabel = "ID", required = true, description = "The user's campaign.")
    String campaignId;

    @Option(
            names = "--upload-key",
            paramLabel = "FILE",
            required = true,
            description = "The campaign's upload key: GET /v1/keys/upload, or GET /v1/keys, or the sign-in answer.")
    Path uploadKey;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The sealed file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String keyset = publicKeyset(JSON.readTree(Files.readAllBytes(uploadKey)));
        SealedEntries.Header header = new SealedEntries.Header(
                SealedEntries.FORMAT,
                UUID.randomUUID().toString(),
                deviceId,
                userId,
                campaignId,
                Instant.now().toString());
        byte[] sealed = SealedEntries.seal(
                header, Files.readAllBytes(entries), Ed25519.readPrivatePem(Files.readString(deviceKey)), keyset);
        Files.write(out, sealed);
        spec.commandLine().getOut().println("sealed " + entries + " as " + out + " (seal " + header.sealId() + ")");
        return 0;
    }

    /** The public keyset from any of the three documents that carry it. */
    private String publicKeyset(JsonNode document) {
        for (String pointer : new String[] {"/keys/upload/publicKeyset", "/upload/publicKeyset"}) {
            if (document.at(pointer).isTextual()) {
                return document.at(pointer).asText();
            }
        }
        if (document.has("primaryKeyId")) {
            return document.toString();
        }
        throw new IllegalArgumentException(
                "--upload-key " + uploadKey + " is not the campaign's upload key (GET /v1/keys/upload serves it)");
    }
}
