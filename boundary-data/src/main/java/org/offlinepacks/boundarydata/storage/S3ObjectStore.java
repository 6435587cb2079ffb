package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Objects in a bucket of S3-compatible storage (AWS S3, MinIO, Ceph, s3proxy…), through the AWS
 * SDK for Java v2 with path-style addresses and checksums only where a request needs them (what
 * S3-compatible servers other than AWS accept). Files above {@link #MULTIPART_THRESHOLD} are sent
 * in parts. {@link #localFile} fetches an object once into the node's {@link ObjectCache}. Objects
 * are removed one request each: the batch DeleteObjects requires a checksum header that
 * S3-compatible servers such as s3proxy answer with 501.
 */
public final class S3ObjectStore implements ObjectStore, DirectUploads {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    static final long MULTIPART_THRESHOLD = 64L << 20;
    static final int PART_BYTES = 16 << 20;
    /** S3's smallest part but the last. */
    public static final int MIN_PART_BYTES = 5 << 20;

    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final ObjectCache cache;
    private final String description;
    private final long multipartThreshold;
    private final int partBytes;

    private S3ObjectStore(
            StorageConfig config,
            S3Client client,
            S3Presigner presigner,
            ObjectCache cache,
            long multipartThreshold,
            int partBytes) {
        this.multipartThreshold = multipartThreshold;
        this.partBytes = partBytes;
        this.client = client;
        this.presigner = presigner;
        this.bucket = config.bucket();
        this.prefix = config.prefix();
        this.cache = cache;
        this.description = config.toString();
    }

    /**
     * The bucket of {@code config} (created when missing), with copies of its objects kept in
     * {@code cacheDir}.
     */
    public static S3ObjectStore open(StorageConfig config, Path cacheDir) throws IOException {
        return open(config, cacheDir, MULTIPART_THRESHOLD, PART_BYTES);
    }

    /** With other part sizes, for tests of files in parts. */
    static S3ObjectStore open(StorageConfig config, Path cacheDir, long multipartThreshold, int partBytes)
            throws IOException {
        if (config.dataFolder()) {
            throw new IllegalArgumentException("not object storage: " + config);
        }
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        S3Configuration pathStyle =
                S3Configuration.builder().pathStyleAccessEnabled(true).build();
        var clientBuilder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presignerBuilder = S3Presigner.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle);
        if (config.endpoint() != null) {
            clientBuilder.endpointOverride(config.endpoint());
        }
        URI presignedFor = config.publicEndpoint() != null ? config.publicEndpoint() : config.endpoint();
        if (presignedFor != null) {
            presignerBuilder.endpointOverride(presignedFor);
        }
        S3Client client = clientBuilder.build();
        S3ObjectStore store = new S3ObjectStore(
                config,
                client,
                presignerBuilder.build(),
                new ObjectCache(cacheDir, config.cacheBytes()),
                multipartThreshold,
                partBytes);
        try {
            store.ensureBucket();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void ensureBucket() throws IOException {
        call("find the bucket", () -> {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                client.createBucket(b -> b.bucket(bucket));
                LOG.info("created bucket {}", bucket);
            }
            return null;
        });
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String name = name(key);
        long size = Files.size(file);
        if (size <= multipartThreshold) {
            call("store " + key, () -> client.putObject(b -> b.bucket(bucket).key(name), RequestBody.fromFile(file)));
            return;
        }
        String uploadId = call("start storing " + key, () -> client.createMultipartUpload(
                        b -> b.bucket(bucket).key(name))
                .uploadId());
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; ; number++) {
                byte[] bytes = in.readNBytes(partBytes);
                if (bytes.length == 0) {
                    break;
                }
                int partNumber = number;
                String etag = call("store part " + number + " of " + key, () -> client.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(name)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber),
                                RequestBody.fromBytes(bytes))
                        .eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call(
                    "store " + key,
                    () -> client.completeMultipartUpload(
                            b -> b.bucket(bucket).key(name).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        } catch (IOException | RuntimeException e) {
            abortMultipart(key, uploadId);
            throw e;
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        String name = name(key);
        call("store " + key, () -> client.putObject(b -> b.bucket(bucket).key(name), RequestBody.fromBytes(bytes)));
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        String from = name(fromKey);
        String to = name(toKey);
        try {
            call(
                    "copy " + fromKey + " to " + toKey,
                    () -> client.copyObject(b -> b.sourceBucket(bucket)
                            .sourceKey(from)
                            .destinationBucket(bucket)
                            .destinationKey(to)));
        } catch (IOException e) {
            if (isNotFound(e.getCause())) {
                throw new NoSuchFileException(fromKey, null, "no object " + fromKey + " in " + description);
            }
            throw e;
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        String name = name(key);
        try {
            return OptionalLong.of(call(
                    "find " + key,
                    () -> client.headObject(b -> b.bucket(bucket).key(name)).contentLength()));
        } catch (IOException e) {
            if (isNotFound(e.getCause())) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String name = name(key);
        try {
            return call(
                    "read " + key, () -> client.getObject(b -> b.bucket(bucket).key(name)));
        } catch (IOException e) {
            if (isNotFound(e.getCause())) {
                throw new NoSuchFileException(key, null, "no object " + key + " in " + description);
            }
            throw e;
        }
    }

    @Override
    public Path localFile(String key) throws IOException {
        ObjectKeys.check(key);
        return cache.get(key, file -> {
            try (InputStream in = open(key)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        ObjectKeys.checkPrefix(keyPrefix);
        return call("list " + keyPrefix, () -> {
            List<String> keys = new ArrayList<>();
            for (S3Object object : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                    .contents()) {
                keys.add(object.key().substring(prefix.length()));
            }
            keys.sort(null);
            return keys;
        });
    }

    @Override
    public void delete(String key) throws IOException {
        String name = name(key);
        call("remove " + key, () -> client.deleteObject(b -> b.bucket(bucket).key(name)));
    }

    @Override
    public Optional<DirectUploads> directUploads() {
        return Optional.of(this);
    }

    @Override
    public URI put(String key, long length, Duration validity) {
        String name = name(key);
        try {
            return presigner
                    .presignPutObject(p -> p.signatureDuration(validity)
                            .putObjectRequest(b -> b.bucket(bucket).key(name).contentLength(length)))
                    .url()
                    .toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Multipart startMultipart(String key, int parts, Duration validity) throws IOException {
        String name = name(key);
        String uploadId = call("start an upload to " + key, () -> client.createMultipartUpload(
                        b -> b.bucket(bucket).key(name))
                .uploadId());
        List<URI> urls = new ArrayList<>();
        for (int number = 1; number <= parts; number++) {
            int partNumber = number;
            try {
                urls.add(presigner
                        .presignUploadPart(p -> p.signatureDuration(validity).uploadPartRequest(b -> b.bucket(bucket)
                                .key(name)
                                .uploadId(uploadId)
                                .partNumber(partNumber)))
                        .url()
                        .toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Multipart(uploadId, urls);
    }

    @Override
    public void completeMultipart(String key, String uploadId, int parts) throws IOException {
        String name = name(key);
        List<CompletedPart> completed = new ArrayList<>();
        call("list the parts sent to " + key, () -> {
            for (Part part : client.listPartsPaginator(
                            b -> b.bucket(bucket).key(name).uploadId(uploadId))
                    .parts()) {
                completed.add(CompletedPart.builder()
                        .partNumber(part.partNumber())
                        .eTag(part.eTag())
                        .build());
            }
            return null;
        });
        completed.sort(java.util.Comparator.comparing(CompletedPart::partNumber));
        for (int number = 1; number <= parts; number++) {
            if (completed.size() < number || completed.get(number - 1).partNumber() != number) {
                throw new NoSuchFileException(
                        key,
                        null,
                        "part " + number + " of " + parts + " has not arrived; send it, then register again");
            }
        }
        call(
                "join the parts of " + key,
                () -> client.completeMultipartUpload(
                        b -> b.bucket(bucket).key(name).uploadId(uploadId).multipartUpload(m -> m.parts(completed))));
    }

    @Override
    public void abortMultipart(String key, String uploadId) throws IOException {
        String name = name(key);
        try {
            call(
                    "give up the upload to " + key,
                    () -> client.abortMultipartUpload(
                            b -> b.bucket(bucket).key(name).uploadId(uploadId)));
        } catch (IOException e) {
            if (!isNotFound(e.getCause())) {
                throw e;
            }
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    @Override
    public String toString() {
        return description;
    }

    private String name(String key) {
        return prefix + ObjectKeys.check(key);
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /** The SDK's unchecked exceptions become I/O errors that name the storage and what was done. */
    private <T> T call(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new IOException("cannot " + what + " in " + description + ": " + e.getMessage(), e);
        }
    }
}
