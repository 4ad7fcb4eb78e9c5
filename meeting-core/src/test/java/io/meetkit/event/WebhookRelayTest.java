package io.meetkit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meetkit.MeetKit;
import io.meetkit.MutableClock;
import io.meetkit.livekit.WebhookForge;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.InMemoryStores;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookRelayTest {

    private static final String KEY = "relay-signing-key-0123456789-abcdefghij";
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final MockWebServer server = new MockWebServer();
    private MeetKit kit;
    private Meeting meeting;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        kit = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9")
                .apiKey("APIrelay")
                .apiSecret("relay-test-secret-0123456789-abcdefghijkl")
                .clock(clock)
                .stores(new InMemoryStores())
                .build();
        meeting = kit.meetings()
                .create(CreateMeeting.builder("Board meeting", "user-7").build());
    }

    @AfterEach
    void tearDown() {
        kit.close();
        server.close();
    }

    private WebhookRelay.Builder relay() {
        return WebhookRelay.builder()
                .url(server.url("/hooks").uri())
                .signingKey(KEY)
                .clock(clock)
                .initialBackoff(Duration.ofMillis(10));
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    @Test
    @DisplayName("posts {event, createdAt, data} signed so that WebhookSignature.verify accepts it")
    void signedBody() throws Exception {
        server.enqueue(status(200));
        try (WebhookRelay relay = relay().build()) {
            relay.onEvent(new MeetingEvent.MeetingStarted(meeting, NOW.minusSeconds(3)));

            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            byte[] body = request.getBody().toByteArray();
            String timestamp = request.getHeaders().get(WebhookSignature.TIMESTAMP_HEADER);
            String signature = request.getHeaders().get(WebhookSignature.SIGNATURE_HEADER);

            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
            assertThat(timestamp).isEqualTo(Long.toString(NOW.toEpochMilli()));
            assertThat(signature).matches("[0-9a-f]{64}");
            assertThat(WebhookSignature.verify(KEY, body, timestamp, signature, clock, Duration.ofMinutes(2)))
                    .isTrue();
            JsonNode json = new ObjectMapper().readTree(body);
            assertThat(json.get("event").asText()).isEqualTo("meetingStarted");
            assertThat(json.get("createdAt").asLong())
                    .isEqualTo(NOW.minusSeconds(3).toEpochMilli());
            assertThat(json.get("data").get("id").asText())
                    .isEqualTo(meeting.id().toString());
            assertThat(json.get("data").get("title").asText()).isEqualTo("Board meeting");
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(meeting.moderatorSecret()).doesNotContain(meeting.speakerSecret());
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.delivered() == 1);
        }
    }

    @Test
    @DisplayName("the helper refuses a changed body, another key, a stale timestamp and missing headers")
    void helperRefuses() {
        byte[] body = "{\"event\":\"meetingEnded\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long ts = NOW.toEpochMilli();
        String sig = WebhookSignature.sign(KEY, ts, body);
        Duration tolerance = Duration.ofMinutes(2);

        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), sig, clock, tolerance))
                .isTrue();
        assertThat(WebhookSignature.verify(
                        KEY,
                        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Long.toString(ts),
                        sig,
                        clock,
                        tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY + "x", body, Long.toString(ts), sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts + 1), sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, null, sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), null, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, "yesterday", sig, clock, tolerance))
                .isFalse();
        clock.advance(Duration.ofMinutes(2).plusMillis(1));
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), sig, clock, tolerance))
                .isFalse();
        clock.set(NOW.minus(Duration.ofMinutes(1)));
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), sig, clock, tolerance))
                .isTrue();
    }

    @Test
    @DisplayName("retries a 500 with backoff until the app answers 2xx")
    void retriesUntilSuccess() {
        server.enqueue(status(500));
        server.enqueue(status(503));
        server.enqueue(status(204));
        try (WebhookRelay relay = relay().build()) {
            relay.onEvent(new MeetingEvent.MeetingStarted(meeting, NOW));

            await().atMost(Duration.ofSeconds(10)).until(() -> relay.delivered() == 1);
            assertThat(server.getRequestCount()).isEqualTo(3);
            assertThat(relay.failed()).isZero();
            assertThat(relay.pending()).isZero();
        }
    }

    @Test
    @DisplayName("gives up after 5 attempts")
    void givesUpAfterFive() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(status(500));
        }
        server.enqueue(status(200)); // a sixth attempt would succeed; there must be none
        try (WebhookRelay relay = relay().build()) {
            relay.onEvent(new MeetingEvent.MeetingEnded(meeting, false, NOW));

            await().atMost(Duration.ofSeconds(10)).until(() -> relay.failed() == 1);
            assertThat(server.getRequestCount()).isEqualTo(5);
            assertThat(relay.delivered()).isZero();
            assertThat(relay.pending()).isZero();
        }
    }

    @Test
    @DisplayName("a full queue drops new deliveries and counts them")
    void fullQueueDrops() {
        server.enqueue(status(500));
        try (WebhookRelay relay =
                relay().queueCapacity(1).initialBackoff(Duration.ofHours(1)).build()) {
            relay.onEvent(new MeetingEvent.MeetingStarted(meeting, NOW));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.getRequestCount() == 1);

            relay.onEvent(new MeetingEvent.MeetingEnded(meeting, false, NOW)); // the first waits for its retry

            assertThat(relay.dropped()).isEqualTo(1);
            assertThat(relay.pending()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("MeetKit posts its events through a relay given to the builder, and closes it")
    void throughMeetKit() throws Exception {
        server.enqueue(status(200));
        WebhookRelay relay = relay().build();
        try (MeetKit withRelay = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9")
                .apiKey(WebhookForge.API_KEY)
                .apiSecret(WebhookForge.SECRET)
                .clock(clock)
                .stores(new InMemoryStores())
                .relay(relay)
                .build()) {
            Meeting m = withRelay
                    .meetings()
                    .create(CreateMeeting.builder("Retro", "u").build());
            long now = clock.instant().getEpochSecond();
            byte[] webhook = WebhookForge.participantEvent(
                    "participant_joined", "EV_1", m.roomName(), "RM_1", "alice", "Alice", now);
            withRelay.webhooks().handle(webhook, WebhookForge.sign(webhook, now));

            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            JsonNode json = new ObjectMapper().readTree(request.getBody().toByteArray());
            assertThat(json.get("event").asText()).isEqualTo("participantJoined");
            assertThat(json.get("data").get("identity").asText()).isEqualTo("alice");
            assertThat(json.get("data").get("meeting").get("id").asText()).isEqualTo(m.id().toString());
        }
        relay.onEvent(new MeetingEvent.MeetingStarted(meeting, NOW)); // closed: dropped
        assertThat(relay.dropped()).isEqualTo(1);
    }

    @Test
    @DisplayName("the builder validates and names the bad value")
    void builderValidates() {
        assertThatThrownBy(() -> WebhookRelay.builder().signingKey("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32");
        assertThatThrownBy(() -> WebhookRelay.builder().url(URI.create("ftp://x/y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x/y");
        assertThatThrownBy(() -> WebhookRelay.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> WebhookRelay.builder().signingKey(KEY).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() ->
                        WebhookRelay.builder().url(URI.create("http://x/")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signingKey");
        try (WebhookRelay relay = relay().build()) {
            assertThat(relay.toString()).doesNotContain(KEY);
        }
    }
}
