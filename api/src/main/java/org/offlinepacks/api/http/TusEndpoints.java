package org.offlinepacks.api.http;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.offlinepacks.api.http.transfer.BodyReceiver;
import org.offlinepacks.api.http.transfer.Exchange;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.api.upload.ChunkChecksum;
import org.offlinepacks.api.upload.FileStorage;
import org.offlinepacks.api.upload.StoredFile;
import org.offlinepacks.api.upload.UploadException;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;

/**
 * Resumable uploads with tus 1.0 (https://tus.io/protocols/resumable-upload), so stock clients
 * (tus-java-client, tus-js-client, tus-android-client) work unmodified: core, creation,
 * creation-with-upload, termination, expiration and checksum. Bodies stream to file storage as they
 * arrive, so every byte received before a cut is kept and the client resumes from there.
 */
final class TusEndpoints {
    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final UploadService uploads;

    TusEndpoints(UploadService uploads) {
        this.uploads = uploads;
    }

    void register(TransferRouter transfers, Authenticator auth) {
        for (String path : new String[] {"/v1/files", "/v1/files/*"}) {
            transfers.alwaysHeaders(path, Map.of("Tus-Resumable", VERSION));
            transfers.options(path, this::discovery);
        }
        transfers.post("/v1/files", exchange -> {
            Uploader uploader = uploader(exchange, auth);
            StoredFile file = uploads.createFile(
                    uploader, longHeader(exchange, "Upload-Length"), exchange.header("Upload-Metadata"));
            exchange.setHeader("Location", "/v1/files/" + file.id());
            if (hasBody(exchange)) { // creation-with-upload: the first chunk in the same request
                checkContentType(exchange);
                append(exchange, uploader, file, 201);
            } else {
                fileHeaders(exchange, file);
                exchange.respondJson(201, status(file));
            }
        });
        transfers.head("/v1/files/:fileId", exchange -> {
            StoredFile file = uploads.resumeFile(uploader(exchange, auth), exchange.param("fileId"));
            fileHeaders(exchange, file);
            exchange.setHeader("Upload-Length", Long.toString(file.length()));
            if (!file.metadata().isEmpty()) {
                exchange.setHeader("Upload-Metadata", file.metadata());
            }
            exchange.respond(200);
        });
        transfers.get("/v1/files/:fileId", exchange -> {
            StoredFile file = uploads.fileStatus(uploader(exchange, auth), exchange.param("fileId"));
            fileHeaders(exchange, file);
            exchange.respondJson(200, status(file));
        });
        transfers.patch("/v1/files/:fileId", exchange -> {
            Uploader uploader = uploader(exchange, auth);
            checkContentType(exchange);
            append(exchange, uploader, uploads.fileStatus(uploader, exchange.param("fileId")), 204);
        });
        transfers.delete("/v1/files/:fileId", exchange -> {
            uploads.deleteFile(uploader(exchange, auth), exchange.param("fileId"));
            exchange.respond(204);
        });
    }

    /** {@code OPTIONS}: what this server speaks; no authentication, as tus clients expect. */
    private void discovery(Exchange exchange) {
        exchange.setHeader("Tus-Version", VERSION);
        exchange.setHeader("Tus-Extension", EXTENSIONS);
        exchange.setHeader("Tus-Max-Size", Long.toString(uploads.limits().maxFileBytes()));
        exchange.setHeader("Tus-Checksum-Algorithm", String.join(",", ChunkChecksum.algorithms()));
        exchange.respond(204);
    }

    /**
     * Streams the body onto the file from {@code Upload-Offset} (0 for creation-with-upload). Cut
     * short, what arrived stays; with {@code Upload-Checksum}, the chunk stays only if it matches.
     */
    private void append(Exchange exchange, Uploader uploader, StoredFile file, int status) throws IOException {
        long offset = status == 201 ? 0 : longHeader(exchange, "Upload-Offset");
        ChunkChecksum checksum = ChunkChecksum.parse(exchange.header("Upload-Checksum"));
        FileStorage.Append append = uploads.append(uploader, file.id(), offset, checksum);
        exchange.receive(file.length() - offset, new BodyReceiver() {
            @Override
            public void accept(byte[] bytes, int from, int length) throws IOException {
                append.write(bytes, from, length);
            }

            @Override
            public void complete(Exchange done) throws IOException {
                StoredFile now = append.finish();
                fileHeaders(done, now);
                if (status == 201) {
                    done.respondJson(201, status(now));
                } else {
                    done.respond(204);
                }
            }

            @Override
            public void abandon(Throwable cause) {
                try {
                    append.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot keep what arrived of file " + file.id(), e);
                }
            }
        });
    }

    /** Every request but OPTIONS says which version it speaks; 412 for one this server does not. */
    private static Uploader uploader(Exchange exchange, Authenticator auth) {
        String version = exchange.header("Tus-Resumable");
        if (!VERSION.equals(version == null ? null : version.trim())) {
            throw new TusVersionException(version);
        }
        return UploadRoutes.uploader(auth, exchange.header("Authorization"));
    }

    private void fileHeaders(Exchange exchange, StoredFile file) {
        exchange.setHeader("Upload-Offset", Long.toString(file.offset()));
        exchange.setHeader("Upload-Expires", HTTP_DATE.format(uploads.expiresAt(file)));
        exchange.setHeader("Cache-Control", "no-store");
    }

    private static Map<String, Object> status(StoredFile file) {
        return Map.of(
                "fileId", file.id(), "length", file.length(), "offset", file.offset(), "complete", file.complete());
    }

    private static void checkContentType(Exchange exchange) {
        String type = exchange.header("Content-Type");
        if (type == null || !type.trim().toLowerCase(java.util.Locale.ROOT).startsWith(OFFSET_OCTET_STREAM)) {
            throw new UnsupportedContentTypeException(
                    "a chunk is sent as Content-Type: " + OFFSET_OCTET_STREAM + ", not " + type);
        }
    }

    private static boolean hasBody(Exchange exchange) {
        return exchange.contentLength() > 0 || exchange.header("Transfer-Encoding") != null;
    }

    private static long longHeader(Exchange exchange, String name) {
        String value = exchange.header(name);
        try {
            long parsed = Long.parseLong(value == null ? "" : value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UploadException(
                UploadException.Reason.BAD_REQUEST,
                name + " must be a byte count, found '" + value + "'"
                        + ("Upload-Length".equals(name) && exchange.header("Upload-Defer-Length") != null
                                ? " (Upload-Defer-Length is not supported: announce the length)"
                                : ""));
    }
}
