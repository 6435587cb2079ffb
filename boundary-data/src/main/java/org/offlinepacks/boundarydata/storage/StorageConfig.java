package org.offlinepacks.boundarydata.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where pack files, receipts and uploaded files are kept: the data folder (no URL, the default), or
 * a bucket of S3-compatible object storage shared by several nodes, given as
 * {@code s3://BUCKET[/PREFIX]?endpoint=URL&region=R}. Credentials come from the standard
 * {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}, never from the URL.
 *
 * @param bucket the bucket, or null for the data folder
 * @param prefix a key prefix inside the bucket ({@code ""} or ending in {@code /})
 * @param endpoint the storage's URL; null for AWS itself (the SDK's endpoint for the region)
 * @param publicEndpoint the storage's URL as devices reach it, for the presigned upload URLs they
 *     are given (the service may reach the storage by an internal name); null: {@code endpoint}
 * @param cacheBytes how much of the node's data folder keeps copies of stored objects for sending
 */
public record StorageConfig(
        String bucket,
        String prefix,
        URI endpoint,
        URI publicEndpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        long cacheBytes) {
    public static final StorageConfig DATA_FOLDER = new StorageConfig(null, "", null, null, null, null, null, 0);
    public static final long DEFAULT_CACHE_BYTES = 2L << 30;
    private static final Set<String> PARAMETERS = Set.of("endpoint", "publicEndpoint", "region", "cacheMb");

    public StorageConfig {
        prefix = prefix == null ? "" : prefix;
        if (bucket != null) {
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException(
                        "'" + bucket + "' is not a bucket name: 3-63 lowercase letters, digits, '.' and '-'");
            }
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("s3://" + bucket + " needs a region: s3://" + bucket
                        + "?region=us-east-1 (any name an S3-compatible server accepts)");
            }
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            if (cacheBytes < 0) {
                throw new IllegalArgumentException("cacheMb must not be negative");
            }
        }
    }

    /**
     * {@code s3://BUCKET[/PREFIX]?endpoint=URL&region=R[&publicEndpoint=URL][&cacheMb=N]}, with
     * credentials from {@code environment}.
     */
    public static StorageConfig parse(String url, Map<String, String> environment) {
        if (url == null || url.isBlank() || url.equals("data")) {
            return DATA_FOLDER;
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("storage '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"s3".equals(uri.getScheme()) || uri.getAuthority() == null) {
            throw new IllegalArgumentException(
                    "storage is s3://BUCKET?endpoint=URL&region=R (S3-compatible object storage), not '" + url + "'");
        }
        Map<String, String> parameters = parameters(uri.getRawQuery(), url);
        URI endpointUri = httpUrl(parameters.get("endpoint"), "endpoint");
        URI publicEndpointUri = httpUrl(parameters.get("publicEndpoint"), "publicEndpoint");
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        long cacheBytes = DEFAULT_CACHE_BYTES;
        if (parameters.containsKey("cacheMb")) {
            try {
                cacheBytes = Long.parseLong(parameters.get("cacheMb")) << 20;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "cacheMb in the storage URL is a whole number of MiB, not '" + parameters.get("cacheMb") + "'");
            }
        }
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        StorageConfig config = new StorageConfig(
                uri.getAuthority(),
                path,
                endpointUri,
                publicEndpointUri,
                parameters.get("region"),
                keyId,
                secret,
                cacheBytes);
        if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(
                    "storage " + config + " needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
        return config;
    }

    private static URI httpUrl(String text, String parameter) {
        if (text == null) {
            return null;
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the storage " + parameter + " '" + text + "' is not a URL");
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the storage " + parameter
                    + " is an http(s) URL such as http://127.0.0.1:9000, not '" + text + "'");
        }
        return url;
    }

    private static Map<String, String> parameters(String query, String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown parameter '" + name + "' in storage " + url + "; known: " + PARAMETERS);
            }
            parameters.put(
                    name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** Whether objects stay in the node's own data folder. */
    public boolean dataFolder() {
        return bucket == null;
    }

    @Override
    public String toString() { // never the secret
        return dataFolder()
                ? "the data folder"
                : "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint) + " (" + region + ")"
                        + (publicEndpoint == null ? "" : ", devices upload at " + publicEndpoint);
    }
}
