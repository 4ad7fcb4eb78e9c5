package io.meetkit.spring;

import io.meetkit.MeetKit;
import io.meetkit.event.MeetingEventListener;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.maintenance.Maintenance;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.observe.MeetKitObserver;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingStorage;
import io.meetkit.recording.S3RecordingStorage;
import io.meetkit.rules.InputRules;
import io.meetkit.store.MeetKitStores;
import java.net.URI;
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
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configures {@link MeetKit} from {@code meetkit.*}: the LiveKit gateway, the stores (JDBC when meeting-jdbc
 * and a {@code DataSource} are present, in-memory otherwise), the {@link MeetKit} bean and its components. Every
 * bean backs off when the application defines its own; {@link MeetKitBuilderCustomizer} beans change single
 * settings. Turned off with {@code meetkit.enabled=false}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
@ConditionalOnClass(MeetKit.class)
@ConditionalOnProperty(prefix = "meetkit", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MeetKitProperties.class)
@Import({MeetKitStoresConfiguration.Jdbc.class, MeetKitStoresConfiguration.InMemory.class})
public class MeetKitAutoConfiguration {

    /** Created by Spring. */
    public MeetKitAutoConfiguration() {}

    /**
     * The LiveKit gateway and the recording storage. A nested class, so that both are decided before the
     * {@link MeetKit} bean of this class exists, and back off only for the application's own MeetKit.
     */
    @Configuration(proxyBeanMethods = false)
    public static class Components {

        /** Created by Spring. */
        public Components() {}

        /**
         * The LiveKit adapter over the official SDK, with {@code meetkit.livekit.timeout} on every call.
         *
         * @throws MeetKitConfigurationException naming the property when the URL, key or secret is missing or bad
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean({LiveKitGateway.class, MeetKit.class})
        public LiveKitServerGateway meetKitLiveKitGateway(MeetKitProperties properties) {
            MeetKitProperties.LiveKit lk = checkedLiveKit(properties);
            return MeetKit.liveKitGateway(lk.getUrl(), lk.getApiKey(), lk.getApiSecret(), lk.getTimeout());
        }

        /**
         * Recordings on S3 or an S3-compatible store, when {@code meetkit.recording.s3.bucket} is set.
         *
         * @throws MeetKitConfigurationException naming the property when a setting is invalid
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean({RecordingStorage.class, MeetKit.class})
        @ConditionalOnProperty(prefix = "meetkit.recording.s3", name = "bucket")
        public S3RecordingStorage meetKitRecordingStorage(MeetKitProperties properties) {
            MeetKitProperties.S3 s3 = properties.getRecording().getS3();
            S3RecordingStorage.Builder b = S3RecordingStorage.builder();
            named("meetkit.recording.s3.bucket", () -> b.bucket(String.valueOf(s3.getBucket())));
            named("meetkit.recording.s3.region", () -> b.region(s3.getRegion()));
            if (s3.getEndpoint() != null && !s3.getEndpoint().isBlank()) {
                named(
                        "meetkit.recording.s3.endpoint",
                        () -> b.endpoint(URI.create(s3.getEndpoint().strip())));
            }
            b.pathStyle(s3.isPathStyle());
            boolean hasKey = s3.getAccessKey() != null && !s3.getAccessKey().isBlank();
            boolean hasSecret = s3.getSecretKey() != null && !s3.getSecretKey().isBlank();
            if (hasKey != hasSecret) {
                throw new MeetKitConfigurationException(
                        "meetkit.recording.s3.access-key and" + " meetkit.recording.s3.secret-key go together",
                        "Set both, or neither to use the AWS default credentials chain",
                        null);
            }
            if (hasKey) {
                b.credentials(String.valueOf(s3.getAccessKey()), String.valueOf(s3.getSecretKey()));
            }
            b.checksumMode(
                    s3.isChecksumWhenRequired()
                            ? S3RecordingStorage.ChecksumMode.WHEN_REQUIRED
                            : S3RecordingStorage.ChecksumMode.WHEN_SUPPORTED);
            b.callTimeout(properties.getLivekit().getTimeout());
            b.egressUpload(s3.isEgressUpload());
            if (s3.getEgressEndpoint() != null && !s3.getEgressEndpoint().isBlank()) {
                if (!s3.isEgressUpload()) {
                    throw new MeetKitConfigurationException(
                            "meetkit.recording.s3.egress-endpoint is set but meetkit.recording.s3.egress-upload is"
                                    + " false, so the egress would never see it",
                            "Set meetkit.recording.s3.egress-upload=true, or remove"
                                    + " meetkit.recording.s3.egress-endpoint",
                            null);
                }
                named(
                        "meetkit.recording.s3.egress-endpoint",
                        () -> b.egressEndpoint(URI.create(s3.getEgressEndpoint().strip())));
            }
            return b.build();
        }

        static void named(String property, Runnable setter) {
            try {
                setter.run();
            } catch (IllegalArgumentException e) {
                throw new MeetKitConfigurationException(
                        property + " is invalid: " + e.getMessage(), "Correct " + property, e);
            }
        }
    }

    /**
     * MeetKit, built from the properties, the stores, the gateway, every {@link MeetingEventListener} bean and then
     * every {@link MeetKitBuilderCustomizer}.
     *
     * @throws MeetKitConfigurationException naming the property when a required setting is missing or bad
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MeetKit meetKit(
            MeetKitProperties properties,
            MeetKitStores stores,
            LiveKitGateway gateway,
            ObjectProvider<MeetingEventListener> listeners,
            ObjectProvider<MeetKitBuilderCustomizer> customizers,
            ObjectProvider<MeetKitObserver> observer,
            ObjectProvider<Clock> clock,
            ObjectProvider<RecordingStorage> recordingStorage,
            ObjectProvider<RolePolicy> rolePolicy) {
        MeetKitProperties.LiveKit lk = checkedLiveKit(properties);
        MeetKit.Builder builder = MeetKit.builder()
                .liveKitUrl(lk.getUrl())
                .apiKey(lk.getApiKey())
                .apiSecret(lk.getApiSecret())
                .allowShortSecretForDevelopment(lk.isAllowShortSecret())
                .callTimeout(lk.getTimeout())
                .createRoomsOnJoin(lk.isCreateRoomsOnJoin())
                .webhookBodyLimit(
                        Math.toIntExact(properties.getWebhook().getMaxBodySize().toBytes()))
                .tokenTtl(properties.getTokens().getTtl())
                .clockSkew(properties.getTokens().getClockSkew())
                .recordingKeyPrefix(properties.getRecording().getS3().getPrefix())
                .autoRecordParticipants(properties.getRecording().getAutoRecordParticipants())
                .stores(stores)
                .liveKitGateway(gateway)
                .relay(properties.getRelay().toOptions())
                .observer(observer.getIfAvailable(() -> MeetKitObserver.NONE));
        recordingStorage.ifUnique(builder::recordingStorage);
        rolePolicy.ifUnique(builder::rolePolicy);
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

    /** Participant tokens: the same object as {@code meetKit.tokens()}. */
    @Bean
    @ConditionalOnMissingBean
    public ParticipantTokens participantTokens(MeetKit meetKit) {
        return meetKit.tokens();
    }

