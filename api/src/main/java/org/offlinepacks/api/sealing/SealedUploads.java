package org.offlinepacks.api.sealing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.offlinepacks.api.accounts.Device;
import org.offlinepacks.api.accounts.DeviceAccounts;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.users.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sealed relay files as the service takes them from whoever carries them: decrypted with the
 * campaign's upload key, checked against the key the device enrolled with, and ingested once as
 * entries created by the device's user (the relayer recorded beside them). A file refused for any
 * reason stores nothing.
 */
public final class SealedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(SealedUploads.class);

    /** What the relayer gets: the receipt of the device user's upload, and who is who. */
    public record SealedReceipt(String sealId, String deviceId, String createdBy, String relayedBy, Receipt receipt) {}

    private final Database database;
    private final UploadKeys uploadKeys;
    private final DeviceAccounts devices;
    private final UploadService uploads;
    /** The uploader a device's user is, as they are now (their area); empty when disabled or removed. */
    private final Function<String, Optional<Uploader>> uploaderOf;

    private final Clock clock;

    public SealedUploads(
            Database database,
            UploadKeys uploadKeys,
            DeviceAccounts devices,
            UploadService uploads,
            Function<String, Optional<Uploader>> uploaderOf,
            Clock clock) {
        this.database = database;
        this.uploadKeys = uploadKeys;
        this.devices = devices;
        this.uploads = uploads;
        this.uploaderOf = uploaderOf;
        this.clock = clock;
        database.migrate("sealing", "db/sealing");
    }

    public SealedReceipt receive(User relayer, byte[] file) throws IOException {
        uploadKeys.current(relayer.campaignId()); // made if it is not yet: nothing was sealed to it then
        SealedEntries.Opened opened = SealedEntries.open(file, uploadKeys.decrypter(relayer.campaignId()));
        SealedEntries.Header header = opened.header();
        Device device = devices.device(header.deviceId())
                .orElseThrow(() -> new SealedFileException(
                        SealedFileException.Reason.UNKNOWN_DEVICE,
                        "the file names device " + header.deviceId() + ", which never signed in here"));
        if (!opened.signedBy(Ed25519.readPublicPem(device.publicKeyPem()))) {
            throw new SealedFileException(
                    SealedFileException.Reason.BAD_SIGNATURE,
                    "the file is not signed by the key device " + device.deviceId() + " enrolled with (key "
                            + device.keyId() + "): it was sealed again by someone else");
        }
        if (device.revoked()) {
            throw new SealedFileException(
                    SealedFileException.Reason.DEVICE_REVOKED,
                    "device " + device.deviceId() + " was revoked at " + device.revokedAt()
                            + ": its files are not taken any more");
        }
        if (!device.userId().equals(header.userId()) || !relayer.campaignId().equals(header.campaignId())) {
            throw new SealedFileException(
                    SealedFileException.Reason.BAD_SIGNATURE,
                    "the file names user " + header.userId() + " of campaign " + header.campaignId() + ", but device "
                            + device.deviceId() + " is user " + device.userId() + "'s");
        }
        String entriesSha256 =
                java.util.HexFormat.of().formatHex(Sha256.newDigest().digest(opened.entries()));
        Uploader creator = uploaderOf
                .apply(device.userId())
                .orElseThrow(() -> new SealedFileException(
                        SealedFileException.Reason.DEVICE_REVOKED,
                        "user " + device.userId() + " of device " + device.deviceId() + " is disabled or removed"));
        Optional<String[]> earlier = database.read(c -> Sql.query(
                        c,
                        "SELECT upload_id, relayed_by, entries_sha256 FROM sealed_file WHERE seal_id = ?",
                        row -> new String[] {row.getString(1), row.getString(2), row.getString(3)},
                        header.sealId())
                .stream()
                .findFirst());
        if (earlier.isPresent()) {
            String[] first = earlier.get();
            if (first[1].equals(relayer.id()) && first[2].equals(entriesSha256)) {
                // the same carrier sending the same file again (its answer was lost): the first receipt
                Receipt receipt = uploads.receipt(creator, first[0]).orElseThrow();
                return new SealedReceipt(header.sealId(), device.deviceId(), device.userId(), relayer.id(), receipt);
            }
            throw new SealedFileException(
                    SealedFileException.Reason.REPLAYED,
                    "sealed file " + header.sealId() + " was ingested already, as upload " + first[0] + " (relayed by "
                            + first[1] + ")");
        }
        // once per device user and entries: a second relayer of the same file, or a retry after a
        // crash before the row below, gets the first receipt and stores nothing again
        Receipt receipt = uploads.upload(creator, new ByteArrayInputStream(opened.entries()), entriesSha256);
        database.read(c -> Sql.update(
                c,
                "INSERT INTO sealed_file (seal_id, device_id, created_by, relayed_by, upload_id, entries_sha256,"
                        + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seal_id) DO NOTHING",
                header.sealId(),
                device.deviceId(),
                device.userId(),
                relayer.id(),
                receipt.uploadId(),
                entriesSha256,
                clock.millis()));
        LOG.info(
                "sealed file {} of device {} ({}) relayed by {}: upload {}",
                header.sealId(),
                device.deviceId(),
                device.userId(),
                relayer.id(),
                receipt.uploadId());
        return new SealedReceipt(header.sealId(), device.deviceId(), device.userId(), relayer.id(), receipt);
    }

    /** Who relayed the sealed file of an upload, if it came sealed. */
    public Optional<String> relayerOf(String uploadId) {
        return database.read(
                c -> Sql.query(
                                c,
                                "SELECT relayed_by FROM sealed_file WHERE upload_id = ?",
                                row -> row.getString(1),
                                uploadId)
                        .stream()
                        .findFirst());
    }
}
