package io.meetkit.spring;

import io.meetkit.MeetKit;
import io.meetkit.event.MeetingEventListener;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.maintenance.Maintenance;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.store.MeetKitStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configures {@link MeetKit} from {@code meetkit.*}: the LiveKit gateway, the stores (JDBC when meeting-jdbc
 * and a {@code DataSource} are present, in-memory otherwise), the {@link MeetKit} bean and its components. Every
 * bean backs off when the application defines its own; {@link MeetKitBuilderCustomizer} beans change single
 * settings. Turned off with {@code meetkit.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass(MeetKit.class)
@ConditionalOnProperty(prefix = "meetkit", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MeetKitProperties.class)
@Import({MeetKitStoresConfiguration.Jdbc.class, MeetKitStoresConfiguration.InMemory.class})
public class MeetKitAutoConfiguration {

    /** Created by Spring. */
    public MeetKitAutoConfiguration() {}

    /**
     * The LiveKit adapter over the official SDK, with {@code meetkit.livekit.timeout} on every call.
     *
     * @throws IllegalStateException naming the property when the URL, key or secret is missing or bad
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({LiveKitGateway.class, MeetKit.class})
    public LiveKitServerGateway meetKitLiveKitGateway(MeetKitProperties properties) {
        MeetKitProperties.LiveKit lk = checkedLiveKit(properties);
        return LiveKitServerGateway.create(lk.getUrl(), lk.getApiKey(), lk.getApiSecret(), lk.getTimeout());
    }

    /**
     * MeetKit, built from the properties, the stores, the gateway, every {@link MeetingEventListener} bean and then
     * every {@link MeetKitBuilderCustomizer}.
     *
     * @throws IllegalStateException naming the property when a required setting is missing or bad
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MeetKit meetKit(MeetKitProperties properties, MeetKitStores stores, LiveKitGateway gateway,
            ObjectProvider<MeetingEventListener> listeners, ObjectProvider<MeetKitBuilderCustomizer> customizers,
            ObjectProvider<MeetKitObserver> observer, ObjectProvider<Clock> clock) {
        MeetKitProperties.LiveKit lk = checkedLiveKit(properties);
        MeetKit.Builder builder = MeetKit.builder()
                .liveKitUrl(lk.getUrl())
                .apiKey(lk.getApiKey())
                .apiSecret(lk.getApiSecret())
                .allowShortSecretForDevelopment(lk.isAllowShortSecret())
                .callTimeout(lk.getTimeout())
                .webhookBodyLimit(Math.toIntExact(properties.getWebhook().getMaxBodySize().toBytes()))
                .webhookClockSkew(properties.getTokens().getClockSkew())
                .stores(stores)
                .liveKitGateway(observer.getIfAvailable(() -> MeetKitObserver.NONE).observe(gateway));
        Clock c = clock.getIfUnique();
        if (c != null) {
            builder.clock(c);
        }
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** Meetings: the same object as {@code meetKit.meetings()}. */
    @Bean
    @ConditionalOnMissingBean
    public MeetingManager meetingManager(MeetKit meetKit) {
        return meetKit.meetings();
    }

    /** LiveKit webhook handling: the same object as {@code meetKit.webhooks()}. */
    @Bean
    @ConditionalOnMissingBean
    public LiveKitWebhooks liveKitWebhooks(MeetKit meetKit) {
        return meetKit.webhooks();
    }

    /** The maintenance jobs: the same object as {@code meetKit.maintenance()}. */
    @Bean
    @ConditionalOnMissingBean
    public Maintenance meetKitMaintenance(MeetKit meetKit) {
        return meetKit.maintenance();
    }

    /**
     * Runs {@link Maintenance} every {@code meetkit.maintenance.interval} on its own daemon thread, from start-up to
     * shutdown; off with {@code meetkit.maintenance.enabled=false}. A store lease makes one instance do each job.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "meetkit.maintenance", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public MaintenanceScheduler meetKitMaintenanceScheduler(Maintenance maintenance, MeetKitProperties properties) {
        return new MaintenanceScheduler(maintenance, properties.getMaintenance().getInterval());
    }

    /**
     * Checks the required LiveKit settings and names the property of each problem.
     *
     * @throws IllegalStateException listing what is missing or wrong
     */
    static MeetKitProperties.LiveKit checkedLiveKit(MeetKitProperties properties) {
        MeetKitProperties.LiveKit lk = properties.getLivekit();
        List<String> missing = new ArrayList<>();
        if (isBlank(lk.getUrl())) {
            missing.add("meetkit.livekit.url");
        }
        if (isBlank(lk.getApiKey())) {
            missing.add("meetkit.livekit.api-key");
        }
        if (isBlank(lk.getApiSecret())) {
            missing.add("meetkit.livekit.api-secret");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("MeetKit needs " + String.join(", ", missing)
                    + " (the LiveKit or OpenVidu 3 deployment to use); set them, or meetkit.enabled=false");
        }
        try {
            LiveKitServerGateway.apiUrl(lk.getUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("meetkit.livekit.url is invalid: " + e.getMessage(), e);
        }
        int secretBytes = lk.getApiSecret().getBytes(StandardCharsets.UTF_8).length;
        if (secretBytes < MeetKit.MIN_SECRET_BYTES && !lk.isAllowShortSecret()) {
            throw new IllegalStateException("meetkit.livekit.api-secret must be at least " + MeetKit.MIN_SECRET_BYTES
                    + " bytes, it has " + secretBytes + ": LiveKit tokens are HMAC-SHA256 and a short key can be"
                    + " brute-forced. For LiveKit's development mode only, set meetkit.livekit.allow-short-secret=true");
        }
        return lk;
    }

    private static boolean isBlank(@org.jspecify.annotations.Nullable String s) {
        return s == null || s.isBlank();
    }
}