    /** Recordings: the same object as {@code meetKit.recordings()}. */
    @Bean
    @ConditionalOnMissingBean
    public RecordingController recordingController(MeetKit meetKit) {
        return meetKit.recordings();
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
    @ConditionalOnProperty(
            prefix = "meetkit.maintenance",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    public MaintenanceScheduler meetKitMaintenanceScheduler(Maintenance maintenance, MeetKitProperties properties) {
        return new MaintenanceScheduler(maintenance, properties.getMaintenance().getInterval());
    }

    /**
     * Checks the required LiveKit settings and names the property of each problem.
     *
     * @throws MeetKitConfigurationException listing what is missing or wrong
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
            throw new MeetKitConfigurationException(
                    "MeetKit needs " + String.join(", ", missing) + " (the LiveKit or OpenVidu 3 deployment to use)",
                    "Set " + String.join(", ", missing) + ", or meetkit.enabled=false to turn MeetKit off",
                    null);
        }
        try {
            LiveKitServerGateway.apiUrl(lk.getUrl());
        } catch (IllegalArgumentException e) {
            throw new MeetKitConfigurationException(
                    "meetkit.livekit.url is invalid: " + e.getMessage(),
                    "Set meetkit.livekit.url to LiveKit's wss://, ws://, https:// or http:// URL",
                    e);
        }
        int secretBytes = lk.getApiSecret().getBytes(StandardCharsets.UTF_8).length;
        if (!InputRules.isLongEnoughSecret(secretBytes) && !lk.isAllowShortSecret()) {
            throw new MeetKitConfigurationException(
                    "meetkit.livekit.api-secret must be at least "
                            + InputRules.MIN_SECRET_BYTES + " bytes, it has " + secretBytes
                            + ": LiveKit tokens are HMAC-SHA256"
                            + " and a short key can be brute-forced",
                    "Use a LiveKit API secret of at least " + InputRules.MIN_SECRET_BYTES + " bytes. For LiveKit's"
                            + " development mode only, set meetkit.livekit.allow-short-secret=true",
                    null);
        }
        return lk;
    }

    private static boolean isBlank(@org.jspecify.annotations.Nullable String s) {
        return s == null || s.isBlank();
    }
}
