package io.meetkit.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.MeetKit;
import io.meetkit.MutableClock;
import io.meetkit.StoreException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.EventPublisher;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.WebhookSignatureVerifier;
import io.meetkit.internal.meeting.MeetingManagerImpl;
import io.meetkit.internal.participant.ParticipantBans;
import io.meetkit.internal.recording.EgressEvents;
import io.meetkit.internal.recording.Recordings;
import io.meetkit.internal.webhook.LiveKitWebhooksImpl;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.observe.MeetKitObserver;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.NameReservation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LiveKitWebhooksTest {

    private static NameReservation reserve(WebhookFixture f, String name, String identity) {
        Instant now = f.clock.instant();
        return f.kit.stores()
                .participantNames()
                .reserve(f.meeting.id(), name, identity, "SPEAKER", now, now.plusSeconds(3600));
    }

    private static List<String> names(WebhookFixture f) {
        return f.kit.stores().participantNames().list(f.meeting.id(), f.clock.instant()).stream()
                .map(NameReservation::identity)
                .sorted()
                .toList();
    }

    @Nested
    @DisplayName("routing")
    class Routing {

        @Test
        @DisplayName("room_started makes the meeting ACTIVE and tells the listeners after the change is stored")
        void roomStarted() {
            MutableClock clock = new MutableClock(WebhookFixture.START);
            java.util.concurrent.atomic.AtomicReference<MeetKit> ref =
                    new java.util.concurrent.atomic.AtomicReference<>();
            List<MeetingStatus> storedWhenHeard = new ArrayList<>();
            try (MeetKit kit = MeetKit.builder()
                    .liveKitUrl("http://127.0.0.1:9")
                    .apiKey(WebhookForge.API_KEY)
                    .apiSecret(WebhookForge.SECRET)
                    .clock(clock)
                    .stores(new InMemoryStores())
                    .listener(e -> storedWhenHeard.add(ref.get()
                            .meetings()
                            .require(((MeetingEvent.MeetingStarted) e).meeting().id())
                            .status()))
                    .build()) {
                ref.set(kit);
                Meeting m = kit.meetings()
                        .create(CreateMeeting.builder("Standup", "u").build());
                long now = clock.instant().getEpochSecond();
                byte[] body = WebhookForge.roomEvent("room_started", "EV_1", m.roomName(), "RM_1", now);

                kit.webhooks().handle(body, WebhookForge.sign(body, now));

                assertThat(storedWhenHeard).containsExactly(MeetingStatus.ACTIVE);
                Meeting after = kit.meetings().require(m.id());
                assertThat(after.status()).isEqualTo(MeetingStatus.ACTIVE);
                assertThat(after.startedAt()).contains(Instant.ofEpochSecond(now));
                assertThat(after.roomSid()).contains("RM_1");
            }
        }

        @Test
        @DisplayName("room_finished with end action NONE reopens the meeting and frees every name")
        void roomFinishedReopens() {
            try (WebhookFixture f = new WebhookFixture()) {
                long now = f.nowSeconds();
                f.deliver(WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_1", now));
                reserve(f, "Alice", "alice");
                reserve(f, "Bob", "bob");

                WebhookOutcome outcome = f.deliver(WebhookForge.roomFinished("EV_2", f.room(), "RM_1", now, now + 60));

                assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
                Meeting m = f.current();
                assertThat(m.status()).isEqualTo(MeetingStatus.OPEN);
                assertThat(m.endedAt()).contains(Instant.ofEpochSecond(now + 60));
                assertThat(names(f)).isEmpty();
                assertThat(f.events).hasSize(2);
                assertThat(f.events.get(1)).isInstanceOfSatisfying(MeetingEvent.MeetingEnded.class, e -> {
                    assertThat(e.deleted()).isFalse();
                    assertThat(e.meeting().status()).isEqualTo(MeetingStatus.OPEN);
                });
            }
        }

        @Test
        @DisplayName("room_finished with end action CLOSE closes the meeting")
        void roomFinishedCloses() {
            try (WebhookFixture f = new WebhookFixture(EndAction.CLOSE)) {
                long now = f.nowSeconds();
                f.deliver(WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_1", now));
                f.deliver(WebhookForge.roomFinished("EV_2", f.room(), "RM_1", now, now + 60));

                assertThat(f.current().status()).isEqualTo(MeetingStatus.CLOSED);
            }
        }

        @Test
        @DisplayName("room_finished with end action DELETE deletes the meeting; later events are not ours")
        void roomFinishedDeletes() {
            try (WebhookFixture f = new WebhookFixture(EndAction.DELETE)) {
                long now = f.nowSeconds();
                f.deliver(WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_1", now));
                reserve(f, "Alice", "alice");
                f.deliver(WebhookForge.roomFinished("EV_2", f.room(), "RM_1", now, now + 60));

                assertThat(f.kit.meetings().get(f.meeting.id())).isEmpty();
                assertThat(names(f)).isEmpty();
                assertThat(f.events.get(1))
                        .isInstanceOfSatisfying(
                                MeetingEvent.MeetingEnded.class,
                                e -> assertThat(e.deleted()).isTrue());
                WebhookOutcome late = f.deliver(WebhookForge.participantEvent(
                        "participant_left", "EV_3", f.room(), "RM_1", "alice", "Alice", now + 59));
                assertThat(late.status()).isEqualTo(WebhookOutcome.Status.NOT_OURS);
            }
        }

        @Test
        @DisplayName("a late room_started after room_finished of the same session does not reopen it")
        void lateStart() {
            try (WebhookFixture f = new WebhookFixture()) {
                long now = f.nowSeconds();
                f.deliver(WebhookForge.roomFinished("EV_2", f.room(), "RM_1", now, now + 60));
                f.deliver(WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_1", now));

                Meeting m = f.current();
                assertThat(m.status()).isEqualTo(MeetingStatus.OPEN);
                assertThat(m.startedAt()).contains(Instant.ofEpochSecond(now));
                assertThat(m.endedAt()).contains(Instant.ofEpochSecond(now + 60));
                assertThat(f.events).noneMatch(e -> e instanceof MeetingEvent.MeetingStarted);
            }
        }

        @Test
        @DisplayName("participant_joined tells the listeners; an egress participant is ignored")
        void participantJoined() {
            try (WebhookFixture f = new WebhookFixture()) {
                long now = f.nowSeconds();
                f.deliver(WebhookForge.participantEvent(
                        "participant_joined", "EV_1", f.room(), "RM_1", "alice", "Alice", now));
                byte[] egressJoin = ("{\"event\":\"participant_joined\",\"room\":{\"name\":\"" + f.room()
                                + "\"},\"participant\":{\"identity\":\"EG_x\",\"kind\":\"EGRESS\"},\"id\":\"EV_2\"}")
                        .getBytes(StandardCharsets.UTF_8);

                assertThat(f.deliver(egressJoin).status()).isEqualTo(WebhookOutcome.Status.IGNORED);
                assertThat(f.events).singleElement().isInstanceOfSatisfying(MeetingEvent.ParticipantJoined.class, e -> {
                    assertThat(e.identity()).isEqualTo("alice");
                    assertThat(e.name()).isEqualTo("Alice");
                    assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(now));
                });
            }
        }

        @Test
        @DisplayName("participant_left and participant_connection_aborted free that participant's name only")
        void participantLeft() {
            try (WebhookFixture f = new WebhookFixture()) {
                long now = f.nowSeconds();
                reserve(f, "Alice", "alice");
                reserve(f, "Bob", "bob");
                reserve(f, "Carol", "carol");

                f.deliver(WebhookForge.participantEvent(
                        "participant_left", "EV_1", f.room(), "RM_1", "alice", "Alice", now));
                f.deliver(WebhookForge.participantEvent(
                        "participant_connection_aborted", "EV_2", f.room(), "RM_1", "bob", "Bob", now));

                assertThat(names(f)).containsExactly("carol");
                assertThat(f.events).hasSize(2).allMatch(e -> e instanceof MeetingEvent.ParticipantLeft);

                byte[] replaced = ("{\"event\":\"participant_left\",\"room\":{\"name\":\"" + f.room()
                                + "\"},\"participant\":{\"identity\":\"carol\",\"disconnectReason\":"
                                + "\"DUPLICATE_IDENTITY\"},\"id\":\"EV_3\"}")
                        .getBytes(StandardCharsets.UTF_8);
                f.deliver(replaced);
                assertThat(names(f))
                        .as("carol reconnected; the old connection's leave keeps her name")
                        .containsExactly("carol");
            }
        }

        @Test
        @DisplayName("rooms MeetKit did not create are not ours and change nothing")
        void notOurs() {
            try (WebhookFixture f = new WebhookFixture()) {
                Meeting before = f.current();
                WebhookOutcome outcome = f.deliver(
                        WebhookForge.roomEvent("room_started", "EV_1", "someone-elses", "RM_1", f.nowSeconds()));

                assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.NOT_OURS);
                assertThat(outcome.meeting()).isEmpty();
                assertThat(f.current()).isEqualTo(before);
                assertThat(f.events).isEmpty();
            }
        }

        @Test
        @DisplayName("egress events go to the recordings component; one of an egress MeetKit did not start changes "
                + "nothing")
        void egressWithoutRecordings() {
            try (WebhookFixture f = new WebhookFixture()) {
                WebhookOutcome outcome = f.deliver(WebhookForge.egressEvent(
                        "egress_started", "EV_1", f.room(), "EG_1", "EGRESS_ACTIVE", f.nowSeconds()));

                assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
                assertThat(outcome.meeting()).contains(f.meeting.id());
                assertThat(f.kit.recordings()
                                .list(io.meetkit.recording.RecordingQuery.firstPage())
                                .items())
                        .isEmpty();
                assertThat(f.events).isEmpty();
            }
        }

        @Test
        @DisplayName("the body can be given as a stream")
        void stream() {
            try (WebhookFixture f = new WebhookFixture()) {
                byte[] body = WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_1", f.nowSeconds());
                WebhookOutcome outcome = f.kit.webhooks()
                        .handle(new ByteArrayInputStream(body), WebhookForge.sign(body, f.nowSeconds()));

                assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
            }
        }
    }

    @Nested
    @DisplayName("listeners")
    class Listeners {

        @Test
        @DisplayName("a listener that throws does not stop the others or the webhook")
        void throwingListener() {
            MutableClock clock = new MutableClock(WebhookFixture.START);
            List<MeetingEvent> seen = new CopyOnWriteArrayList<>();
            try (MeetKit kit = MeetKit.builder()
                    .liveKitUrl("http://127.0.0.1:9")
                    .apiKey(WebhookForge.API_KEY)
                    .apiSecret(WebhookForge.SECRET)
                    .clock(clock)
                    .stores(new InMemoryStores())
                    .listener(e -> {
                        throw new IllegalStateException("listener bug");
                    })
                    .listener(seen::add)
                    .build()) {
                Meeting m = kit.meetings()
                        .create(CreateMeeting.builder("Standup", "u").build());
                long now = clock.instant().getEpochSecond();
                byte[] body = WebhookForge.roomEvent("room_started", "EV_1", m.roomName(), "RM_1", now);

                WebhookOutcome outcome = kit.webhooks().handle(body, WebhookForge.sign(body, now));

                assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
                assertThat(kit.meetings().require(m.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
                assertThat(seen).singleElement().isInstanceOf(MeetingEvent.MeetingStarted.class);
            }
        }
    }

    @Nested
    @DisplayName("the egress seam and failures")
    class EgressSeam {

        private final MutableClock clock = new MutableClock(WebhookFixture.START);
        private final InMemoryStores stores = new InMemoryStores();
        // the real adapter, never called by these tests
        private final LiveKitServerGateway gateway = MeetKit.liveKitGateway(
                "http://127.0.0.1:9", WebhookForge.API_KEY, WebhookForge.SECRET, java.time.Duration.ofSeconds(1));
        private final MeetKitContext context = new MeetKitContext(
                clock,
                stores,
                gateway,
                "http://127.0.0.1:9",
                WebhookForge.API_KEY,
                WebhookForge.SECRET.getBytes(StandardCharsets.UTF_8),
                new EventPublisher(stores, clock, List.of(), () -> {}),
                MeetKitObserver.NONE);
        private final MeetingLifecycle lifecycle = new MeetingLifecycle(
                context,
                Recordings.create(
                                context,
                                null,
                                RecordingController.DEFAULT_START_TIMEOUT,
                                RecordingController.DEFAULT_KEY_PREFIX,
                                RecordingController.DEFAULT_STALE_AFTER)
                        .purge());
        /** The egress receiver each test sets; the handler gets it through its constructor. */
        private volatile EgressEvents egressEvents = (egress, at) -> {};

        private final ParticipantBans bans = new ParticipantBans(context, java.time.Duration.ofHours(2));
        private final MeetingManager meetings = new MeetingManagerImpl(context, lifecycle, bans);
        private final LiveKitWebhooks webhooks = new LiveKitWebhooksImpl(
                context,
                lifecycle,
                (egress, at) -> egressEvents.onEgress(egress, at),
                new io.meetkit.internal.recording.AutoRecorder(
                        context,
                        Recordings.create(
                                        context,
                                        null,
                                        RecordingController.DEFAULT_START_TIMEOUT,
                                        RecordingController.DEFAULT_KEY_PREFIX,
                                        RecordingController.DEFAULT_STALE_AFTER)
                                .controller(),
                        RecordingController.DEFAULT_AUTO_RECORD_PARTICIPANTS),
                new WebhookSignatureVerifier(Hs256Jwt.builder()
                        .secret(WebhookForge.SECRET)
                        .issuer(WebhookForge.API_KEY)
                        .build()),
                LiveKitWebhooks.DEFAULT_BODY_LIMIT,
                bans,
                new io.meetkit.internal.participant.NameRejoin(
                        context,
                        io.meetkit.participant.RolePolicy.defaults(),
                        io.meetkit.participant.ParticipantTokens.DEFAULT_TOKEN_TTL));

        @org.junit.jupiter.api.AfterEach
        void closeGateway() {
            gateway.close();
        }

        @Test
        @DisplayName("egress events of our rooms go to the EgressEvents the handler was built with")
        void egressRouted() {
            Meeting m = meetings.create(CreateMeeting.builder("Standup", "u").build());
            List<EgressSnapshot> got = new ArrayList<>();
            egressEvents = (egress, at) -> got.add(egress);
            long now = clock.instant().getEpochSecond();
            byte[] body =
                    WebhookForge.egressEvent("egress_updated", "EV_1", m.roomName(), "EG_1", "EGRESS_ACTIVE", now);

            WebhookOutcome outcome = webhooks.handle(body, WebhookForge.sign(body, now));

            assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
            assertThat(got).singleElement().satisfies(e -> {
                assertThat(e.egressId()).isEqualTo("EG_1");
                assertThat(e.status()).isEqualTo(RecordingStatus.ACTIVE);
            });
        }

        @Test
        @DisplayName("when handling fails, the event id is forgotten so that LiveKit's redelivery is handled")
        void failureForgetsId() {
            Meeting m = meetings.create(CreateMeeting.builder("Standup", "u").build());
            int[] calls = {0};
            egressEvents = (egress, at) -> {
                if (calls[0]++ == 0) {
                    throw new StoreException("database down", true, null);
                }
            };
            long now = clock.instant().getEpochSecond();
            byte[] body =
                    WebhookForge.egressEvent("egress_ended", "EV_1", m.roomName(), "EG_1", "EGRESS_COMPLETE", now);
            String token = WebhookForge.sign(body, now);

            assertThatThrownBy(() -> webhooks.handle(body, token)).isInstanceOf(StoreException.class);
            assertThat(webhooks.handle(body, token).status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
            assertThat(webhooks.handle(body, token).status()).isEqualTo(WebhookOutcome.Status.DUPLICATE);
            assertThat(calls[0]).isEqualTo(2);
        }
    }
}
