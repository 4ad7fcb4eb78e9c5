package io.meetkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meetkit.MeetKit;
import io.meetkit.event.RelayEndpoint;
import io.meetkit.event.RelayOptions;
import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.NewOutboxEvent;
import io.meetkit.testkit.EventReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code meetkit.relay.*}: a list of endpoints, defaults from core, bad values named at start-up. */
class RelayPropertiesTest {

    private static final String SIGNING = "starter-relay-signing-secret-0123456789-ab";

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MeetKitAutoConfiguration.class));

    @Test
    @DisplayName("the defaults are core's RelayOptions defaults, with no endpoint")
    void defaults() {
        RelayProperties p = new RelayProperties();
        RelayOptions o = p.toOptions();
        RelayOptions core = RelayOptions.none();
        assertThat(o.endpoints()).isEmpty();
        assertThat(o.maxAttempts()).isEqualTo(core.maxAttempts()).isEqualTo(RelayOptions.DEFAULT_MAX_ATTEMPTS);
        assertThat(o.initialBackoff()).isEqualTo(RelayOptions.DEFAULT_INITIAL_BACKOFF);
        assertThat(o.maxBackoff()).isEqualTo(RelayOptions.DEFAULT_MAX_BACKOFF);
        assertThat(o.requestTimeout()).isEqualTo(RelayOptions.DEFAULT_REQUEST_TIMEOUT);
        assertThat(o.leaseTime()).isEqualTo(RelayOptions.DEFAULT_LEASE_TIME);
        assertThat(o.pollInterval()).isEqualTo(RelayOptions.DEFAULT_POLL_INTERVAL);
        assertThat(o.batchSize()).isEqualTo(RelayOptions.DEFAULT_BATCH_SIZE);
        assertThat(o.concurrency()).isEqualTo(RelayOptions.DEFAULT_CONCURRENCY);
        assertThat(o.retention()).isEqualTo(RelayOptions.DEFAULT_RETENTION);
    }

    @Test
    @DisplayName("endpoints bound from properties receive the events, each with its secret and types")
    void endpointsFromProperties() {
        try (EventReceiver receiver = EventReceiver.start(SIGNING)) {
            runner.withPropertyValues(MeetKitAutoConfigurationTest.REQUIRED)
                    .withPropertyValues(
                            "meetkit.relay.endpoints[0].name=billing",
                            "meetkit.relay.endpoints[0].url=" + receiver.url(),
                            "meetkit.relay.endpoints[0].signing-secret=" + SIGNING,
                            "meetkit.relay.endpoints[0].event-types=meetingStarted,meetingEnded",
                            "meetkit.relay.endpoints[1].name=audit",
                            "meetkit.relay.endpoints[1].url=https://audit.example.com/hook",
                            "meetkit.relay.endpoints[1].signing-secret=" + SIGNING + "-audit",
                            "meetkit.relay.max-attempts=3",
                            "meetkit.relay.poll-interval=50ms")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        MeetKit kit = ctx.getBean(MeetKit.class);
                        assertThat(kit.relay().endpoints())
                                .extracting(RelayEndpoint::name)
                                .containsExactly("billing", "audit");
                        assertThat(kit.relay().endpoints().get(0).eventTypes())
                                .containsExactlyInAnyOrder("meetingStarted", "meetingEnded");
                        UUID meeting = UUID.randomUUID();
                        kit.stores()
                                .eventOutbox()
                                .append(
                                        new NewOutboxEvent(
                                                UUID.randomUUID(), meeting, "meetingStarted", Instant.now(), "{}"),
                                        Instant.now());
                        await().atMost(Duration.ofSeconds(20))
                                .until(() -> receiver.unique().size() == 1);
                        assertThat(receiver.unique().get(0).meetingId()).isEqualTo(meeting);
                        await().atMost(Duration.ofSeconds(20))
                                .until(() -> kit.relay().count("billing", DeliveryStatus.DELIVERED) == 1);
                    });
        }
    }

    @Test
    @DisplayName("a bad endpoint fails the start and names the property")
    void badEndpoint() {
        runner.withPropertyValues(MeetKitAutoConfigurationTest.REQUIRED)
                .withPropertyValues(
                        "meetkit.relay.endpoints[0].name=billing",
                        "meetkit.relay.endpoints[0].url=https://billing.example.com/hook",
                        "meetkit.relay.endpoints[0].signing-secret=short")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("signingSecret"));
        runner.withPropertyValues(MeetKitAutoConfigurationTest.REQUIRED)
                .withPropertyValues("meetkit.relay.endpoints[0].name=billing")
                .run(ctx ->
                        assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("meetkit.relay.endpoints[0]"));
        runner.withPropertyValues(MeetKitAutoConfigurationTest.REQUIRED)
                .withPropertyValues("meetkit.relay.max-attempts=0")
                .run(ctx ->
                        assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("meetkit.relay.max-attempts"));
    }
}
