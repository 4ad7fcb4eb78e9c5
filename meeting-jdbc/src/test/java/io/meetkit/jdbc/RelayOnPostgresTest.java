package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.StoreException;
import io.meetkit.event.RelayEndpoint;
import io.meetkit.event.RelayOptions;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.EventOutbox;
import io.meetkit.store.LeaseStore;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.MeetingStore;
import io.meetkit.store.NewOutboxEvent;
import io.meetkit.store.OutboxDelivery;
import io.meetkit.store.OutboxEvent;
import io.meetkit.store.ParticipantNameStore;
import io.meetkit.store.RecordingStore;
import io.meetkit.store.WebhookEventLog;
import io.meetkit.testkit.EventReceiver;
import io.meetkit.testkit.FakeLiveKitServer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The durable event relay on a real PostgreSQL: a restart in the middle of retries, two instances sharing the
 * outbox, and a change and its event in one transaction.
 */
class RelayOnPostgresTest {

    private static final String KEY = "APIrelayPostgres";
    private static final String SECRET = "relay-postgres-secret-0123456789-abcdefghijk";
    private static final String SIGNING_A = "endpoint-a-signing-secret-0123456789-abcdef";
    private static final String SIGNING_B = "endpoint-b-signing-secret-0123456789-abcdef";

