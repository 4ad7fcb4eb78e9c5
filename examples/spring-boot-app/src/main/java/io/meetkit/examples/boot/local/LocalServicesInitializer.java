package io.meetkit.examples.boot.local;

import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.s3.InProcessS3;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded defaults before the application context is refreshed, so that MeetKit's auto-configuration
 * finds them in {@code meetkit.*}: when {@code meetkit.livekit.url} is empty, an in-process
 * {@link FakeLiveKitServer} with a random API secret; when {@code meetkit.recording.s3.bucket} is empty, an
 * {@link InProcessS3} that the simulation's egress also writes to. {@code app.local-services.enabled=false} turns
 * this off. Once the web server runs, the simulation's webhooks go to MeetKit's webhook endpoint, and a banner says
 * that this is a local simulation without real media.
 *
 * <p>Registered in {@code META-INF/spring.factories}, so {@code @SpringBootTest} gets it too.
 */
public final class LocalServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(LocalServicesInitializer.class);
    static final String PROPERTY_SOURCE = "meetKitLocalServices";
    static final String BUCKET = "recordings";
    static final String API_KEY = "local-simulation";

    /** Created by Spring. */
    public LocalServicesInitializer() {}

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (!env.getProperty("app.local-services.enabled", Boolean.class, true)
                || env.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        InProcessS3 s3 = null;
        FakeLiveKitServer liveKit = null;
        try {
            if (blank(env.getProperty("meetkit.recording.s3.bucket"))) {
                s3 = InProcessS3.start(BUCKET);
                props.put("meetkit.recording.s3.bucket", BUCKET);
                props.put("meetkit.recording.s3.endpoint", s3.endpoint().toString());
                props.put("meetkit.recording.s3.path-style", "true");
                props.put("meetkit.recording.s3.checksum-when-required", "true");
                props.put("meetkit.recording.s3.region", "us-east-1");
                props.put("meetkit.recording.s3.access-key", InProcessS3.ACCESS_KEY);
                props.put("meetkit.recording.s3.secret-key", InProcessS3.SECRET_KEY);
            }
            if (blank(env.getProperty("meetkit.livekit.url"))) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                FakeLiveKitServer.Builder b = FakeLiveKitServer.builder()
                        .apiKey(API_KEY)
                        .apiSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                        .port(env.getProperty("app.local-services.livekit-port", Integer.class, 0));
                if (s3 != null) {
                    b.egressStorage(s3.client(), BUCKET);
                }
                liveKit = b.build().start();
                props.put("meetkit.livekit.url", liveKit.url());
                props.put("meetkit.livekit.api-key", liveKit.apiKey());
                props.put("meetkit.livekit.api-secret", liveKit.apiSecret());
            }
        } catch (RuntimeException e) {
            if (liveKit != null) {
                liveKit.close();
            }
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, props));
        LocalServices services = new LocalServices(liveKit, s3, s3 == null ? null : BUCKET);
        context.getBeanFactory().registerSingleton(LocalServices.BEAN_NAME, services);
        // registered singletons get no destroy callback of their own: stop them with the context, also when the
        // refresh fails
        ((org.springframework.beans.factory.support.DefaultSingletonBeanRegistry) context.getBeanFactory())
                .registerDisposableBean(LocalServices.BEAN_NAME + ".stop", services);
        context.addApplicationListener((ApplicationEvent event) -> onEvent(event, services, env));
    }

    private static void onEvent(ApplicationEvent event, LocalServices services, ConfigurableEnvironment env) {
        if (event instanceof WebServerInitializedEvent web
                && !"management".equals(web.getApplicationContext().getServerNamespace())) {
            String path = env.getProperty("meetkit.webhook.path", "/livekit/webhook");
            services.webhooksTo(
                    URI.create("http://127.0.0.1:" + web.getWebServer().getPort() + path));
        } else if (event instanceof ApplicationReadyEvent ready) {
            banner(services, env, ready);
        }
    }

    private static void banner(LocalServices services, ConfigurableEnvironment env, ApplicationReadyEvent ready) {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        StringBuilder b = new StringBuilder("\n\n");
        String line = "=".repeat(100);
        b.append(line).append('\n');
        b.append("  MeetKit example running on http://localhost:")
                .append(port)
                .append("   (Swagger UI: http://localhost:")
                .append(port)
                .append("/swagger-ui.html)\n");
        b.append("  Database: ")
                .append(env.getProperty("spring.datasource.url"))
                .append('\n');
        if (!services.none()) {
            b.append("\n  LOCAL SIMULATION, NO REAL MEDIA: video clients cannot join these meetings.\n");
        }
        services.liveKit()
                .ifPresent(lk -> b.append("  LiveKit:  in-process FakeLiveKitServer at ")
                        .append(lk.url())
                        .append(" (LiveKit's server API and webhooks, no media).\n")
                        .append("            For a real LiveKit / OpenVidu 3 set LIVEKIT_URL, LIVEKIT_API_KEY,"
                                + " LIVEKIT_API_SECRET.\n"));
        services.s3()
                .ifPresent(
                        s3 -> b.append("  S3:       in-process S3 (s3proxy) at ")
                                .append(s3.endpoint())
                                .append(", bucket ")
                                .append(BUCKET)
                                .append(", in memory: recordings vanish when the app stops.\n")
                                .append(
                                        "            For a real S3 set MEETKIT_RECORDING_S3_BUCKET (and _REGION, _ENDPOINT, ...).\n"));
        if (services.liveKit().isPresent() && services.s3().isEmpty()) {
            b.append("  Note: the simulated egress does not upload to the configured S3 bucket.\n");
        }
        if (services.liveKit().isEmpty() && services.s3().isPresent()) {
            b.append(
                    "  Note: a real LiveKit's egress cannot upload to an S3 inside this JVM: set MEETKIT_RECORDING_S3_BUCKET to record.\n");
        }
        b.append(line).append('\n');
        if (services.none()) {
            log.info("{}", b);
        } else {
            log.warn("{}", b);
        }
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
