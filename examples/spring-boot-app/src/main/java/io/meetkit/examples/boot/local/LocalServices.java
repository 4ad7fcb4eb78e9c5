package io.meetkit.examples.boot.local;

import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.s3.InProcessS3;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The in-process services the application started because none were configured: a {@link FakeLiveKitServer} (a
 * simulation of LiveKit's server API without media) and an {@link InProcessS3}. A bean named
 * {@value #BEAN_NAME}; tests use it to simulate participants. Thread-safe.
 */
public final class LocalServices implements DisposableBean {

    /** The bean name. */
    public static final String BEAN_NAME = "meetKitLocalServices";

    private static final Logger log = LoggerFactory.getLogger(LocalServices.class);

    private final @Nullable FakeLiveKitServer liveKit;
    private final @Nullable InProcessS3 s3;
    private final @Nullable String bucket;

    LocalServices(@Nullable FakeLiveKitServer liveKit, @Nullable InProcessS3 s3, @Nullable String bucket) {
        this.liveKit = liveKit;
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The LiveKit simulation, when no LiveKit URL was configured. */
    public Optional<FakeLiveKitServer> liveKit() {
        return Optional.ofNullable(liveKit);
    }

    /** The in-process S3, when no bucket was configured. */
    public Optional<InProcessS3> s3() {
        return Optional.ofNullable(s3);
    }

    /** The bucket of the in-process S3, when it runs. */
    public Optional<String> bucket() {
        return Optional.ofNullable(bucket);
    }

    /** {@code true} when nothing was started (everything is configured). */
    public boolean none() {
        return liveKit == null && s3 == null;
    }

    /** Points the simulation's webhooks at the application, once its port is known. */
    void webhooksTo(URI url) {
        if (liveKit != null) {
            liveKit.webhookUrl(url);
        }
    }

    /** Stops what was started. */
    @Override
    public void destroy() {
        if (liveKit != null) {
            liveKit.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (!none()) {
            log.info("Stopped the local services");
        }
    }
}