    private final TestDatabase db = TestDatabase.postgres();
    private final FakeLiveKitServer fake =
            FakeLiveKitServer.builder().apiKey(KEY).apiSecret(SECRET).build().start();
    private final EventReceiver a = EventReceiver.start(SIGNING_A);
    private final EventReceiver b = EventReceiver.start(SIGNING_B);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        fake.close();
        a.close();
        b.close();
    }

    private RelayOptions relay(Duration leaseTime) {
        return RelayOptions.builder()
                .endpoint(RelayEndpoint.builder("a", a.url())
                        .signingSecret(SIGNING_A)
                        .build())
                .endpoint(RelayEndpoint.builder("b", b.url())
                        .signingSecret(SIGNING_B)
                        .build())
                .pollInterval(Duration.ofMillis(50))
                .leaseTime(leaseTime)
                .initialBackoff(Duration.ofMillis(200))
                .maxBackoff(Duration.ofMillis(400))
                .maxAttempts(100)
                .build();
    }

    private MeetKit kit(MeetKitStores stores, RelayOptions relay) {
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(KEY)
                .apiSecret(SECRET)
                .stores(stores)
                .relay(relay)
                .build();
        open.add(kit);
        return kit;
    }

    private JdbcStores stores(String pool) {
        HikariDataSource ds = db.pool(pool, 8);
        open.add(ds);
        return JdbcStores.create(ds);
    }

    @Test
    @DisplayName("a restart in the middle of retries loses nothing: the next instance delivers every event in order")
    void restartMidRetry() {
        a.respondWith(503);
        MeetKit first = kit(stores("app-1"), relay(Duration.ofSeconds(30)));
        fake.webhookSink((body, auth) -> first.webhooks().handle(body, auth));
        Meeting m =
                first.meetings().create(CreateMeeting.builder("Restart", "ann").build());
        fake.joinParticipant(m.roomName(), "alice", "Alice", null);
        fake.leaveParticipant(m.roomName(), "alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.requests() >= 2);
        first.close(); // mid-retry: the first event has failed at least twice, the others wait behind it
        int attemptsBefore =
                first.stores().eventOutbox().pending("a", 10).get(0).attempts();
        assertThat(attemptsBefore).isGreaterThanOrEqualTo(2);
        assertThat(a.unique()).isEmpty();

        a.respondWith(204);
        MeetKit second = kit(stores("app-2"), relay(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(30)).until(() -> a.unique().size() == 3);
        List<OutboxEvent> feed = second.events().readAfter(0, 10);
        assertThat(a.unique())
                .extracting(EventReceiver.Received::id)
                .containsExactlyElementsOf(feed.stream().map(OutboxEvent::id).toList());
        assertThat(a.unique()).extracting(EventReceiver.Received::sequence).containsExactly(1L, 2L, 3L);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.unique().size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.relay().count("a", DeliveryStatus.DELIVERED) == 3);
        OutboxDelivery delivered =
                second.relay().deliveries("a", DeliveryStatus.DELIVERED, 0, 1).get(0);
        assertThat(delivered.attempts())
                .as("the attempts before the restart count")
                .isGreaterThan(attemptsBefore);
    }

    @Test
    @DisplayName(
            "two instances deliver each event to each endpoint at least once; deduped by id, exactly once, in order")
    void twoInstances() {
        MeetKit one = kit(stores("node-1"), relay(Duration.ofSeconds(1)));
        MeetKit two = kit(stores("node-2"), relay(Duration.ofSeconds(1)));
        List<UUID> meetings = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        int perInstance = 150;
        for (int i = 0; i < perInstance; i++) {
            append(one.stores().eventOutbox(), meetings.get(i % 3), "meetingStarted");
            append(two.stores().eventOutbox(), meetings.get((i + 1) % 3), "participantJoined");
            if (i == perInstance / 2) {
                // the instance delivering stops: the other takes over when the lease expires
                (one.relay().delivering() ? one : two).close();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> a.unique().size() == 2 * perInstance);
        await().atMost(Duration.ofSeconds(60)).until(() -> b.unique().size() == 2 * perInstance);
        Set<UUID> appended = db.a.eventOutbox().readAfter(0, 1000, Instant.now()).stream()
                .map(OutboxEvent::id)
                .collect(Collectors.toSet());
        for (EventReceiver r : List.of(a, b)) {
            assertThat(r.unique()).extracting(EventReceiver.Received::id).containsExactlyInAnyOrderElementsOf(appended);
            assertThat(r.received().size()).as("at least once").isGreaterThanOrEqualTo(appended.size());
            Map<UUID, List<Long>> order = r.unique().stream()
                    .collect(Collectors.groupingBy(
                            EventReceiver.Received::meetingId,
                            Collectors.mapping(EventReceiver.Received::sequence, Collectors.toList())));
            order.values()
                    .forEach(seq -> assertThat(seq)
                            .as("each meeting's events arrive in sequence order")
                            .isSortedAccordingTo(Comparator.naturalOrder()));
        }
    }

    @Test
    @DisplayName(
            "a change and its event commit together: a failed append rolls the change back, LiveKit's retry applies both")
    void changeAndEventInOneTransaction() {
        AtomicBoolean failAppend = new AtomicBoolean(true);
        JdbcStores real = stores("tx");
        MeetKit kit = kit(new FailingAppend(real, failAppend), RelayOptions.none());
        List<byte[]> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> auths = new java.util.concurrent.CopyOnWriteArrayList<>();
        fake.webhookSink((body, auth) -> {
            if (new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("room_started")) {
                bodies.add(body);
                auths.add(auth);
            }
        });
        Meeting m = kit.meetings().create(CreateMeeting.builder("Atomic", "ann").build());
        fake.joinParticipant(m.roomName(), "alice", "Alice", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);

        assertThatThrownBy(() -> kit.webhooks().handle(bodies.get(0), auths.get(0)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("injected");
        assertThat(real.meetings().findById(m.id()).orElseThrow().status())
                .as("the meeting update rolled back with the failed append")
                .isEqualTo(MeetingStatus.OPEN);
        assertThat(real.eventOutbox().readAfter(0, 10, Instant.now())).isEmpty();

        failAppend.set(false); // LiveKit retries the webhook
        assertThat(kit.webhooks().handle(bodies.get(0), auths.get(0)).status())
                .isEqualTo(io.meetkit.livekit.WebhookOutcome.Status.PROCESSED);
        assertThat(real.meetings().findById(m.id()).orElseThrow().status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(real.eventOutbox().readAfter(0, 10, Instant.now()))
                .extracting(OutboxEvent::type)
                .containsExactly("meetingStarted");
    }

    private static OutboxEvent append(EventOutbox outbox, UUID meetingId, String type) {
        return outbox.append(
                new NewOutboxEvent(UUID.randomUUID(), meetingId, type, Instant.now(), "{}"), Instant.now());
    }

    /** JdbcStores whose outbox append fails while {@code fail} is set: a database refusing the insert. */
    private static final class FailingAppend implements MeetKitStores {
        private final JdbcStores real;
        private final EventOutbox outbox;

        FailingAppend(JdbcStores real, AtomicBoolean fail) {
            this.real = real;
            this.outbox = (EventOutbox) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {EventOutbox.class}, (p, method, args) -> {
                        if (method.getName().equals("append") && fail.get()) {
                            throw new StoreException("outbox append failed (injected)", true, null);
                        }
                        try {
                            return method.invoke(real.eventOutbox(), args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public MeetingStore meetings() {
            return real.meetings();
        }

        @Override
        public RecordingStore recordings() {
            return real.recordings();
        }

        @Override
        public ParticipantNameStore participantNames() {
            return real.participantNames();
        }

        @Override
        public WebhookEventLog webhookEvents() {
            return real.webhookEvents();
        }

        @Override
        public LeaseStore leases() {
            return real.leases();
        }

        @Override
        public EventOutbox eventOutbox() {
            return outbox;
        }

        @Override
        public io.meetkit.store.ParticipantBanStore participantBans() {
            return real.participantBans();
        }

        @Override
        public boolean transactional() {
            return real.transactional();
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return real.inTransaction(work);
        }
    }
}
