package io.meetkit.testkit.s3;

import io.meetkit.recording.S3RecordingStorage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 server in this JVM for tests: s3proxy on {@code 127.0.0.1} with objects in memory, SigV2/V4 authentication
 * with a fixed key, path-style addressing. Give {@link #recordingStorage(String)} to MeetKit and
 * {@link #client()} to {@code FakeLiveKitServer.builder().egressStorage(...)}, and the simulated egress writes the
 * files MeetKit then downloads and deletes.
 *
 * <pre>{@code
 * try (InProcessS3 s3 = InProcessS3.start("recordings")) {
 *     S3RecordingStorage storage = s3.recordingStorage("recordings").build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Start one per test class; {@link #close()} stops the server and its client.
 */
public final class InProcessS3 implements AutoCloseable {

    /** The access key the server accepts. */
    public static final String ACCESS_KEY = "local-access";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "local-secret";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private InProcessS3(S3Proxy proxy, URI endpoint, S3Client client) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.client = client;
    }

    /**
     * Starts a server on a free port and creates the buckets.
     *
     * @param buckets the buckets to create
     * @return the running server
     * @throws IllegalStateException if the server does not start within 20 seconds
     */
    public static InProcessS3 start(String... buckets) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "s3proxy did not start within " + START_TIMEOUT + " (state " + proxy.getState() + ")");
                }
                Thread.sleep(5); // start() returns before Jetty is ready; there is no callback to wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(proxy);
            throw new IllegalStateException("interrupted while starting s3proxy", e);
        } catch (RuntimeException e) {
            stopQuietly(proxy);
            throw e;
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("s3proxy did not start: " + e, e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        S3Client client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        InProcessS3 s3 = new InProcessS3(proxy, endpoint, client);
        for (String bucket : buckets) {
            s3.createBucket(bucket);
        }
        return s3;
    }

    /** The endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client for this server (owned by it: do not close it). */
    public S3Client client() {
        return client;
    }

    /** Creates a bucket. */
    public void createBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        client.createBucket(b -> b.bucket(bucket));
    }

    /**
     * A recording storage builder already pointed at this server (endpoint, path style, checksums when required,
     * the server's key) for the bucket; add options and build it.
     */
    public S3RecordingStorage.Builder recordingStorage(String bucket) {
        return S3RecordingStorage.builder()
                .bucket(bucket)
                .endpoint(endpoint)
                .pathStyle(true)
                .checksumMode(S3RecordingStorage.ChecksumMode.WHEN_REQUIRED)
                .credentials(ACCESS_KEY, SECRET_KEY);
    }

    /** Lists the object keys in a bucket that start with {@code prefix}, in key order. */
    public List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page =
                    client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(t));
            for (S3Object o : page.contents()) {
                keys.add(o.key());
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    /** Reads an object, or empty if there is none. */
    public Optional<byte[]> read(String bucket, String key) {
        try {
            return Optional.of(
                    client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Stops the server and closes its client. */
    @Override
    public void close() {
        client.close();
        stopQuietly(proxy);
    }

    @Override
    public String toString() {
        return "InProcessS3{endpoint=" + endpoint + '}';
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            System.getLogger(InProcessS3.class.getName()).log(System.Logger.Level.DEBUG, "stopping s3proxy failed", e);
        }
    }
}
