package org.offlinepacks.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.download.FileResource;
import org.offlinepacks.api.http.transfer.BodyReceiver;
import org.offlinepacks.api.http.transfer.Exchange;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.EntryCompanion;
import org.offlinepacks.api.upload.FormCatalog;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.api.upload.ReceiptFiles;
import org.offlinepacks.api.upload.UploadException;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.UploadTarget;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/**
 * The entry upload channel: a file in one request ({@code POST /v1/uploads} with a
 * {@code Content-Digest}, streamed to disk as it arrives), or uploaded resumably with tus to
 * {@code /v1/files} ({@link TusEndpoints}), or straight into object storage at the target that
 * {@code POST /v1/uploads/targets} hands out, and then registered. Both answer a small summary; the
 * receipt with every entry is an immutable file a device fetches with ranges and gzip.
 */
public final class UploadRoutes implements ApiRoutes {
    static final String LIMITS_HEADER = "Upload-Limits";
    /** A registration is a file id and a hash. */
    static final long MAX_REGISTRATION_BYTES = 4096;

    /** The most conflicts one answer lists. */
    static final int MAX_CONFLICTS = 500;

    private final UploadService uploads;
    private final CampaignCatalog campaigns;

    public UploadRoutes(UploadService uploads, CampaignCatalog campaigns) {
        this.uploads = uploads;
        this.campaigns = campaigns;
    }

    /** The upload channel these routes serve, for the routes of sealed files. */
    public UploadService service() {
        return uploads;
    }

    /** {@link #open(Path, Database, ObjectStore, UploadLimits, CampaignCatalog)} with the default limits. */
    public static UploadRoutes open(Path dataDir, Database entries, ObjectStore objects, CampaignCatalog campaigns) {
        return open(dataDir, entries, objects, UploadLimits.defaults(), campaigns);
    }

    /**
     * Entries kept in {@code entries}, files and receipts in {@code objects} (see {@link
     * UploadService#open}), checked against the campaigns' forms.
     */
    public static UploadRoutes open(
            Path dataDir, Database entries, ObjectStore objects, UploadLimits limits, CampaignCatalog campaigns) {
        return open(dataDir, entries, objects, limits, campaigns, List.of());
    }

    /** With the companions that keep campaign data beside the entries (registration IDs, dashboards, attachments). */
    public static UploadRoutes open(
            Path dataDir,
            Database entries,
            ObjectStore objects,
            UploadLimits limits,
            CampaignCatalog campaigns,
            List<EntryCompanion> companions) {
        try {
            return new UploadRoutes(
                    UploadService.open(
                            dataDir,
                            entries,
                            objects,
                            limits,
                            campaignId -> FormCatalog.of(campaigns.campaign(campaignId)),
                            companions),
                    campaigns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the upload folders in " + dataDir, e);
        }
    }

    /** The upload service, for the route groups that take in other files with its uploads. */
    /**
     * What an upload answers: counts, and where the receipt files are (under 1 KB whatever the
     * number of entries).
     *
     * @param problems the receipt with only the conflicts and rejections: the entries to act on
     * @param missingAttachments how many attachments of the file's entries the service did not hold
     *     when it was ingested (absent when none); what is missing now is at {@code attachments}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(
            String uploadId,
            String sha256,
            String receivedAt,
            Receipt.Counts counts,
            Link receipt,
            Link problems,
            Integer missingAttachments,
            String attachments) {}

    /**
     * A receipt file: its URL, size and hash (of the JSON; the gzip form is verified after
     * decompression).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Link(String href, long size, String sha256, Long gzipSize, Integer entries) {}

    /** Told the counts of every file ingested from now on. */
    public UploadRoutes onIngested(java.util.function.Consumer<Receipt.Counts> listener) {
        uploads.onIngested(listener);
        return this;
    }

    /** The entry versions kept aside in the user's area, newest first (at most {@link #MAX_CONFLICTS}). */
    record Conflicts(List<org.offlinepacks.api.upload.KeptConflict> conflicts) {}

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(
                new BodyLimit("POST", "/v1/uploads/registrations", MAX_REGISTRATION_BYTES),
                new BodyLimit("POST", "/v1/uploads/targets", MAX_REGISTRATION_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/uploads/limits", (request, response) -> {
            auth.authenticate(request);
            return ApiJson.respond(response, 200, uploads.limits());
        });
        http.post("/v1/uploads/targets", (request, response) -> {
            Uploader uploader = uploader(auth, request.headers("Authorization"));
            JsonNode target = targetRequest(request.body());
            UploadTarget created = uploads.createTarget(
                    uploader,
                    target.get("length").asLong(),
                    target.path("metadata").asText(""));
            return ApiJson.respond(response, 201, created);
        });
        http.post("/v1/uploads/registrations", (request, response) -> {
            Uploader uploader = uploader(auth, request.headers("Authorization"));
            JsonNode registration = registration(request.body());
            Receipt receipt = uploads.register(
                    uploader,
                    registration.get("fileId").asText(),
                    ContentDigest.parseHex(registration.get("sha256").asText()));
            response.header("Location", "/v1/uploads/" + receipt.uploadId());
            return ApiJson.respond(response, 200, summary(receipt));
        });
        http.get("/v1/conflicts", (request, response) -> {
            User user = auth.authenticate(request);
            if (user.role() == org.offlinepacks.boundarydata.users.Role.FIELD_WORKER) {
                throw new org.offlinepacks.boundarydata.users.AccessDeniedException(
                        "conflicts are reviewed by supervisors, planners and admins");
            }
            AccessPolicy policy = campaigns.policy(user.campaignId());
            java.util.Set<String> area = new java.util.TreeSet<>();
            campaigns.campaign(user.campaignId()).boundaries().stream()
                    .map(org.offlinepacks.boundarydata.campaign.Boundary::id)
                    .filter(id -> policy.mayRead(user, id))
                    .forEach(area::add);
            return ApiJson.respond(response, 200, new Conflicts(uploads.conflicts(area, MAX_CONFLICTS)));
        });
        http.get("/v1/uploads/:uploadId", (request, response) -> {
            Uploader uploader = uploader(auth, request.headers("Authorization"));
            return ApiJson.respond(response, 200, summary(receiptOf(uploader, request.params("uploadId"))));
        });
    }

