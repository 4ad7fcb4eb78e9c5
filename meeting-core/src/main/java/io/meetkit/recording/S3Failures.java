package io.meetkit.recording;

import io.meetkit.RecordingStorageException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an S3 failure means for {@link S3RecordingStorage}'s caller, the one job of this class: not found, a missing
 * bucket, refused credentials (not retryable), unreachable or 5xx/429 (retryable). Messages name the endpoint, the
 * bucket and the key, never the credentials. Immutable and thread-safe.
 */
final class S3Failures {

    private final String bucket;
    private final String region;
    private final @Nullable URI endpoint;

    S3Failures(String bucket, String region, @Nullable URI endpoint) {
        this.bucket = bucket;
        this.region = region;
        this.endpoint = endpoint;
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s && s.statusCode() == 404;
    }

    static boolean isNoSuchBucket(SdkException e) {
        return e instanceof S3Exception s
                && s.awsErrorDetails() != null
                && "NoSuchBucket".equals(s.awsErrorDetails().errorCode());
    }

    RecordingStorageException failure(String what, String key, SdkException e) {
        String where = endpoint != null ? endpoint.toString() : "AWS S3 (" + region + ")";
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            String code =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String detail = "HTTP " + status + (code == null ? "" : " " + code);
            if (status == 401 || status == 403) {
                return new RecordingStorageException(
                        "S3 at " + where + " refused to " + what + " " + key + " in bucket " + bucket + " (" + detail
                                + "): check the credentials and the bucket policy",
                        false,
                        e);
            }
            if (isNoSuchBucket(e)) {
                return new RecordingStorageException("S3 bucket " + bucket + " does not exist at " + where, false, e);
            }
            return new RecordingStorageException(
                    "S3 at " + where + " failed to " + what + " " + key + " (" + detail + ")",
                    status >= 500 || status == 429,
                    e);
        }
        if (e instanceof SdkClientException) {
            return new RecordingStorageException(
                    "S3 at " + where + " is unreachable: could not " + what + " " + key + ": "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    true,
                    e);
        }
        return new RecordingStorageException(
                "S3 at " + where + " failed to " + what + " " + key + ": " + e.getMessage(), e.retryable(), e);
    }
}
