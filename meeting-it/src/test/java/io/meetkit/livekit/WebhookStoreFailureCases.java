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
}
