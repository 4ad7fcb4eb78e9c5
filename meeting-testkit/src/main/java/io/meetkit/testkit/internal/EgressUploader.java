package io.meetkit.testkit.internal;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.S3Upload;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads the simulated egress file to S3 the way LiveKit egress does: with the {@code S3Upload} of the request when
 * it carries credentials, otherwise with the storage configured on the fake (egress's own config). Thread-safe.
 */
public final class EgressUploader {

    private final @Nullable S3Client configuredClient;
    private final @Nullable String configuredBucket;

    /** Where a file went. */
    public record Uploaded(String location, long size) {}

    /**
     * Creates the uploader.
     *
     * @param configuredClient the fake's own S3 client, or null
     * @param configuredBucket the fake's own bucket, or null
     */
    public EgressUploader(@Nullable S3Client configuredClient, @Nullable String configuredBucket) {
        this.configuredClient = configuredClient;
        this.configuredBucket = configuredBucket;
    }

    /**
     * Uploads the bytes.
     *
     * @param output the request's file output
     * @param key    the resolved object key
     * @param bytes  the file bytes
     * @return the location and size
     * @throws IllegalStateException if there is no storage to upload to
     * @throws RuntimeException      whatever the S3 client throws
     */
    public Uploaded upload(EncodedFileOutput output, String key, byte[] bytes) {
        S3Upload s3 = output.hasS3() ? output.getS3() : null;
        if (s3 != null && !s3.getAccessKey().isEmpty()) {
            if (s3.getBucket().isEmpty()) {
                throw new IllegalStateException("S3Upload in the egress request has no bucket");
            }
            try (S3Client client = clientFor(s3)) {
                put(client, s3.getBucket(), key, bytes);
            }
            String endpoint = s3.getEndpoint();
            return new Uploaded(
                    location(endpoint.isEmpty() ? null : URI.create(endpoint), s3.getBucket(), key), bytes.length);
        }
        if (configuredClient == null || configuredBucket == null) {
            throw new IllegalStateException("no S3 storage: the request has no S3Upload credentials and the fake "
                    + "has no egressStorage(S3Client, bucket)");
        }
        String bucket = s3 != null && !s3.getBucket().isEmpty() ? s3.getBucket() : configuredBucket;
        put(configuredClient, bucket, key, bytes);
        Optional<URI> endpoint = configuredClient.serviceClientConfiguration().endpointOverride();
        return new Uploaded(location(endpoint.orElse(null), bucket, key), bytes.length);
    }

    private static void put(S3Client client, String bucket, String key, byte[] bytes) {
        client.putObject(
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentType("video/mp4")
                        .build(),
                RequestBody.fromBytes(bytes));
    }

    private static S3Client clientFor(S3Upload s3) {
        var credentials = s3.getSessionToken().isEmpty()
                ? AwsBasicCredentials.create(s3.getAccessKey(), s3.getSecret())
                : AwsSessionCredentials.create(s3.getAccessKey(), s3.getSecret(), s3.getSessionToken());
        var builder = S3Client.builder()
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .region(Region.of(s3.getRegion().isEmpty() ? "us-east-1" : s3.getRegion()))
                .forcePathStyle(s3.getForcePathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!s3.getEndpoint().isEmpty()) {
            builder.endpointOverride(URI.create(s3.getEndpoint()));
        }
        return builder.build();
    }

    static String location(@Nullable URI endpoint, String bucket, String key) {
        Objects.requireNonNull(bucket, "bucket");
        if (endpoint == null) {
            return "https://" + bucket + ".s3.amazonaws.com/" + key;
        }
        String base = endpoint.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + bucket + "/" + key;
    }
}
