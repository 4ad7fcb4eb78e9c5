package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.JsonFormat;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.WebhookReceiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Webhooks are sent like LiveKit's: protojson body, raw JWT with the body's sha256, signed with the secret. */
class FakeLiveKitWebhookTest {

    static final String KEY = "APIwebhooks";
    static final String SECRET = "webhook-secret-with-at-least-32-bytes-for-nimbus";

    record Delivery(byte[] body, String authorization) {}

    final List<Delivery> received = new CopyOnWriteArrayList<>();
    FakeLiveKitServer livekit;

    @BeforeEach
    void start() {
        livekit = FakeLiveKitServer.builder()
                .apiKey(KEY)
                .apiSecret(SECRET)
                .webhookSink((body, auth) -> received.add(new Delivery(body, auth)))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        livekit.close();
    }

    private static WebhookEvent parse(byte[] body) throws Exception {
        WebhookEvent.Builder b = WebhookEvent.newBuilder();
        JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), b);
        return b.build();
    }

    private List<String> receivedNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (Delivery d : received) {
            names.add(parse(d.body()).getEvent());
        }
        return names;
    }

    @Test
    @DisplayName("join and leave send room_started, participant_joined, participant_left, synchronously")
    void joinAndLeave() throws Exception {
        livekit.joinParticipant("standup", "alice", "Alice", "{}");
        livekit.leaveParticipant("standup", "alice");

        assertThat(receivedNames()).containsExactly("room_started", "participant_joined", "participant_left");
        WebhookEvent joined = parse(received.get(1).body());
        assertThat(joined.getRoom().getName()).isEqualTo("standup");
        assertThat(joined.getRoom().getSid()).startsWith("RM_");
        assertThat(joined.getParticipant().getIdentity()).isEqualTo("alice");
        assertThat(joined.getParticipant().getName()).isEqualTo("Alice");
        // pkg/telemetry/events.go NotifyEvent: event.Id = guid.New("EV_")
        assertThat(joined.getId()).matches("EV_[0-9A-Za-z]{12}");
        assertThat(joined.getCreatedAt())
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        WebhookEvent left = parse(received.get(2).body());
        assertThat(left.getParticipant().getDisconnectReason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
        assertThat(livekit.sentWebhooks())
                .extracting(SentWebhook::name)
                .containsExactly("room_started", "participant_joined", "participant_left");
    }

    @Test
    @DisplayName("every delivery verifies with independent HMAC code, with nimbus, and with LiveKit's WebhookReceiver")
    void signaturesVerify() throws Exception {
        livekit.joinParticipant("standup", "alice");
        WebhookReceiver receiver = new WebhookReceiver(KEY, SECRET);

        for (Delivery d : received) {
            JsonNode claims = TestJwts.verifyWebhook(d.authorization(), d.body(), SECRET, KEY);
            long now = Instant.now().getEpochSecond();
            assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong())
                    .isEqualTo(300);
            assertThat(claims.path("nbf").asLong()).isBetween(now - 5, now + 1);
            assertThat(claims.path("iat").asLong()).isEqualTo(claims.path("nbf").asLong());
            assertThat(d.authorization()).doesNotStartWith("Bearer");

            SignedJWT jwt = SignedJWT.parse(d.authorization());
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
            assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8))))
                    .isTrue();
            assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(KEY);

            WebhookEvent viaSdk = receiver.receive(new String(d.body(), StandardCharsets.UTF_8), d.authorization());
            assertThat(viaSdk).isEqualTo(parse(d.body()));
        }
    }

    @Test
    void aTamperedBodyNoLongerMatchesTheSha256Claim() throws Exception {
        livekit.joinParticipant("standup", "alice");
        Delivery d = received.get(1);
        byte[] tampered = new String(d.body(), StandardCharsets.UTF_8)
                .replace("alice", "mallory")
                .getBytes(StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TestJwts.verifyWebhook(d.authorization(), tampered, SECRET, KEY))
                .hasMessageContaining("sha256");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookReceiver(KEY, SECRET)
                        .receive(new String(tampered, StandardCharsets.UTF_8), d.authorization()))
                .isInstanceOf(Exception.class);
    }

    @Test
    void signWebhookSignsLikeTheFakeDoes() throws Exception {
        byte[] body = "{\"event\":\"room_started\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        String auth = livekit.signWebhook(body);

        assertThat(TestJwts.verifyWebhook(auth, body, SECRET, KEY).path("iss").asText())
                .isEqualTo(KEY);
    }

    @Test
    void deleteRoomThroughTheApiSendsLeftThenRoomFinished() throws Exception {
        livekit.joinParticipant("standup", "alice");
        received.clear();
        RoomServiceClient client = RoomServiceClient.createClient(livekit.url(), KEY, SECRET);

        assertThat(client.deleteRoom("standup").execute().isSuccessful()).isTrue();

        // delivered before the RPC answered
        assertThat(receivedNames()).containsExactly("participant_left", "room_finished");
        assertThat(parse(received.get(0).body()).getParticipant().getDisconnectReason())
                .isEqualTo(DisconnectReason.ROOM_DELETED);
    }

    @Test
    void createRoomThroughTheApiSendsRoomStarted() throws Exception {
        RoomServiceClient client = RoomServiceClient.createClient(livekit.url(), KEY, SECRET);

        client.createRoom("standup").execute();

        assertThat(receivedNames()).containsExactly("room_started");
    }

    @Test
    void finishRoomSendsRoomFinished() throws Exception {
        livekit.joinParticipant("standup", "alice");

        assertThat(livekit.finishRoom("standup")).isTrue();
        assertThat(livekit.finishRoom("standup")).isFalse();

        assertThat(receivedNames())
                .containsExactly("room_started", "participant_joined", "participant_left", "room_finished");
        assertThat(livekit.room("standup")).isEmpty();
    }

    @Test
    void finishRoomWhenEmptyFinishesOnLastLeave() throws Exception {
        livekit.finishRoomWhenEmpty(true);
        livekit.joinParticipant("standup", "alice");
        livekit.joinParticipant("standup", "bob");

        livekit.leaveParticipant("standup", "alice");
        assertThat(livekit.room("standup")).isPresent();
        livekit.leaveParticipant("standup", "bob");

        assertThat(livekit.room("standup")).isEmpty();
        assertThat(receivedNames()).endsWith("participant_left", "participant_left", "room_finished");
    }

    @Test
    void rejoiningWithTheSameIdentityReplacesTheParticipant() throws Exception {
        String firstSid = livekit.joinParticipant("standup", "alice").getSid();

        String secondSid = livekit.joinParticipant("standup", "alice").getSid();

        assertThat(secondSid).isNotEqualTo(firstSid);
        assertThat(livekit.participants("standup")).hasSize(1);
        assertThat(receivedNames())
                .containsExactly("room_started", "participant_joined", "participant_left", "participant_joined");
        assertThat(parse(received.get(2).body()).getParticipant().getDisconnectReason())
                .isEqualTo(DisconnectReason.DUPLICATE_IDENTITY);
    }

    @Test
    void deliverTwiceSendsTheSameEventTwice() throws Exception {
        livekit.deliverWebhooksTwice(true);

        livekit.joinParticipant("standup", "alice");

        assertThat(receivedNames())
                .containsExactly("room_started", "room_started", "participant_joined", "participant_joined");
        assertThat(parse(received.get(0).body()).getId())
                .isEqualTo(parse(received.get(1).body()).getId());
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
        assertThat(livekit.sentWebhooks()).hasSize(4);
    }

    @Test
    void heldWebhooksAreReleasedReversed() throws Exception {
        livekit.holdWebhooks();
        livekit.joinParticipant("standup", "alice");
        livekit.leaveParticipant("standup", "alice");
        livekit.finishRoom("standup");
        assertThat(received).isEmpty();
        assertThat(livekit.heldWebhooks()).hasSize(4);

        assertThat(livekit.releaseHeldWebhooks(WebhookOrder.REVERSED)).isEqualTo(4);

        assertThat(receivedNames())
                .containsExactly("room_finished", "participant_left", "participant_joined", "room_started");
        for (Delivery d : received) {
            TestJwts.verifyWebhook(d.authorization(), d.body(), SECRET, KEY);
        }
        livekit.joinParticipant("other", "bob");
        assertThat(received).hasSize(6);
    }

    @Test
    void shuffledReleaseIsReproducibleWithTheSeed() throws Exception {
        livekit.holdWebhooks();
        for (int i = 0; i < 6; i++) {
            livekit.joinParticipant("room" + i, "p" + i);
        }
        List<String> ids = new ArrayList<>();
        for (WebhookEvent e : livekit.heldWebhooks()) {
            ids.add(e.getId());
        }
        List<String> expected = new ArrayList<>(ids);
        Collections.shuffle(expected, new java.util.Random(42L));

        livekit.releaseHeldWebhooks(WebhookOrder.SHUFFLED);

        List<String> got = new ArrayList<>();
        for (Delivery d : received) {
            got.add(parse(d.body()).getId());
        }
        assertThat(got).containsExactlyElementsOf(expected).isNotEqualTo(ids);
    }

    @Test
    void aFailingSinkDoesNotFailTheRpcAndIsRecorded() throws Exception {
        livekit.webhookSink((body, auth) -> {
            throw new IllegalStateException("sink down");
        });
        RoomServiceClient client = RoomServiceClient.createClient(livekit.url(), KEY, SECRET);

        assertThat(client.createRoom("standup").execute().isSuccessful()).isTrue();

        assertThat(livekit.webhookDeliveryErrors())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("sink down"));
    }

    @Test
    void resetForgetsWebhooksAndSwitches() throws Exception {
        livekit.deliverWebhooksTwice(true);
        livekit.joinParticipant("standup", "alice");
        livekit.holdWebhooks();

        livekit.reset();
        received.clear();
        livekit.joinParticipant("standup", "alice");

        assertThat(livekit.sentWebhooks()).hasSize(2);
        assertThat(receivedNames()).containsExactly("room_started", "participant_joined");
    }

    @Test
    @DisplayName("webhooks are POSTed to a URL with LiveKit's headers")
    void httpDelivery() throws Exception {
        record Posted(String contentType, String authorization, String userAgent, byte[] body) {}
        List<Posted> posted = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/livekit/webhook", exchange -> {
            posted.add(new Posted(
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("User-Agent"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            livekit.webhookUrl(
                    URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/livekit/webhook"));

            livekit.joinParticipant("standup", "alice");

            await().atMost(Duration.ofSeconds(5)).until(() -> posted.size() == 2);
            assertThat(livekit.awaitWebhookDeliveries(Duration.ofSeconds(5))).isTrue();
            assertThat(posted).allSatisfy(p -> {
                assertThat(p.contentType()).isEqualTo("application/webhook+json");
                assertThat(p.userAgent()).isEqualTo("LiveKit");
                TestJwts.verifyWebhook(p.authorization(), p.body(), SECRET, KEY);
            });
            assertThat(parse(posted.get(0).body()).getEvent()).isEqualTo("room_started");
            assertThat(parse(posted.get(1).body()).getEvent()).isEqualTo("participant_joined");
            assertThat(livekit.webhookDeliveryErrors()).isEmpty();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void failedHttpDeliveryIsRecorded() throws Exception {
        livekit.webhookUrl(URI.create("http://127.0.0.1:1/nothing-listens-here"));

        livekit.joinParticipant("standup", "alice");

        assertThat(livekit.awaitWebhookDeliveries(Duration.ofSeconds(10))).isTrue();
        assertThat(livekit.webhookDeliveryErrors()).hasSize(2);
        assertThat(received).hasSize(2);
    }

    @Test
    void asyncSinkDeliversOnTheWebhookThreadInOrder() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> names = new CopyOnWriteArrayList<>();
        try (FakeLiveKitServer async = FakeLiveKitServer.builder()
                .asyncWebhookSink(true)
                .webhookSink((body, auth) -> {
                    threads.add(Thread.currentThread().getName());
                    names.add(parse(body).getEvent());
                })
                .build()
                .start()) {

            async.joinParticipant("standup", "alice");
            async.leaveParticipant("standup", "alice");

            assertThat(async.awaitWebhookDeliveries(Duration.ofSeconds(5))).isTrue();
            assertThat(names).containsExactly("room_started", "participant_joined", "participant_left");
            assertThat(threads).allSatisfy(t -> assertThat(t).isEqualTo("fake-livekit-webhooks"));
        }
    }

    @Test
    void participantEventsCarryTheRoomSnapshot() throws Exception {
        livekit.joinParticipant("standup", "alice");
        livekit.joinParticipant("standup", "bob");

        assertThat(parse(received.get(2).body()).getRoom().getNumParticipants()).isEqualTo(2);
    }
}
