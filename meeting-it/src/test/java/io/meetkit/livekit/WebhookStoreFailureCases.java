package io.meetkit.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.StoreException;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.MeetKitStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.MutableClock;
import io.meetkit.testkit.SentWebhook;
import io.meetkit.testkit.cluster.FailingStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A webhook whose handling fails half-way (the store dropping between two statements, at each statement in turn) is
 * processed when LiveKit redelivers it, never answered DUPLICATE: the event id counts as seen only once the event
 * is applied (issue 14, item 1). LiveKit retries a delivery that failed (livekit/protocol {@code webhook/notifier.go}
 * and {@code webhook/resource_url_notifier.go}: a non-2xx answer is retried), with the same event id.
 */
abstract class WebhookStoreFailureCases {

    private static final String KEY = "APIstoreFailure";
    private static final String SECRET = "store-failure-secret-0123456789-abcdefghijkl";

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    protected final FakeLiveKitServer fake = FakeLiveKitServer.builder()
            .apiKey(KEY)
            .apiSecret(SECRET)
            .clock(clock)
            .build()
            .start();
    protected final FailingStores failing = FailingStores.wrap(realStores());
    protected final MeetKit kit = MeetKit.builder()
            .liveKitUrl(fake.url())
            .apiKey(KEY)
            .apiSecret(SECRET)
            .clock(clock)
            .stores(failing.stores())
            .build();

    /** The real stores under the failing wrapper, fresh and empty for each test. */
    protected abstract MeetKitStores realStores();

    @AfterEach
    void tearDown() {
        kit.close();
        fake.close();
    }

    protected SentWebhook last(String event, String room) {
        List<SentWebhook> sent = fake.sentWebhooks(event);
        for (int i = sent.size() - 1; i >= 0; i--) {
            SentWebhook w = sent.get(i);
            String r = event.startsWith("egress_")
                    ? w.event().getEgressInfo().getRoomName()
                    : w.event().getRoom().getName();
            if (r.equals(room)) {
                return w;
            }
        }
        throw new AssertionError("no " + event + " for " + room + " in " + sent);
    }

    /** Delivers with the store dropping after {@code passes} calls; true if that delivery failed. */
    private boolean deliverWithStoreDownAfter(SentWebhook w, int passes) {
        failing.downAfter(passes);
        boolean failed = false;
        try {
            kit.webhooks().handle(w.body(), w.authorization());
        } catch (StoreException e) {
            failed = true;
        } finally {
            failing.up();
        }
        return failed;
    }

    @Test
    @DisplayName("room_started: the store drops after each statement in turn; the redelivery makes the meeting ACTIVE")
    void roomStartedRedeliveredAfterEachFailurePoint() {
        List<String> lost = new ArrayList<>();
        int failedDeliveries = 0;
        for (int passes = 0; passes < 12; passes++) {
            Meeting m = kit.meetings()
                    .create(CreateMeeting.builder("Retro " + passes, "ann").build());
            fake.joinParticipant(m.roomName(), "alice");
            SentWebhook started = last("room_started", m.roomName());

            boolean failed = deliverWithStoreDownAfter(started, passes);
            WebhookOutcome redelivered = kit.webhooks().handle(started.body(), started.authorization());

            if (failed) {
                failedDeliveries++;
                assertThat(redelivered.status())
                        .as("redelivery after the store dropped after %d calls", passes)
                        .isEqualTo(WebhookOutcome.Status.PROCESSED);
            } else {
                assertThat(redelivered.status()).isEqualTo(WebhookOutcome.Status.DUPLICATE);
            }
            if (kit.meetings().require(m.id()).status() != MeetingStatus.ACTIVE) {
                lost.add("store down after " + passes + " calls");
            }
            // once recorded, a further delivery is a duplicate and changes nothing
            assertThat(kit.webhooks()
                            .handle(started.body(), started.authorization())
                            .status())
                    .isEqualTo(WebhookOutcome.Status.DUPLICATE);
        }
        assertThat(failedDeliveries).as("the fault hit some deliveries").isPositive();
        assertThat(lost)
                .as("meetings left OPEN although LiveKit redelivered room_started")
                .isEmpty();
    }

