package io.meetkit.recording;

import io.meetkit.recording.S3RecordingStorage.ChecksumMode;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds {@link S3RecordingStorage}'s two AWS SDK clients from its settings, the one job of this class. */
final class S3Clients {

    private S3Clients() {}

    static S3Client client(
            String region,
            @Nullable URI endpoint,
            boolean pathStyle,
            AwsCredentialsProvider credentials,
            ChecksumMode checksumMode,
            Duration callTimeout) {
        boolean whenRequired = checksumMode == ChecksumMode.WHEN_REQUIRED;
        var client = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout))
                .requestChecksumCalculation(
                        whenRequired
                                ? RequestChecksumCalculation.WHEN_REQUIRED
                                : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(
                        whenRequired
                                ? ResponseChecksumValidation.WHEN_REQUIRED
                                : ResponseChecksumValidation.WHEN_SUPPORTED);
        if (endpoint != null) {
            client.endpointOverride(endpoint);
        }
        return client.build();
    }

    static S3Presigner presigner(
            String region, @Nullable URI endpoint, boolean pathStyle, AwsCredentialsProvider credentials) {
        var presign = S3Presigner.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(pathStyle)
                        .build());
        if (endpoint != null) {
            presign.endpointOverride(endpoint);
        }
        return presign.build();
    }
}
