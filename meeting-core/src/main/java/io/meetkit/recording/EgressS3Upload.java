package io.meetkit.recording;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The S3 settings handed to LiveKit egress with a recording request, so that it uploads to the same bucket MeetKit
 * reads. Without them (see {@link RecordingStorage#egressUpload()}) the egress uses its own storage configuration.
 * {@link #toString()} never shows the secret or the session token.
 *
 * @param bucket the bucket
 * @param region the region, for example {@code us-east-1}
 * @param endpoint the endpoint of an S3-compatible store as the egress reaches it, or {@code null} for AWS
 * @param forcePathStyle whether to address the bucket in the path instead of the host name
 * @param accessKey the access key id, or {@code null} for the egress's own credentials
 * @param secret the secret access key, or {@code null}
 * @param sessionToken the session token of temporary credentials, or {@code null}
 */
public record EgressS3Upload(
        String bucket,
        String region,
        @Nullable URI endpoint,
        boolean forcePathStyle,
        @Nullable String accessKey,
        @Nullable String secret,
        @Nullable String sessionToken) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the bucket or region is blank, or only one of key and secret is given
     */
    public EgressS3Upload {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if ((accessKey == null) != (secret == null)) {
            throw new IllegalArgumentException("accessKey and secret must be given together");
        }
    }

    @Override
    public String toString() {
        return "EgressS3Upload{bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint
                + ", forcePathStyle=" + forcePathStyle + ", accessKey=" + accessKey
                + ", secret=" + (secret == null ? "none" : "****")
                + ", sessionToken=" + (sessionToken == null ? "none" : "****") + '}';
    }
}
