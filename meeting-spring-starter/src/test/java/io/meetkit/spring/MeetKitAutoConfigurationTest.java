package io.meetkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.maintenance.Maintenance;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingStorage;
import io.meetkit.recording.S3RecordingStorage;
import io.meetkit.spring.web.ApiAuthorities;
import io.meetkit.spring.web.MeetKitWebAutoConfiguration;
import io.meetkit.spring.web.ParticipantRoleResolver;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.unit.DataSize;

class MeetKitAutoConfigurationTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test";

    static final String[] REQUIRED = {
        "meetkit.livekit.url=http://127.0.0.1:7880",
        "meetkit.livekit.api-key=devkey",
        "meetkit.livekit.api-secret=" + SECRET
    };

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MeetKitAutoConfiguration.class));

    @Test
    @DisplayName("the auto-configurations are listed in AutoConfiguration.imports")
    void listedForDiscovery() {
        List<String> candidates = ImportCandidates.load(
                        AutoConfiguration.class, getClass().getClassLoader())
                .getCandidates();
        assertThat(candidates)
                .contains(MeetKitAutoConfiguration.class.getName(), MeetKitWebAutoConfiguration.class.getName());
    }

    @Test
    @DisplayName("the generated metadata describes every meetkit.* property, for IDE completion")
    void configurationMetadata() throws Exception {
        com.fasterxml.jackson.databind.JsonNode metadata;
        try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        java.util.Map<String, String> described = new java.util.HashMap<>();
        metadata.get("properties")
                .forEach(p -> described.put(
                        p.get("name").asText(),
                        p.has("description") ? p.get("description").asText() : ""));
        assertThat(described)
                .containsKeys(
                        "meetkit.livekit.url",
                        "meetkit.livekit.api-key",
                        "meetkit.livekit.api-secret",
                        "meetkit.livekit.timeout",
                        "meetkit.livekit.create-rooms-on-join",
                        "meetkit.tokens.ttl",
                        "meetkit.tokens.clock-skew",
                        "meetkit.recording.s3.bucket",
                        "meetkit.recording.s3.region",
                        "meetkit.recording.s3.endpoint",
                        "meetkit.recording.s3.path-style",
                        "meetkit.recording.s3.prefix",
                        "meetkit.recording.s3.download-ttl",
                        "meetkit.recording.s3.egress-upload",
                        "meetkit.recording.s3.egress-endpoint",
                        "meetkit.jdbc.initialize-schema",
                        "meetkit.jdbc.table-prefix",
                        "meetkit.webhook.path",
                        "meetkit.web.enabled",
                        "meetkit.maintenance.enabled",
                        "meetkit.maintenance.interval",
                        "meetkit.relay.endpoints",
                        "meetkit.relay.max-attempts",
                        "meetkit.relay.retention",
                        "management.health.meetkit.enabled");
        assertThat(described)
                .allSatisfy(
                        (name, description) -> assertThat(description).as(name).isNotBlank());
    }

    @Test
    @DisplayName("with the three required properties: MeetKit, its manager, the SDK gateway and in-memory stores")
    void defaults() {
        runner.withPropertyValues(REQUIRED).run(ctx -> {
            assertThat(ctx)
                    .hasNotFailed()
                    .hasSingleBean(MeetKit.class)
                    .hasSingleBean(MeetingManager.class)
                    .hasSingleBean(LiveKitServerGateway.class)
                    .hasSingleBean(MeetKitStores.class);
            assertThat(ctx.getBean(MeetKitStores.class)).isInstanceOf(InMemoryStores.class);
            assertThat(ctx)
                    .hasSingleBean(ParticipantTokens.class)
                    .hasSingleBean(RecordingController.class)
                    .hasSingleBean(LiveKitWebhooks.class)
                    .hasSingleBean(Maintenance.class)
                    .doesNotHaveBean(RecordingStorage.class);
            MeetKit kit = ctx.getBean(MeetKit.class);
            assertThat(ctx.getBean(ParticipantTokens.class)).isSameAs(kit.tokens());
            assertThat(ctx.getBean(ParticipantTokens.class).tokenTtl()).isEqualTo(Duration.ofHours(2));
            assertThat(ctx.getBean(MeetingManager.class)).isSameAs(kit.meetings());
            assertThat(kit.liveKitUrl()).isEqualTo("http://127.0.0.1:7880");
            assertThat(kit.autoRecordParticipants()).isEqualTo(RecordingController.DEFAULT_AUTO_RECORD_PARTICIPANTS);
            assertThat(kit.toString()).doesNotContain(SECRET);
            MeetKitProperties p = ctx.getBean(MeetKitProperties.class);
            assertThat(p.getLivekit().getTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(p.getLivekit().isCreateRoomsOnJoin()).isFalse();
            assertThat(p.getTokens().getTtl()).isEqualTo(Duration.ofHours(2));
            assertThat(p.getTokens().getClockSkew()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.getWebhook().getPath()).isEqualTo("/livekit/webhook");
            assertThat(p.getJdbc().getInitializeSchema()).isEqualTo(MeetKitProperties.InitializeSchema.EMBEDDED);
            assertThat(p.getJdbc().getTablePrefix()).isEqualTo("meetkit_");
            assertThat(p.getWeb().getAdminAuthority()).isEqualTo("ROLE_ADMIN");
            assertThat(p.getWeb().getUserAuthority()).isEqualTo("ROLE_USER");
            assertThat(p.getWeb().getDisplayNameClaims()).containsExactly("preferred_username", "name");
            assertThat(p.getMaintenance().isEnabled()).isTrue();
            assertThat(p.getMaintenance().getInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.getLivekit().toString()).doesNotContain(SECRET);
        });
    }

    @Test
    @DisplayName("every meetkit.* property binds, durations and sizes in Boot's formats")
    void propertiesBind() {
        runner.withPropertyValues(REQUIRED)
                .withPropertyValues(
                        "meetkit.livekit.timeout=3s",
                        "meetkit.livekit.create-rooms-on-join=true",
                        "meetkit.tokens.ttl=3h",
                        "meetkit.tokens.clock-skew=30s",
                        "meetkit.recording.s3.bucket=recs",
                        "meetkit.recording.s3.region=eu-west-1",
                        "meetkit.recording.s3.endpoint=http://127.0.0.1:9000",
                        "meetkit.recording.s3.path-style=true",
                        "meetkit.recording.s3.prefix=rec",
                        "meetkit.recording.s3.download-ttl=PT2M",
                        "meetkit.recording.s3.access-key=ak",
                        "meetkit.recording.s3.secret-key=sk",
                        "meetkit.recording.s3.checksum-when-required=true",
                        "meetkit.recording.auto-record-participants=3",
                        "meetkit.jdbc.initialize-schema=never",
                        "meetkit.jdbc.table-prefix=mk_",
                        "meetkit.webhook.path=/hooks/livekit",
                        "meetkit.webhook.max-body-size=64KB",
                        "meetkit.web.admin-authority=SCOPE_meetings:admin",
                        "meetkit.web.user-authority=SCOPE_meetings",
                        "meetkit.web.security-order=5",
                        "meetkit.web.http-basic=false",
                        "meetkit.web.display-name-claims=username,nickname",
                        "meetkit.maintenance.enabled=false",
                        "meetkit.maintenance.interval=30s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    MeetKitProperties p = ctx.getBean(MeetKitProperties.class);
                    assertThat(p.getLivekit().getTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getLivekit().isCreateRoomsOnJoin()).isTrue();
                    assertThat(p.getTokens().getTtl()).isEqualTo(Duration.ofHours(3));
                    assertThat(p.getTokens().getClockSkew()).isEqualTo(Duration.ofSeconds(30));
                    MeetKitProperties.S3 s3 = p.getRecording().getS3();
                    assertThat(s3.getBucket()).isEqualTo("recs");
                    assertThat(s3.getRegion()).isEqualTo("eu-west-1");
                    assertThat(s3.getEndpoint()).isEqualTo("http://127.0.0.1:9000");
                    assertThat(s3.isPathStyle()).isTrue();
                    assertThat(s3.getPrefix()).isEqualTo("rec");
                    assertThat(s3.getDownloadTtl()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(s3.getAccessKey()).isEqualTo("ak");
                    assertThat(s3.getSecretKey()).isEqualTo("sk");
                    assertThat(s3.isChecksumWhenRequired()).isTrue();
                    assertThat(p.getRecording().getAutoRecordParticipants()).isEqualTo(3);
                    assertThat(ctx.getBean(MeetKit.class).autoRecordParticipants())
                            .as("handed to MeetKit.Builder.autoRecordParticipants")
                            .isEqualTo(3);
                    assertThat(p.getJdbc().getInitializeSchema()).isEqualTo(MeetKitProperties.InitializeSchema.NEVER);
                    assertThat(p.getJdbc().getTablePrefix()).isEqualTo("mk_");
                    assertThat(p.getWebhook().getPath()).isEqualTo("/hooks/livekit");
                    assertThat(p.getWebhook().getMaxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
                    assertThat(p.getWeb().getAdminAuthority()).isEqualTo("SCOPE_meetings:admin");
                    assertThat(p.getWeb().getUserAuthority()).isEqualTo("SCOPE_meetings");
                    assertThat(p.getWeb().getSecurityOrder()).isEqualTo(5);
                    assertThat(p.getWeb().isHttpBasic()).isFalse();
                    assertThat(p.getWeb().getDisplayNameClaims()).containsExactly("username", "nickname");
                    assertThat(p.getMaintenance().isEnabled()).isFalse();
                    assertThat(p.getMaintenance().getInterval()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    @DisplayName("meetkit.recording.s3.bucket turns recordings on with S3 storage")
    void s3Storage() {
        runner.withPropertyValues(REQUIRED)
                .withPropertyValues(
                        "meetkit.recording.s3.bucket=recs",
                        "meetkit.recording.s3.endpoint=http://127.0.0.1:9000",
                        "meetkit.recording.s3.path-style=true",
                        "meetkit.recording.s3.access-key=ak",
                        "meetkit.recording.s3.secret-key=sk")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(S3RecordingStorage.class);
                    assertThat(ctx.getBean(S3RecordingStorage.class).bucket()).isEqualTo("recs");
                    assertThat(ctx.getBean(S3RecordingStorage.class).egressUpload())
                            .as("by default the egress uploads with its own storage configuration")
                            .isEmpty();
                });
    }

    @Test
    @DisplayName("meetkit.recording.s3.egress-upload hands bucket, endpoint and credentials to the egress")
    void s3EgressUpload() {
        runner.withPropertyValues(REQUIRED)
                .withPropertyValues(
                        "meetkit.recording.s3.bucket=recs",
                        "meetkit.recording.s3.region=eu-west-1",
                        "meetkit.recording.s3.endpoint=http://127.0.0.1:9000",
                        "meetkit.recording.s3.egress-endpoint=http://minio:9000",
                        "meetkit.recording.s3.path-style=true",
                        "meetkit.recording.s3.access-key=ak",
                        "meetkit.recording.s3.secret-key=sk",
                        "meetkit.recording.s3.egress-upload=true")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    var upload =
                            ctx.getBean(S3RecordingStorage.class).egressUpload().orElseThrow();
                    assertThat(upload.bucket()).isEqualTo("recs");
                    assertThat(upload.region()).isEqualTo("eu-west-1");
                    assertThat(upload.endpoint()).hasToString("http://minio:9000");
                    assertThat(upload.forcePathStyle()).isTrue();
                    assertThat(upload.accessKey()).isEqualTo("ak");
                    assertThat(upload.secret()).isEqualTo("sk");
                });
    }

    @Nested
    @DisplayName("an application bean wins")
    class UserBeans {

        @Test
        void roleResolverOfTheApplication() {
            ParticipantRoleResolver own = (user, meeting) -> "SPEAKER";
            web().withPropertyValues(REQUIRED)
                    .withBean(ParticipantRoleResolver.class, () -> own)
                    .run(ctx -> assertThat(ctx.getBean(ParticipantRoleResolver.class))
                            .isSameAs(own));
        }

        @Test
        void recordingStorageOfTheApplication() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.recording.s3.bucket=recs")
                    .withBean(
                            RecordingStorage.class,
                            () -> S3RecordingStorage.builder()
                                    .bucket("own")
                                    .credentials("a", "b")
                                    .build())
                    .run(ctx -> {
                        assertThat(ctx).hasSingleBean(RecordingStorage.class);
                        assertThat(((S3RecordingStorage) ctx.getBean(RecordingStorage.class)).bucket())
                                .isEqualTo("own");
                    });
        }

        @Test
        void storesOfTheApplication() {
            runner.withPropertyValues(REQUIRED)
                    .withUserConfiguration(OwnStores.class)
                    .run(ctx -> {
                        assertThat(ctx).hasSingleBean(MeetKitStores.class);
                        assertThat(ctx.getBean(MeetKit.class).stores()).isSameAs(OwnStores.STORES);
                    });
        }

        @Test
        void meetKitOfTheApplication() {
            runner.withUserConfiguration(OwnMeetKit.class).run(ctx -> {
                assertThat(ctx).hasNotFailed().hasSingleBean(MeetKit.class);
                assertThat(ctx.getBean(MeetKit.class).liveKitUrl()).isEqualTo("wss://own.example");
                assertThat(ctx).doesNotHaveBean(LiveKitServerGateway.class);
            });
        }

        @Test
        @DisplayName("a MeetKitBuilderCustomizer changes one thing (here the clock)")
        void customizer() {
            Instant fixed = Instant.parse("2030-01-02T03:04:05Z");
            runner.withPropertyValues(REQUIRED)
                    .withBean(MeetKitBuilderCustomizer.class, () -> b -> b.clock(Clock.fixed(fixed, ZoneOffset.UTC)))
                    .run(ctx -> {
                        Meeting m = ctx.getBean(MeetingManager.class)
                                .create(CreateMeeting.builder("Standup", "alice")
                                        .build());
                        assertThat(m.createdAt()).isEqualTo(fixed);
                    });
        }
    }

    @Nested
    @DisplayName("maintenance")
    class MaintenanceSchedule {

        @Test
        @DisplayName("runs every meetkit.maintenance.interval while the context runs")
        void runs() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.maintenance.interval=1s")
                    .run(ctx -> {
                        MaintenanceScheduler scheduler = ctx.getBean(MaintenanceScheduler.class);
                        assertThat(scheduler.isRunning()).isTrue();
                        assertThat(scheduler.interval()).isEqualTo(Duration.ofSeconds(1));
                        Maintenance maintenance = ctx.getBean(Maintenance.class);
                        assertThat(maintenance)
                                .isSameAs(ctx.getBean(MeetKit.class).maintenance());
                        Awaitility.await()
                                .atMost(Duration.ofSeconds(10))
                                .until(() -> maintenance.lastReport().isPresent());
                    });
        }

        @Test
        void switchedOff() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.maintenance.enabled=false")
                    .run(ctx -> assertThat(ctx)
                            .hasNotFailed()
                            .doesNotHaveBean(MaintenanceScheduler.class)
                            .hasSingleBean(Maintenance.class));
        }
    }

    @Nested
    @DisplayName("features switched off")
    class SwitchedOff {

        @Test
        void webhookEndpointDisabled() {
            web().withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.webhook.enabled=false")
                    .run(ctx -> {
                        assertThat(ctx)
                                .hasNotFailed()
                                .doesNotHaveBean("meetKitWebhookController")
                                .hasBean("meetKitMeetingsController");
                    });
        }

        @Test
        @DisplayName("the webhook endpoint needs Spring MVC only, not Spring Security")
        void webhookWithoutSecurity() {
            web().withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.web.enabled=false")
                    .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                    .run(ctx -> assertThat(ctx).hasNotFailed().hasBean("meetKitWebhookController"));
        }

        @Test
        void meetKitDisabled() {
            runner.withPropertyValues("meetkit.enabled=false")
                    .run(ctx -> assertThat(ctx)
                            .hasNotFailed()
                            .doesNotHaveBean(MeetKit.class)
                            .doesNotHaveBean(MeetKitProperties.class));
        }

        @Test
        void restApiDisabled() {
            web().withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.web.enabled=false")
                    .run(ctx -> {
                        assertThat(ctx)
                                .hasNotFailed()
                                .hasSingleBean(MeetKit.class)
                                .doesNotHaveBean(ApiAuthorities.class)
                                .doesNotHaveBean("meetKitSecurityFilterChain")
                                .doesNotHaveBean("meetKitMeetingsController");
                    });
        }

        @Test
        void restApiOnByDefault() {
            web().withPropertyValues(REQUIRED).run(ctx -> {
                assertThat(ctx)
                        .hasNotFailed()
                        .hasBean("meetKitSecurityFilterChain")
                        .hasBean("meetKitMeetingsController");
                // Boot's default chain for everything else is still there: MeetKit only takes /api/** and the webhook
                assertThat(ctx.getBeansOfType(SecurityFilterChain.class)).hasSizeGreaterThanOrEqualTo(2);
            });
        }
    }

    @Nested
    @DisplayName("JDBC stores when meeting-jdbc and a DataSource are present")
    class JdbcStoresWithDataSource {

        @Test
        @DisplayName("an in-memory H2 gets JdbcStores and its schema (initialize-schema=embedded)")
        void embeddedSchema() {
            String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            runner.withPropertyValues(REQUIRED)
                    .withBean(DataSource.class, () -> h2(url))
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(ctx.getBean(MeetKitStores.class)).isInstanceOf(JdbcStores.class);
                        assertThat(tables(ctx.getBean(DataSource.class)))
                                .contains(
                                        "MEETKIT_MEETINGS",
                                        "MEETKIT_RECORDINGS",
                                        "MEETKIT_NAME_RESERVATIONS",
                                        "MEETKIT_WEBHOOK_EVENTS",
                                        "MEETKIT_LEASES");
                        Meeting m = ctx.getBean(MeetingManager.class)
                                .create(CreateMeeting.builder("Kept", "bob").build());
                        assertThat(ctx.getBean(JdbcStores.class).meetings().findById(m.id()))
                                .isPresent();
                    });
        }

        @Test
        @DisplayName("initialize-schema=never leaves the schema to the application; table-prefix is used")
        void neverAndPrefix() {
            String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.jdbc.initialize-schema=never", "meetkit.jdbc.table-prefix=mk_")
                    .withBean(DataSource.class, () -> h2(url))
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(ctx.getBean(JdbcStores.class).tablePrefix()).isEqualTo("mk_");
                        assertThat(tables(ctx.getBean(DataSource.class))).noneMatch(t -> t.startsWith("MK_"));
                    });
        }

        @Test
        @DisplayName("initialize-schema=always creates the schema with the prefix")
        void alwaysWithPrefix() {
            String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.jdbc.initialize-schema=always", "meetkit.jdbc.table-prefix=mk_")
                    .withBean(DataSource.class, () -> h2(url))
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(tables(ctx.getBean(DataSource.class))).contains("MK_MEETINGS");
                    });
        }
    }

    static List<String> tables(DataSource ds) throws java.sql.SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (java.sql.Connection c = ds.getConnection();
                java.sql.ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    @Nested
    @DisplayName("without optional libraries")
    class Without {

        @Test
        @DisplayName("without meeting-jdbc, even with a DataSource: in-memory stores")
        void withoutMeetingJdbc() {
            runner.withPropertyValues(REQUIRED)
                    .withClassLoader(new FilteredClassLoader("io.meetkit.jdbc"))
                    .withBean(DataSource.class, () -> h2("jdbc:h2:mem:nojdbc;DB_CLOSE_DELAY=-1"))
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(ctx.getBean(MeetKitStores.class)).isInstanceOf(InMemoryStores.class);
                    });
        }

        @Test
        @DisplayName("without Actuator and Micrometer: still starts")
        void withoutActuatorAndMicrometer() {
            web().withPropertyValues(REQUIRED)
                    .withClassLoader(new FilteredClassLoader(
                            "io.micrometer", "org.springframework.boot.actuate", "org.springframework.boot.health"))
                    .run(ctx -> assertThat(ctx)
                            .hasNotFailed()
                            .hasSingleBean(MeetKit.class)
                            .hasBean("meetKitSecurityFilterChain"));
        }

        @Test
        @DisplayName("without Spring Security the REST API refuses to start, saying how to fix it")
        void withoutSpringSecurity() {
            web().withPropertyValues(REQUIRED)
                    .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(ctx.getStartupFailure())
                                .rootCause()
                                .hasMessageContaining("spring-boot-starter-security")
                                .hasMessageContaining("meetkit.web.enabled=false");
                    });
        }

        @Test
        @DisplayName("without Spring Security and with the REST API off: starts")
        void withoutSpringSecurityApiOff() {
            web().withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.web.enabled=false")
                    .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                    .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(MeetKit.class));
        }
    }

    @Nested
    @DisplayName("bad settings fail the start and name the property")
    class FailFast {

        @Test
        void missingRequired() {
            runner.run(ctx -> {
                assertThat(ctx).hasFailed();
                assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("meetkit.livekit.url")
                        .hasMessageContaining("meetkit.livekit.api-key")
                        .hasMessageContaining("meetkit.livekit.api-secret");
            });
        }

        @Test
        void tooShortSecret() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.livekit.api-secret=secret")
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(ctx.getStartupFailure())
                                .rootCause()
                                .hasMessageContaining("meetkit.livekit.api-secret must be at least 32 bytes, it has 6")
                                .hasMessageContaining("meetkit.livekit.allow-short-secret=true")
                                .hasMessageNotContaining("secret=secret");
                    });
        }

        @Test
        @DisplayName("Spring Boot prints the failure as a description and an action")
        void failureAnalysis() throws java.io.IOException {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.livekit.api-secret=secret")
                    .run(ctx -> {
                        FailureAnalysis analysis = new MeetKitFailureAnalyzer().analyze(ctx.getStartupFailure());
                        assertThat(analysis).isNotNull();
                        assertThat(analysis.getDescription()).contains("meetkit.livekit.api-secret");
                        assertThat(analysis.getAction()).contains("meetkit.livekit.allow-short-secret=true");
                    });
            List<String> registered = new java.util.ArrayList<>();
            for (java.net.URL url :
                    java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
                java.util.Properties factories = new java.util.Properties();
                try (var in = url.openStream()) {
                    factories.load(in);
                }
                registered.add(factories.getProperty(FailureAnalyzer.class.getName(), ""));
            }
            assertThat(registered).anyMatch(v -> v.contains(MeetKitFailureAnalyzer.class.getName()));
        }

        @Test
        void shortSecretAllowedForDevelopment() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.livekit.api-secret=secret", "meetkit.livekit.allow-short-secret=true")
                    .run(ctx -> assertThat(ctx).hasNotFailed());
        }

        @Test
        void invalidUrl() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.livekit.url=ftp://nope")
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(ctx.getStartupFailure()).hasStackTraceContaining("meetkit.livekit.url is invalid");
                    });
        }

        @Test
        void negativeTimeout() {
            failsNaming("meetkit.livekit.timeout=-5s", "meetkit.livekit.timeout");
        }

        @Test
        void unparsableDuration() {
            failsNaming("meetkit.tokens.ttl=banana", "meetkit.tokens.ttl");
        }

        @Test
        void badS3Endpoint() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.recording.s3.bucket=b", "meetkit.recording.s3.endpoint=ftp://x")
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(ctx.getStartupFailure()).hasStackTraceContaining("meetkit.recording.s3.endpoint");
                    });
        }

        @Test
        void egressEndpointWithoutEgressUpload() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues(
                            "meetkit.recording.s3.bucket=b", "meetkit.recording.s3.egress-endpoint=http://minio:9000")
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(ctx.getStartupFailure())
                                .hasStackTraceContaining("meetkit.recording.s3.egress-upload");
                    });
        }

        @Test
        void accessKeyWithoutSecretKey() {
            runner.withPropertyValues(REQUIRED)
                    .withPropertyValues("meetkit.recording.s3.bucket=b", "meetkit.recording.s3.access-key=k")
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(ctx.getStartupFailure()).hasStackTraceContaining("meetkit.recording.s3.secret-key");
                    });
        }

        @Test
        void tooLongTokenTtl() {
            failsNaming("meetkit.tokens.ttl=48h", "meetkit.tokens.ttl");
        }

        @Test
        void unknownSchemaMode() {
            failsNaming("meetkit.jdbc.initialize-schema=sometimes", "meetkit.jdbc.initialize-schema");
        }

        @Test
        void badTablePrefix() {
            failsNaming("meetkit.jdbc.table-prefix=x; drop table y", "meetkit.jdbc.table-prefix");
        }

        @Test
        void webhookInsideApi() {
            failsNaming("meetkit.webhook.path=/api/hook", "meetkit.webhook.path");
        }

        @Test
        void tooShortMaintenanceInterval() {
            failsNaming("meetkit.maintenance.interval=10ms", "meetkit.maintenance.interval");
        }

        private void failsNaming(String property, String name) {
            runner.withPropertyValues(REQUIRED).withPropertyValues(property).run(ctx -> {
                assertThat(ctx).hasFailed();
                assertThat(ctx.getStartupFailure()).hasStackTraceContaining(name);
            });
        }
    }

    static WebApplicationContextRunner web() {
        return new WebApplicationContextRunner()
                .withConfiguration(BootAutoConfigurations.webMvc())
                .withConfiguration(BootAutoConfigurations.security())
                .withConfiguration(
                        AutoConfigurations.of(MeetKitAutoConfiguration.class, MeetKitWebAutoConfiguration.class));
    }

    static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStores {
        static final MeetKitStores STORES = new InMemoryStores();

        @Bean
        MeetKitStores ownStores() {
            return STORES;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMeetKit {
        @Bean(destroyMethod = "close")
        MeetKit ownMeetKit() {
            return MeetKit.builder()
                    .liveKitUrl("wss://own.example")
                    .apiKey("k")
                    .apiSecret(SECRET)
                    .build();
        }
    }
}
