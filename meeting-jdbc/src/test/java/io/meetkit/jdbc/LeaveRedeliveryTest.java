package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.livekit.WebhookOutcome;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.OutboxEvent;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.SentWebhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code participant_left} that LiveKit delivers again: on transactional stores it is deduplicated inside the
 * transaction that releases the name (no look-up first), so a redelivery after the participant came back must still
 * change nothing, and concurrent deliveries of one leave must apply it once. Each store (in memory, H2, PostgreSQL),
 * against the fake LiveKit: participants join with MeetKit's tokens, and the webhooks delivered are the fake's own,
 * bodies and signatures as LiveKit's notifier makes them.
 */
class LeaveRedeliveryTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private MeetKit kit(StoreKind kind) {
        MeetKitStores stores = kind.open("leave", 8, closing);
        FakeLiveKitServer fake = LIVEKIT.server();
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .callTimeout(Duration.ofSeconds(5))
                .stores(stores)
                .build();
        closing.add(kit);
        return kit;
    }

    /** The newest {@code event} webhook the fake sent, body and signature as LiveKit's notifier makes them. */
    private static SentWebhook newest(String event) {
        List<SentWebhook> sent = LIVEKIT.server().sentWebhooks(event);
        assertThat(sent).as(event + " webhooks the fake sent").isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    private static WebhookOutcome.Status deliver(MeetKit kit, SentWebhook webhook) {
        return kit.webhooks().handle(webhook.body(), webhook.authorization()).status();
    }

    private static long events(MeetKit kit, UUID meetingId, String type) {
        return kit.stores().eventOutbox().readAfter(0, 1000, Instant.now()).stream()
                .filter(e -> e.meetingId().equals(meetingId))
                .map(OutboxEvent::type)
                .filter(type::equals)
                .count();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aLeaveDeliveredAgainAfterTheParticipantCameBackKeepsItsName(StoreKind kind) {
        MeetKit kit = kit(kind);
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Leave", "owner").build());
        ParticipantToken dana = kit.tokens().issue(m.id(), TokenRequest.of("Dana", "SPEAKER"));
        FakeLiveKitServer fake = LIVEKIT.server();
        fake.join(dana.token());
        SentWebhook joined = newest("participant_joined");
        fake.leaveParticipant(m.roomName(), dana.identity());
        SentWebhook left = newest("participant_left");

        assertThat(deliver(kit, joined)).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(deliver(kit, left)).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(kit.stores().participantNames().findByIdentity(m.id(), dana.identity(), Instant.now()))
                .isEmpty();
        // back with the same, still valid, token: its name is reserved again
        fake.join(dana.token());
        assertThat(deliver(kit, newest("participant_joined"))).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(kit.stores().participantNames().findByIdentity(m.id(), dana.identity(), Instant.now()))
                .map(r -> r.displayName())
                .contains("Dana");

        assertThat(deliver(kit, left)).isEqualTo(WebhookOutcome.Status.DUPLICATE);

        assertThat(kit.stores().participantNames().findByIdentity(m.id(), dana.identity(), Instant.now()))
                .as("the first leave, delivered again, must not release the name of the participant who is back")
                .map(r -> r.displayName())
                .contains("Dana");
        assertThat(events(kit, m.id(), "participantLeft")).isEqualTo(1);
        assertThat(events(kit, m.id(), "participantJoined")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(
            value = StoreKind.class,
            names = {"H2", "POSTGRESQL"})
    void concurrentDeliveriesOfOneLeaveApplyItOnce(StoreKind kind) throws Exception {
        MeetKit kit = kit(kind);
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Leave", "owner").build());
        ParticipantToken erin = kit.tokens().issue(m.id(), TokenRequest.of("Erin", "SPEAKER"));
        FakeLiveKitServer fake = LIVEKIT.server();
        fake.join(erin.token());
        assertThat(deliver(kit, newest("participant_joined"))).isEqualTo(WebhookOutcome.Status.PROCESSED);
        fake.leaveParticipant(m.roomName(), erin.identity());
        SentWebhook left = newest("participant_left");

        int deliveries = 8;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<WebhookOutcome.Status> outcomes = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebhookOutcome.Status>> futures = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return deliver(kit, left);
                }));
            }
            go.countDown();
            for (Future<WebhookOutcome.Status> f : futures) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes)
                .filteredOn(s -> s == WebhookOutcome.Status.PROCESSED)
                .hasSize(1);
        assertThat(outcomes)
                .filteredOn(s -> s == WebhookOutcome.Status.DUPLICATE)
                .hasSize(deliveries - 1);
        assertThat(events(kit, m.id(), "participantLeft")).isEqualTo(1);
        assertThat(kit.stores().participantNames().findByIdentity(m.id(), erin.identity(), Instant.now()))
                .isEmpty();
    }
}
