package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
 * against the fake LiveKit; the webhooks are signed as LiveKit signs them.
 */
class LeaveRedeliveryTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * A participant_joined or participant_left body as LiveKit's protojson writes it, with the token's metadata as the
     * participant's (what LiveKit takes from the token on a join).
     */
    private static byte[] body(boolean joined, String eventId, Meeting m, ParticipantToken token) {
        String payload =
                new String(Base64.getUrlDecoder().decode(token.token().split("\\.")[1]), StandardCharsets.UTF_8);
        String metadata;
        try {
            metadata = JSON.writeValueAsString(
                    JSON.readTree(payload).path("metadata").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return ("{\"event\":\"" + (joined ? "participant_joined" : "participant_left") + "\","
                        + "\"room\":{\"sid\":\"RM_leave\",\"name\":\"" + m.roomName() + "\"},"
                        + "\"participant\":{\"sid\":\"PA_1\",\"identity\":\"" + token.identity() + "\",\"name\":\""
                        + token.displayName() + "\",\"metadata\":" + metadata + ",\"state\":\""
                        + (joined ? "ACTIVE" : "DISCONNECTED") + "\""
                        + (joined ? "" : ",\"disconnectReason\":\"CLIENT_INITIATED\"") + "},"
                        + "\"id\":\"" + eventId + "\",\"createdAt\":\""
                        + Instant.now().getEpochSecond() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookOutcome.Status deliver(MeetKit kit, byte[] body) {
        return kit.webhooks().handle(body, LIVEKIT.server().signWebhook(body)).status();
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
        byte[] left = body(false, "EV_left_1", m, dana);

        assertThat(deliver(kit, body(true, "EV_join_1", m, dana))).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(deliver(kit, left)).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(kit.stores().participantNames().findByIdentity(m.id(), dana.identity(), Instant.now()))
                .isEmpty();
        // back with the same, still valid, token: its name is reserved again
        assertThat(deliver(kit, body(true, "EV_join_2", m, dana))).isEqualTo(WebhookOutcome.Status.PROCESSED);
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
        assertThat(deliver(kit, body(true, "EV_join_e", m, erin))).isEqualTo(WebhookOutcome.Status.PROCESSED);
        byte[] left = body(false, "EV_left_e", m, erin);
        String authorization = LIVEKIT.server().signWebhook(left);

        int deliveries = 8;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<WebhookOutcome.Status> outcomes = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebhookOutcome.Status>> futures = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return kit.webhooks().handle(left, authorization).status();
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
