package io.meetkit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.NewOutboxEvent;
import io.meetkit.store.OutboxDelivery;
import io.meetkit.store.OutboxEvent;
import io.meetkit.testkit.EventReceiver;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event relay over the outbox, end to end: LiveKit's webhooks (from the fake) change meetings, MeetKit appends
 * their events, and the relay posts them to local receivers. Time is a {@link MutableClock}, so backoff is
 * controlled; the relay's own poll runs on real time.
 */
class EventRelayTest {

    private static final String KEY = "APIrelayOutbox";
    private static final String SECRET = "relay-outbox-secret-0123456789-abcdefghijklm";
    private static final String SIGNING_A = "endpoint-a-signing-secret-0123456789-abcdef";
    private static final String SIGNING_B = "endpoint-b-signing-secret-0123456789-abcdef";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final FakeLiveKitServer fake = FakeLiveKitServer.builder()
            .apiKey(KEY)
            .apiSecret(SECRET)
            .clock(clock)
            .build()
            .start();
    private final EventReceiver a = EventReceiver.start(SIGNING_A, clock, Duration.ofMinutes(2));
    private final EventReceiver b = EventReceiver.start(SIGNING_B, clock, Duration.ofMinutes(2));
    private final InMemoryStores stores = new InMemoryStores();
    private final List<MeetingEvent> heard = new CopyOnWriteArrayList<>();
    private final List<MeetKit> kits = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kits.forEach(MeetKit::close);
        fake.close();
        a.close();
        b.close();
    }

    private MeetKit kit(Consumer<RelayOptions.Builder> relay) {
        RelayOptions.Builder options = RelayOptions.builder()
                .endpoint(RelayEndpoint.builder("a", a.url())
                        .signingSecret(SIGNING_A)
                        .build())
                .endpoint(RelayEndpoint.builder("b", b.url())
                        .signingSecret(SIGNING_B)
                        .eventTypes("meetingStarted", "participantLeft")
                        .build())
                .pollInterval(Duration.ofMillis(50))
                .leaseTime(Duration.ofSeconds(30))
                .initialBackoff(Duration.ofSeconds(1))
                .maxAttempts(4);
        relay.accept(options);
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(KEY)
                .apiSecret(SECRET)
                .clock(clock)
                .stores(stores)
                .listener(heard::add)
                .relay(options.build())
                .build();
        kits.add(kit);
        fake.webhookSink((body, authorization) -> kit.webhooks().handle(body, authorization));
        return kit;
    }

    private Meeting meeting(MeetKit kit, String title) {
        return kit.meetings().create(CreateMeeting.builder(title, "user-1").build());
    }

    @Test
    @DisplayName("every event is appended and posted signed with id, type, meeting, sequence and position")
    void deliversTheEnvelope() {
        MeetKit kit = kit(o -> {});
        Meeting m = meeting(kit, "Standup");
        fake.joinParticipant(m.roomName(), "alice", "Alice", null);
        fake.leaveParticipant(m.roomName(), "alice");

        await().atMost(Duration.ofSeconds(20)).until(() -> a.unique().size() == 3);
        List<OutboxEvent> feed = kit.events().readAfter(0, 100);
        assertThat(feed)
                .extracting(OutboxEvent::type)
                .containsExactly("meetingStarted", "participantJoined", "participantLeft");
        assertThat(feed).extracting(OutboxEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(feed).allSatisfy(e -> assertThat(e.meetingId()).isEqualTo(m.id()));
        assertThat(a.unique())
                .extracting(EventReceiver.Received::id)
                .containsExactlyElementsOf(feed.stream().map(OutboxEvent::id).toList());
        EventReceiver.Received joined = a.unique().get(1);
        assertThat(joined.type()).isEqualTo("participantJoined");
        assertThat(joined.meetingId()).isEqualTo(m.id());
        assertThat(joined.sequence()).isEqualTo(2);
        assertThat(joined.position()).isEqualTo(feed.get(1).position());
        assertThat(joined.data().get("identity").asText()).isEqualTo("alice");
        assertThat(joined.data().get("meeting").get("id").asText()).isEqualTo(m.id().toString());
        assertThat(joined.body()).doesNotContain(m.moderatorSecret());
        assertThat(new String(kit.events().envelope(feed.get(1)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(joined.body());
        assertThat(a.badSignatures()).isZero();
        // b wants two of the three types and has its own signing secret
        await().atMost(Duration.ofSeconds(20)).until(() -> b.unique().size() == 2);
        assertThat(b.unique())
                .extracting(EventReceiver.Received::type)
                .containsExactly("meetingStarted", "participantLeft");
        assertThat(b.badSignatures()).isZero();
        // in-process listeners still hear every event, after it is stored
        assertThat(heard)
                .extracting(MeetingEvent::type)
                .containsExactly("meetingStarted", "participantJoined", "participantLeft");
        await().atMost(Duration.ofSeconds(20)).until(() -> kit.relay().count("a", DeliveryStatus.DELIVERED) == 3);
        assertThat(kit.relay().count("a", DeliveryStatus.PENDING)).isZero();
    }

    @Test
    @DisplayName("a failing delivery is retried with exponential backoff and holds its meeting's later events")
    void retriesInOrderPerMeeting() {
        MeetKit kit = kit(o -> {});
        UUID slow = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        a.failNext(1, 503);
        OutboxEvent s1 = append(slow, "meetingStarted");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kit.relay().deliveries("a", DeliveryStatus.PENDING, 0, 1).stream()
                        .anyMatch(d -> d.attempts() == 1));
        OutboxEvent s2 = append(slow, "participantJoined");
        OutboxEvent o1 = append(other, "meetingStarted");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.unique().stream().anyMatch(r -> r.id().equals(o1.id())));
        assertThat(a.unique())
                .extracting(EventReceiver.Received::meetingId)
                .as("the other meeting goes on; the slow one waits for its retry")
                .doesNotContain(slow);
        OutboxDelivery waiting =
                kit.relay().deliveries("a", DeliveryStatus.PENDING, 0, 10).get(0);
        assertThat(waiting.event().id()).isEqualTo(s1.id());
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.lastError()).isEqualTo("HTTP 503");
        assertThat(waiting.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));

        a.failNext(1, 500);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kit.relay().deliveries("a", DeliveryStatus.PENDING, 0, 1).stream()
                        .anyMatch(d -> d.attempts() == 2));
        OutboxDelivery again =
                kit.relay().deliveries("a", DeliveryStatus.PENDING, 0, 10).get(0);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.nextAttemptAt())
                .as("the wait doubled")
                .isEqualTo(clock.instant().plusSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> a.unique().stream()
                                .filter(r -> r.meetingId().equals(slow))
                                .count()
                        == 2);
        assertThat(a.unique().stream().filter(r -> r.meetingId().equals(slow)))
                .extracting(EventReceiver.Received::id)
                .containsExactly(s1.id(), s2.id());
    }

    @Test
    @DisplayName("an endpoint that always fails ends FAILED (counted, listed, re-triggerable) and blocks no other")
    void failingEndpoint() {
        b.respondWith(503);
        MeetKit kit = kit(o -> {});
        UUID m = UUID.randomUUID();
        OutboxEvent e = append(m, "meetingStarted");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.unique().size() == 1);
        for (int attempt = 1; attempt < 4; attempt++) {
            int seen = attempt;
            // the outcome is stored, with its next attempt, before the clock passes the backoff
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kit.relay().deliveries("b", DeliveryStatus.PENDING, 0, 1).stream()
                            .anyMatch(d -> d.attempts() == seen));
            clock.advance(Duration.ofSeconds(8)); // past every backoff of maxAttempts 4
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> kit.relay().count("b", DeliveryStatus.FAILED) == 1);
        assertThat(b.requests()).isEqualTo(4);
        OutboxDelivery failed =
                kit.relay().deliveries("b", DeliveryStatus.FAILED, 0, 10).get(0);
        assertThat(failed.event().id()).isEqualTo(e.id());
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.lastError()).isEqualTo("HTTP 503");
        // meanwhile a got everything
        OutboxEvent later = append(m, "meetingStarted");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.unique().size() == 2);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kit.relay().deliveries("b", DeliveryStatus.PENDING, 0, 1).stream()
                        .anyMatch(d -> d.attempts() == 1));
        assertThat(kit.relay().count("b", DeliveryStatus.PENDING))
                .as("a FAILED event does not hold its meeting's later ones")
                .isEqualTo(1);

        b.respondWith(204);
        clock.advance(Duration.ofSeconds(8));
        await().atMost(Duration.ofSeconds(20)).until(() -> b.unique().size() == 1);
        assertThat(kit.relay().retryFailed("b")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.unique().size() == 2);
        assertThat(b.unique()).extracting(EventReceiver.Received::id).containsExactly(later.id(), e.id());
        assertThat(kit.relay().count("b", DeliveryStatus.FAILED)).isZero();
        assertThatThrownBy(() -> kit.relay().count("nope", DeliveryStatus.FAILED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    @Test
    @DisplayName("events wait in the outbox while an endpoint is down: no cap, none dropped")
    void noCapWhileDown() {
        a.respondWith(503);
        MeetKit kit = kit(o -> o.maxAttempts(100).initialBackoff(Duration.ofMinutes(5)));
        int n = 3000;
        for (int i = 0; i < n; i++) {
            append(UUID.randomUUID(), "meetingStarted");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> kit.relay().count("a", DeliveryStatus.PENDING) == n);
        a.respondWith(204);
        clock.advance(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(120)).until(() -> a.unique().size() == n);
        await().atMost(Duration.ofSeconds(60)).until(() -> kit.relay().count("a", DeliveryStatus.DELIVERED) == n);
    }

    @Test
    @DisplayName("delivered events are purged after the retention by the maintenance job; the rest stay")
    void purge() {
        b.respondWith(503);
        MeetKit kit = kit(o -> o.retention(Duration.ofDays(1)).maxAttempts(100));
        OutboxEvent e = append(UUID.randomUUID(), "meetingStarted");
        OutboxEvent onlyA = append(UUID.randomUUID(), "participantJoined");
        await().atMost(Duration.ofSeconds(20)).until(() -> kit.relay().count("a", DeliveryStatus.DELIVERED) == 2);
        clock.advance(Duration.ofDays(2));
        kit.maintenance().runOnce();
        assertThat(kit.events().find(onlyA.id()))
                .as("delivered to a, not wanted by b")
                .isEmpty();
        assertThat(kit.events().find(e.id())).as("b has not had it").isPresent();
    }

    @Test
    @DisplayName("an endpoint removed from the configuration holds back the purge until it is forgotten; the purge"
            + " job's report names it")
    void removedEndpointIsForgotten() {
        b.respondWith(503); // b never gets its event before it is removed
        MeetKit before = kit(o -> o.retention(Duration.ofDays(1)).maxAttempts(100));
        OutboxEvent e = append(UUID.randomUUID(), "meetingStarted");
        await().atMost(Duration.ofSeconds(20)).until(() -> before.relay().count("a", DeliveryStatus.DELIVERED) == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> before.relay().count("b", DeliveryStatus.PENDING) == 1);
        before.close();
        kits.remove(before);

        MeetKit after = MeetKit.builder() // the next deployment: b is gone from the configuration
                .liveKitUrl(fake.url())
                .apiKey(KEY)
                .apiSecret(SECRET)
                .clock(clock)
                .stores(stores)
                .relay(RelayOptions.builder()
                        .endpoint(RelayEndpoint.builder("a", a.url())
                                .signingSecret(SIGNING_A)
                                .build())
                        .retention(Duration.ofDays(1))
                        .build())
                .build();
        kits.add(after);
        clock.advance(Duration.ofDays(2));
        io.meetkit.maintenance.JobRun blocked =
                after.maintenance().runOnce().job("meetkit.outbox-purge").orElseThrow();
        assertThat(after.relay().unconfiguredEndpoints()).containsExactly("b");
        assertThat(blocked.detail()).contains("b");
        assertThat(after.events().find(e.id())).as("b's cursor holds it back").isPresent();
        assertThatThrownBy(() -> after.relay().forgetEndpoint("a"))
                .as("a configured endpoint")
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(after.relay().forgetEndpoint("b")).isTrue();
        clock.advance(Duration.ofMinutes(2)); // past the purge job's lease
        after.maintenance().runOnce();
        assertThat(after.events().find(e.id())).as("purged once b is forgotten").isEmpty();
        assertThat(after.relay().unconfiguredEndpoints()).isEmpty();
    }

    @Test
    @DisplayName("a participant_joined applied but not recorded as seen, redelivered by LiveKit, is appended once")
    void redeliveredWebhookAppendsOnce() {
        java.util.concurrent.atomic.AtomicBoolean failRecord = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.meetkit.store.WebhookEventLog real = stores.webhookEvents();
        io.meetkit.store.WebhookEventLog flaky =
                (io.meetkit.store.WebhookEventLog) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {io.meetkit.store.WebhookEventLog.class},
                        (p, method, args) -> {
                            if (method.getName().equals("firstSeen") && failRecord.getAndSet(false)) {
                                throw new io.meetkit.StoreException("webhook id not recorded (injected)", true, null);
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        io.meetkit.store.MeetKitStores withFlakyLog = new io.meetkit.store.MeetKitStores() {
            @Override
            public io.meetkit.store.MeetingStore meetings() {
                return stores.meetings();
            }

            @Override
            public io.meetkit.store.RecordingStore recordings() {
                return stores.recordings();
            }

            @Override
            public io.meetkit.store.ParticipantNameStore participantNames() {
                return stores.participantNames();
            }

            @Override
            public io.meetkit.store.WebhookEventLog webhookEvents() {
                return flaky;
            }

            @Override
            public io.meetkit.store.LeaseStore leases() {
                return stores.leases();
            }

            @Override
            public io.meetkit.store.EventOutbox eventOutbox() {
                return stores.eventOutbox();
            }

            @Override
            public io.meetkit.store.ParticipantBanStore participantBans() {
                return stores.participantBans();
            }
        };
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(KEY)
                .apiSecret(SECRET)
                .clock(clock)
                .stores(withFlakyLog)
                .listener(heard::add)
                .build();
        kits.add(kit);
        Meeting m = meeting(kit, "Redelivery");
        List<io.meetkit.testkit.SentWebhook> joined = new CopyOnWriteArrayList<>();
        fake.webhookSink((body, auth) -> {
            if (new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("participant_joined")) {
                joined.add(fake.sentWebhooks("participant_joined").get(0));
            }
        });
        fake.joinParticipant(m.roomName(), "alice", "Alice", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !joined.isEmpty());
        io.meetkit.testkit.SentWebhook w = joined.get(0);

        assertThatThrownBy(() -> kit.webhooks().handle(w.body(), w.authorization()))
                .isInstanceOf(io.meetkit.StoreException.class);
        kit.webhooks().handle(w.body(), w.authorization()); // LiveKit's redelivery
        kit.webhooks().handle(w.body(), w.authorization()); // and a duplicate, recorded this time

        assertThat(kit.events().readAfter(0, 10))
                .filteredOn(e -> e.type().equals("participantJoined"))
                .hasSize(1);
        assertThat(heard).filteredOn(e -> e.type().equals("participantJoined")).hasSize(1);
    }

    @Test
    @DisplayName("bad endpoint settings are refused with the bad value named")
    void validation() {
        assertThatThrownBy(() -> RelayEndpoint.builder("bad name", URI.create("https://x.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad name");
        assertThatThrownBy(() -> RelayEndpoint.builder("x", URI.create("ftp://x.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x.example");
        assertThatThrownBy(() -> RelayEndpoint.builder("x", URI.create("https://x.example"))
                        .signingSecret("short"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayEndpoint.builder("x", URI.create("https://x.example"))
                        .eventTypes("meetingExploded"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meetingExploded");
        assertThatThrownBy(() -> RelayEndpoint.builder("x", URI.create("https://x.example"))
                        .build())
                .isInstanceOf(IllegalStateException.class);
        RelayEndpoint ep = RelayEndpoint.builder("x", URI.create("https://x.example"))
                .signingSecret(SIGNING_A)
                .build();
        assertThat(ep.toString()).doesNotContain(SIGNING_A);
        assertThatThrownBy(() -> RelayOptions.builder().endpoint(ep).endpoint(ep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
        assertThatThrownBy(() -> RelayOptions.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayOptions.builder()
                        .pollInterval(Duration.ofSeconds(20))
                        .leaseTime(Duration.ofSeconds(30))
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    /** Appends straight to the outbox, as MeetKit does, and wakes nothing: the relay's poll finds it. */
    private OutboxEvent append(UUID meetingId, String type) {
        return stores.eventOutbox()
                .append(
                        new NewOutboxEvent(UUID.randomUUID(), meetingId, type, clock.instant(), "{\"test\":true}"),
                        clock.instant());
    }
}
