package io.meetkit.recording;

import io.meetkit.NotFoundException;
import io.meetkit.RecordingStorageException;
import io.meetkit.rules.InputRules;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * {@link RecordingStorage} on AWS S3 or any S3-compatible store (MinIO, Ceph, s3proxy, …), with the AWS SDK v2
 * ({@code S3Client} and {@code S3Presigner}).
 *
 * <pre>{@code
 * S3RecordingStorage storage = S3RecordingStorage.builder()
 *         .bucket("recordings")
 *         .region("eu-west-1")
 *         .build();                                   // credentials from the default AWS chain
 *
 * S3RecordingStorage minio = S3RecordingStorage.builder()
 *         .bucket("recordings")
 *         .endpoint(URI.create("http://minio:9000"))
 *         .pathStyle(true)
 *         .checksumMode(S3RecordingStorage.ChecksumMode.WHEN_REQUIRED)
 *         .credentials("minio-key", "minio-secret")
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; create one per bucket and {@link #close()} it when done (it owns its SDK clients). Failures become
 * {@link RecordingStorageException}: retryable for I/O errors, timeouts and 5xx answers ("unreachable" is said so), not
 * retryable for refused credentials or a missing bucket.
 */
public final class S3RecordingStorage implements RecordingStorage, AutoCloseable {

    /** The longest presigned URL lifetime SigV4 allows. */
    public static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

    /** The region used unless {@link Builder#region(String)} sets another. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** When the SDK computes and checks checksums. */
    public enum ChecksumMode {
        /** Whenever the operation supports it (the SDK's default; right for AWS S3). */
        WHEN_SUPPORTED,
        /** Only when the operation requires it: the safe choice for S3-compatible stores. */
        WHEN_REQUIRED
    }

    private final String bucket;
    private final String region;
    private final @Nullable URI endpoint;
    private final boolean pathStyle;
    private final AwsCredentialsProvider credentials;
    private final boolean egressUpload;
    private final @Nullable URI egressEndpoint;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Failures failures;

    private S3RecordingStorage(Builder b) {
        this.bucket = Objects.requireNonNull(b.bucket);
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.pathStyle = b.pathStyle;
        this.credentials = b.credentials != null
                ? b.credentials
                : DefaultCredentialsProvider.builder().build();
        this.egressUpload = b.egressUpload;
        this.egressEndpoint = b.egressEndpoint;
        this.s3 = S3Clients.client(region, endpoint, pathStyle, credentials, b.checksumMode, b.callTimeout);
        this.presigner = S3Clients.presigner(region, endpoint, pathStyle, credentials);
        this.failures = new S3Failures(bucket, region, endpoint);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<EgressS3Upload> egressUpload() {
        if (!egressUpload) {
            return Optional.empty();
        }
        AwsCredentials c;
        try {
            c = credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new RecordingStorageException(
                    "cannot resolve the S3 credentials to hand to the egress: " + e.getMessage(), false, e);
        }
        String token = c instanceof AwsSessionCredentials s ? s.sessionToken() : null;
        return Optional.of(new EgressS3Upload(
                bucket,
                region,
                egressEndpoint != null ? egressEndpoint : endpoint,
                pathStyle,
                c.accessKeyId(),
                c.secretAccessKey(),
                token));
    }

    @Override
    public OptionalLong size(String key) {
        Objects.requireNonNull(key, "key");
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
            return OptionalLong.of(head.contentLength());
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return OptionalLong.empty();
            }
            throw failures.failure("read the size of", key, e);
        }
    }

    @Override
    public void delete(String key) {
        Objects.requireNonNull(key, "key");
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e) && !S3Failures.isNoSuchBucket(e)) {
                return;
            }
            throw failures.failure("delete", key, e);
        }
    }

    @Override
    public DownloadUrl presignedGet(String key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_PRESIGN_TTL + ": " + ttl);
        }
        try {
            PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(ttl)
                    .getObjectRequest(g -> g.bucket(bucket).key(key)));
            return new DownloadUrl(p.url().toURI(), p.expiration());
        } catch (SdkException e) {
            throw failures.failure("presign", key, e);
        } catch (java.net.URISyntaxException e) {
            throw new RecordingStorageException("the presigned URL of " + key + " is not a URI", false, e);
        }
    }

    @Override
    public RecordingContent open(String key, @Nullable ByteRange range) {
        Objects.requireNonNull(key, "key");
        long total = size(key)
                .orElseThrow(() -> new NotFoundException(
                        NotFoundException.RECORDING_NOT_FOUND,
                        "the file of this recording is missing from bucket " + bucket + ": " + key));
        if (range == null && total == 0) {
            return new RecordingContent(java.io.InputStream.nullInputStream(), 0, -1, 0, false, "video/mp4");
        }
        long start = range == null ? 0 : range.start();
        long last = range == null ? total - 1 : range.lastByte(total);
        GetObjectRequest request = GetObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .range("bytes=" + start + "-" + last)
                .build();
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(request);
            String type = in.response().contentType();
            return new RecordingContent(
                    in,
                    start,
                    last,
                    total,
                    range != null,
                    type == null || type.isBlank() || type.startsWith("binary/") ? "video/mp4" : type);
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                throw new NotFoundException(
                        NotFoundException.RECORDING_NOT_FOUND,
                        "the file of this recording is missing from bucket " + bucket + ": " + key);
            }
            throw failures.failure("read", key, e);
        }
    }

    /** Closes the SDK clients. */
    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    @Override
    public String toString() {
        return "S3RecordingStorage{bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", pathStyle="
                + pathStyle + ", egressUpload=" + egressUpload + '}';
    }

    /**
     * Builds {@link S3RecordingStorage}. Setters validate at once and name the bad value; {@link #build()} needs a
     * bucket. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable String bucket;
        private String region = DEFAULT_REGION;
        private @Nullable URI endpoint;
        private boolean pathStyle;
        private @Nullable AwsCredentialsProvider credentials;
        private ChecksumMode checksumMode = ChecksumMode.WHEN_SUPPORTED;
        private Duration callTimeout = Duration.ofSeconds(30);
        private boolean egressUpload;
        private @Nullable URI egressEndpoint;

        private Builder() {}

        /**
         * Sets the bucket. Required.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder bucket(String bucket) {
            Objects.requireNonNull(bucket, "bucket");
            if (bucket.isBlank()) {
                throw new IllegalArgumentException("bucket must not be blank");
            }
            this.bucket = bucket.strip();
            return this;
        }

        /**
         * Sets the region (default {@code us-east-1}; S3-compatible stores usually ignore it).
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region");
            if (region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
            this.region = region.strip().toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the endpoint of an S3-compatible store, for example {@code http://minio:9000} (default: AWS).
         *
         * @throws IllegalArgumentException if it is not an absolute http or https URI
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = httpUri(endpoint, "endpoint");
            return this;
        }

        /** Addresses the bucket in the path rather than the host name (needed by most S3-compatible stores). */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /**
         * Uses a fixed access key and secret (default: the AWS default credentials chain).
         *
         * @throws IllegalArgumentException if either is blank
         */
        public Builder credentials(String accessKey, String secret) {
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secret, "secret");
            if (accessKey.isBlank() || secret.isBlank()) {
                throw new IllegalArgumentException("accessKey and secret must not be blank");
            }
            this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret));
            return this;
        }

        /** Sets when checksums are computed and checked (default {@link ChecksumMode#WHEN_SUPPORTED}). */
        public Builder checksumMode(ChecksumMode mode) {
            this.checksumMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the time limit of each S3 call, retries included (default 30 seconds).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = InputRules.positive(callTimeout, "callTimeout");
            return this;
        }

        /**
         * Hands this bucket, its endpoint and the resolved credentials to LiveKit egress with every recording
         * request (default {@code false}: the egress uploads with its own storage configuration, which must then
         * point to this bucket). The credentials travel to LiveKit in the request: give them only the rights the
         * egress needs (put object).
         */
        public Builder egressUpload(boolean egressUpload) {
            this.egressUpload = egressUpload;
            return this;
        }

        /**
         * Sets the endpoint as the egress reaches it, when it differs from {@link #endpoint(URI)} (for example a
         * container network name). Default: the same endpoint.
         *
         * @throws IllegalArgumentException if it is not an absolute http or https URI
         */
        public Builder egressEndpoint(URI egressEndpoint) {
            this.egressEndpoint = httpUri(egressEndpoint, "egressEndpoint");
            return this;
        }

        /**
         * Builds the storage and its SDK clients.
         *
         * @throws IllegalStateException if no bucket was set
         */
        public S3RecordingStorage build() {
            if (bucket == null) {
                throw new IllegalStateException("bucket is required");
            }
            return new S3RecordingStorage(this);
        }

        private static URI httpUri(URI uri, String name) {
            Objects.requireNonNull(uri, name);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException(name + " must be an absolute http or https URI: " + uri);
            }
            return uri;
        }
    }
}