    @Override
    public void register(TransferRouter transfers, Authenticator auth) {
        Map<String, String> limits = Map.of(LIMITS_HEADER, uploads.limits().headerValue());
        for (String path : List.of("/v1/uploads", "/v1/uploads/*", "/v1/files", "/v1/files/*")) {
            transfers.alwaysHeaders(path, limits);
        }
        transfers.post("/v1/uploads", exchange -> {
            Uploader uploader = uploader(auth, exchange.header("Authorization"));
            String sha256 = ContentDigest.parseHeader(exchange.header("Content-Digest"));
            UploadService.Incoming<Receipt> incoming = uploads.receive(uploader, sha256);
            exchange.receive(uploads.limits().maxFileBytes(), new BodyReceiver() {
                @Override
                public void accept(byte[] bytes, int offset, int length) throws IOException {
                    incoming.write(bytes, offset, length);
                }

                @Override
                public void complete(Exchange done) throws IOException {
                    Receipt receipt = incoming.finish();
                    done.setHeader("Location", "/v1/uploads/" + receipt.uploadId());
                    done.respondJson(200, summary(receipt));
                }

                @Override
                public void abandon(Throwable cause) {
                    try {
                        incoming.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        });
        transfers.getAndHead("/v1/uploads/:uploadId/receipt", exchange -> {
            Uploader uploader = uploader(auth, exchange.header("Authorization"));
            Receipt receipt = receiptOf(uploader, exchange.param("uploadId"));
            ReceiptFiles.ReceiptFile file = uploads.receiptFile(receipt, selection(exchange.query("only")));
            DownloadRoutes.send(
                    exchange,
                    new FileResource(
                            () -> uploads.receiptLocalFile(file.key()),
                            FileResource.quote(file.sha256()),
                            "application/json",
                            true,
                            file.gzip() == null
                                    ? null
                                    : new FileResource.Gzip(
                                            () -> uploads.receiptLocalFile(file.gzipKey()),
                                            FileResource.quote(file.gzip().sha256()))));
        });
        new TusEndpoints(uploads).register(transfers, auth);
    }

    static Uploader uploader(Authenticator auth, String authorization) {
        User user = auth.authenticate(authorization);
        return uploader(user, auth.policyFor(user));
    }

    /** {@code user} as an uploader: the boundaries they may write entries for, whether they relay. */
    static Uploader uploader(User user, AccessPolicy policy) {
        return new Uploader(
                user.id(),
                user.campaignId(),
                boundaryId -> policy.mayRead(user, boundaryId),
                user.role().relays());
    }

    private Receipt receiptOf(Uploader uploader, String uploadId) {
        return uploads.receipt(uploader, uploadId)
                .orElseThrow(() -> new NotFoundException("no upload " + uploadId + " of yours"));
    }

    Summary summary(Receipt receipt) throws IOException {
        String href = "/v1/uploads/" + receipt.uploadId() + "/receipt";
        int missing = receipt.entries().stream()
                .mapToInt(e -> e.missingAttachments() == null
                        ? 0
                        : e.missingAttachments().size())
                .sum();
        return new Summary(
                receipt.uploadId(),
                receipt.sha256(),
                receipt.receivedAt(),
                receipt.counts(),
                link(href, uploads.receiptFile(receipt, ReceiptFiles.Selection.ALL), false),
                link(href + "?only=problems", uploads.receiptFile(receipt, ReceiptFiles.Selection.PROBLEMS), true),
                missing == 0 ? null : missing,
                missing == 0 ? null : "/v1/uploads/" + receipt.uploadId() + "/attachments");
    }

    private static Link link(String href, ReceiptFiles.ReceiptFile file, boolean countEntries) {
        return new Link(
                href,
                file.size(),
                file.sha256(),
                file.gzip() == null ? null : file.gzip().size(),
                countEntries ? file.entries() : null);
    }

    private static ReceiptFiles.Selection selection(String only) {
        if (only == null || only.isBlank()) {
            return ReceiptFiles.Selection.ALL;
        }
        if (only.equals("problems")) {
            return ReceiptFiles.Selection.PROBLEMS;
        }
        throw new IllegalArgumentException(
                "only=problems (conflicts and rejections) is the one filter, not '" + only + "'");
    }

    private static JsonNode targetRequest(String body) {
        try {
            JsonNode json = ApiJson.MAPPER.readTree(body);
            if (json != null
                    && json.path("length").canConvertToExactIntegral()
                    && (json.path("metadata").isMissingNode()
                            || json.path("metadata").isTextual())) {
                return json;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new UploadException(
                UploadException.Reason.BAD_REQUEST,
                "send {\"length\": <the file's bytes>} (and optionally \"metadata\": tus Upload-Metadata)");
    }

    static JsonNode registration(String body) {
        try {
            JsonNode json = ApiJson.MAPPER.readTree(body);
            if (json != null
                    && json.path("fileId").isTextual()
                    && json.path("sha256").isTextual()) {
                return json;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new UploadException(
                UploadException.Reason.BAD_REQUEST,
                "send {\"fileId\": \"<id from POST /v1/files>\", \"sha256\": \"<64 hex digits>\"}");
    }

    @Override
    public void close() {
        uploads.close();
    }
}
