package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.FormCatalog;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.api.upload.StoredFile;
import org.offlinepacks.api.upload.UploadException;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The entry upload channel: a file in one request ({@code POST /v1/uploads} with a
 * {@code Content-Digest}), or uploaded resumably to {@code /v1/files} (tus-style
 * {@code Upload-Length}/{@code Upload-Offset}) and then registered; receipts by upload id; the
 * limits a device splits its files by.
 */
public final class UploadRoutes implements ApiRoutes {
    static final String LIMITS_HEADER = "Upload-Limits";

    private final UploadService uploads;

    public UploadRoutes(UploadService uploads) {
        this.uploads = uploads;
    }

    /** {@link #open(Path, UploadLimits, CampaignCatalog)} with the default limits. */
    public static UploadRoutes open(Path dataDir, CampaignCatalog campaigns) {
        return open(dataDir, UploadLimits.defaults(), campaigns);
    }

    /** Uploads kept in {@code <dataDir>/entries.sqlite}, entries checked against the campaigns' forms. */
    public static UploadRoutes open(Path dataDir, UploadLimits limits, CampaignCatalog campaigns) {
        try {
            return new UploadRoutes(UploadService.open(
                    dataDir,
                    limits,
                    campaignId -> FormCatalog.of(campaigns.campaign(campaignId).forms())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the upload folders in " + dataDir, e);
        }
    }

    /** The body of {@code POST /v1/uploads/registrations}: step two of a two-step upload. */
    record Registration(String fileId, String sha256) {}

    @Override
    public void register(Service http, Authenticator auth) {
        for (String path : new String[] {"/v1/uploads", "/v1/uploads/*", "/v1/files", "/v1/files/*"}) {
            http.before(
                    path,
                    (request, response) ->
                            response.header(LIMITS_HEADER, uploads.limits().headerValue()));
        }
        http.exception(UploadException.class, UploadRoutes::handle);

        http.get("/v1/uploads/limits", (request, response) -> {
            auth.authenticate(request);
            return ApiJson.respond(response, 200, uploads.limits());
        });
        http.post("/v1/uploads", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            String sha256 = ContentDigest.parseHeader(request.headers("Content-Digest"));
            checkContentLength(request);
            try (InputStream body = request.raw().getInputStream()) {
                return receipt(request, response, uploads.upload(uploader, body, sha256));
            }
        });
        http.post("/v1/uploads/registrations", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            Registration registration = registration(request.body());
            return receipt(
                    request,
                    response,
                    uploads.register(uploader, registration.fileId(), ContentDigest.parseHex(registration.sha256())));
        });
        http.get("/v1/uploads/:uploadId", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            String uploadId = request.params("uploadId");
            Receipt receipt = uploads.receipt(uploader, uploadId)
                    .orElseThrow(() -> new NotFoundException("no upload " + uploadId + " of yours"));
            return receipt(request, response, receipt);
        });

        http.post("/v1/files", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            StoredFile file = uploads.createFile(uploader, longHeader(request, "Upload-Length"));
            response.header("Location", "/v1/files/" + file.id());
            return fileStatus(response, 201, file);
        });
        http.head("/v1/files/:fileId", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            fileStatus(response, 200, uploads.fileStatus(uploader, request.params("fileId")));
            return "";
        });
        http.get("/v1/files/:fileId", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            return fileStatus(response, 200, uploads.fileStatus(uploader, request.params("fileId")));
        });
        http.patch("/v1/files/:fileId", (request, response) -> {
            Uploader uploader = uploader(auth, request);
            long offset = longHeader(request, "Upload-Offset");
            try (InputStream chunk = request.raw().getInputStream()) {
                StoredFile file = uploads.append(uploader, request.params("fileId"), offset, chunk);
                response.header("Upload-Offset", Long.toString(file.offset()));
                response.status(204);
                return "";
            }
        });
    }

    private static Uploader uploader(Authenticator auth, Request request) {
        User user = auth.authenticate(request);
        AccessPolicy policy = auth.policyFor(user);
        return new Uploader(
                user.id(),
                user.campaignId(),
                boundaryId -> policy.mayRead(user, boundaryId),
                user.role().relays());
    }

    private void checkContentLength(Request request) {
        long length = request.contentLength();
        if (length > uploads.limits().maxFileBytes()) {
            throw new UploadException(
                    UploadException.Reason.FILE_TOO_LARGE,
                    "the file has " + length + " bytes, more than "
                            + uploads.limits().maxFileBytes() + "; split it into smaller files");
        }
    }

    /** A receipt lists every entry, so it is gzipped for devices that accept it (Spark compresses). */
    private static String receipt(Request request, Response response, Receipt receipt) {
        response.header("Location", "/v1/uploads/" + receipt.uploadId());
        String acceptEncoding = request.headers("Accept-Encoding");
        if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
            response.header("Content-Encoding", "gzip");
        }
        return ApiJson.respond(response, 200, receipt);
    }

    private static String fileStatus(Response response, int status, StoredFile file) {
        response.header("Upload-Offset", Long.toString(file.offset()));
        response.header("Upload-Length", Long.toString(file.length()));
        response.header("Cache-Control", "no-store");
        return ApiJson.respond(
                response,
                status,
                Map.of(
                        "fileId",
                        file.id(),
                        "length",
                        file.length(),
                        "offset",
                        file.offset(),
                        "complete",
                        file.complete()));
    }

    private static long longHeader(Request request, String name) {
        String value = request.headers(name);
        try {
            long parsed = Long.parseLong(value == null ? "" : value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UploadException(
                UploadException.Reason.BAD_REQUEST, name + " must be a byte count, found '" + value + "'");
    }

    private static Registration registration(String body) {
        try {
            JsonNode json = ApiJson.MAPPER.readTree(body);
            if (json != null
                    && json.path("fileId").isTextual()
                    && json.path("sha256").isTextual()) {
                return new Registration(
                        json.get("fileId").asText(), json.get("sha256").asText());
            }
        } catch (IOException e) {
            // reported below
        }
        throw new UploadException(
                UploadException.Reason.BAD_REQUEST,
                "send {\"fileId\": \"<id from POST /v1/files>\", \"sha256\": \"<64 hex digits>\"}");
    }

    /** Refused files: their status, {@code {error, message}} as every error of the API. */
    static void handle(UploadException e, Request request, Response response) {
        response.body(ApiJson.respond(
                response,
                status(e.reason()),
                new ErrorMapper.ErrorBody(e.reason().code(), e.getMessage())));
    }

    static int status(UploadException.Reason reason) {
        return switch (reason) {
            case CHECKSUM_MISMATCH -> 422;
            case FILE_TOO_LARGE, DECOMPRESSED_TOO_LARGE, TOO_MANY_ENTRIES -> 413;
            case UNKNOWN_FILE -> 404;
            case OFFSET_MISMATCH, INCOMPLETE_FILE -> 409;
            case MISSING_CHECKSUM, CORRUPT_GZIP, BAD_REQUEST -> 400;
        };
    }

    @Override
    public void close() {
        uploads.close();
    }
}