    @Test
    @DisplayName("participant_left: a failed delivery's redelivery still frees the display name")
    void participantLeftRedelivered() {
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Planning", "ann").build());
        ParticipantToken token = kit.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER"));
        fake.join(token.token());
        kit.webhooks()
                .handle(
                        last("room_started", m.roomName()).body(),
                        last("room_started", m.roomName()).authorization());
        assertThat(kit.stores().participantNames().list(m.id(), clock.instant()))
                .hasSize(1);
        fake.leaveParticipant(m.roomName(), java.util.Objects.requireNonNull(token.identity()));
        SentWebhook left = last("participant_left", m.roomName());

        for (int passes = 0; passes < 4; passes++) {
            if (!deliverWithStoreDownAfter(left, passes)) {
                break;
            }
        }
        WebhookOutcome again = kit.webhooks().handle(left.body(), left.authorization());

        assertThat(again.status()).isIn(WebhookOutcome.Status.PROCESSED, WebhookOutcome.Status.DUPLICATE);
        assertThat(kit.stores().participantNames().list(m.id(), clock.instant()))
                .as("the name is freed")
                .isEmpty();
    }

    /** The outbox events of one meeting of a type. */
    private List<io.meetkit.store.OutboxEvent> outboxEvents(Meeting m, String type) {
        List<io.meetkit.store.OutboxEvent> found = new ArrayList<>();
        long after = 0;
        for (List<io.meetkit.store.OutboxEvent> page;
                !(page = kit.stores().eventOutbox().readAfter(after, 1000, clock.instant())).isEmpty(); ) {
            page.stream()
                    .filter(e -> e.meetingId().equals(m.id()) && e.type().equals(type))
                    .forEach(found::add);
            after = page.get(page.size() - 1).position();
        }
        return found;
    }

    @Test
    @DisplayName("participant_joined and _left: the store drops after each call in turn; after the redelivery the"
            + " outbox holds the webhook's event exactly once, and a failed delivery left none on transactional stores")
    void participantEventsAppendedExactlyOnceWhateverFails() {
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Standup", "ann").build());
        int failedDeliveries = 0;
        for (int passes = 0; passes < 10; passes++) {
            ParticipantToken token = kit.tokens().issue(m.id(), TokenRequest.of("Guest " + passes, "SPEAKER"));
            String identity = java.util.Objects.requireNonNull(token.identity());
            fake.join(token.token());
            SentWebhook joined = last("participant_joined", m.roomName());
            fake.leaveParticipant(m.roomName(), identity);
            SentWebhook left = last("participant_left", m.roomName());
            for (SentWebhook w : List.of(joined, left)) {
                String type = w == joined ? "participantJoined" : "participantLeft";
                int before = outboxEvents(m, type).size();
                boolean failed = deliverWithStoreDownAfter(w, passes);
                if (failed) {
                    failedDeliveries++;
                    if (kit.stores().transactional()) {
                        assertThat(outboxEvents(m, type))
                                .as(
                                        "%s failed after %d store calls: its event rolled back with its record",
                                        type, passes)
                                .hasSize(before);
                    }
                }
                WebhookOutcome again = kit.webhooks().handle(w.body(), w.authorization());
                assertThat(again.status())
                        .as("%s redelivered after a delivery that %s", type, failed ? "failed" : "succeeded")
                        .isEqualTo(failed ? WebhookOutcome.Status.PROCESSED : WebhookOutcome.Status.DUPLICATE);
                assertThat(outboxEvents(m, type))
                        .as("%s with the store down after %d calls, then redelivered", type, passes)
                        .hasSize(before + 1);
            }
        }
        assertThat(failedDeliveries).as("the fault hit some deliveries").isPositive();
        assertThat(kit.stores().participantNames().list(m.id(), clock.instant()))
                .as("every name freed")
                .isEmpty();
    }

    @Test
    @DisplayName("the same participant_joined delivered twice at once: one delivery applies it, the other is a"
            + " DUPLICATE (never a failure), and the outbox holds one event")
    void concurrentDuplicateDeliveries() throws Exception {
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Town hall", "ann").build());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 30; round++) {
                ParticipantToken token = kit.tokens().issue(m.id(), TokenRequest.of("Viewer " + round, "SPEAKER"));
                fake.join(token.token());
                SentWebhook joined = last("participant_joined", m.roomName());
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                List<java.util.concurrent.Future<WebhookOutcome.Status>> both = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    both.add(pool.submit(() -> {
                        start.await();
                        return kit.webhooks()
                                .handle(joined.body(), joined.authorization())
                                .status();
                    }));
                }
                List<WebhookOutcome.Status> statuses = new ArrayList<>();
                for (java.util.concurrent.Future<WebhookOutcome.Status> f : both) {
                    statuses.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(statuses).as("round %d", round).contains(WebhookOutcome.Status.PROCESSED);
                assertThat(statuses)
                        .as("round %d", round)
                        .allMatch(s -> s == WebhookOutcome.Status.PROCESSED || s == WebhookOutcome.Status.DUPLICATE);
                String identity = java.util.Objects.requireNonNull(token.identity());
                assertThat(outboxEvents(m, "participantJoined").stream()
                                .filter(e -> e.data().contains(identity))
                                .count())
                        .as("round %d: events of %s", round, identity)
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
