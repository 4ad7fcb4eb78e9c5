package io.meetkit.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.event.MeetingEvent;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The maintenance jobs that talk to LiveKit, against the fake LiveKit server. */
class MaintenanceWithLiveKitTest {

    private static final String KEY = "APIe2eMaintenance";
    private static final String SECRET = "e2e-maintenance-secret-0123456789-abcdefghij";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final FakeLiveKitServer fake = FakeLiveKitServer.builder()
            .apiKey(KEY)
            .apiSecret(SECRET)
            .clock(clock)
            .build()
            .start();
    private final List<MeetingEvent> events = new CopyOnWriteArrayList<>();
    private final MeetKit kit = MeetKit.builder()
            .liveKitUrl(fake.url())
            .apiKey(KEY)
            .apiSecret(SECRET)
            .clock(clock)
            .stores(new InMemoryStores())
            .listener(events::add)
            .build();

    {
        fake.webhookSink((body, authorization) -> kit.webhooks().handle(body, authorization));
    }

    @AfterEach
    void tearDown() {
        assertThat(fake.webhookDeliveryErrors()).isEmpty();
        kit.close();
        fake.close();
    }

    @Test
    @DisplayName("a meeting ACTIVE in the store whose LiveKit room is gone gets the room_finished treatment")
    void reconciliation() {
        Meeting lost = kit.meetings()
                .create(CreateMeeting.builder("Lost", "u")
                        .endAction(EndAction.CLOSE)
                        .build());
        Meeting alive =
                kit.meetings().create(CreateMeeting.builder("Alive", "u").build());
        fake.joinParticipant(lost.roomName(), "alice");
        fake.joinParticipant(alive.roomName(), "bob");
        Instant now = clock.instant();
        kit.stores().participantNames().reserve(lost.id(), "Alice", "alice", "SPEAKER", now, now.plusSeconds(3600));
        assertThat(kit.meetings().require(lost.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
        fake.removeRoom(lost.roomName()); // no room_finished ever arrives
        clock.advance(Duration.ofMinutes(15));

        JobRun run =
                kit.maintenance().runOnce().job(Maintenance.ROOM_RECONCILIATION).orElseThrow();

        assertThat(run.status()).isEqualTo(JobRun.Status.RAN);
        assertThat(run.affected()).isEqualTo(1);
        Meeting finished = kit.meetings().require(lost.id());
        assertThat(finished.status()).isEqualTo(MeetingStatus.CLOSED);
        assertThat(finished.endedAt()).contains(clock.instant());
        assertThat(kit.stores().participantNames().list(lost.id(), clock.instant()))
                .isEmpty();
        assertThat(kit.meetings().require(alive.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(events)
                .filteredOn(e -> e instanceof MeetingEvent.MeetingEnded)
                .singleElement()
                .satisfies(e -> assertThat(
                                ((MeetingEvent.MeetingEnded) e).meeting().id())
                        .isEqualTo(lost.id()));

        // the next run finds nothing more to finish
        assertThat(kit.maintenance()
                        .runOnce()
                        .job(Maintenance.ROOM_RECONCILIATION)
                        .orElseThrow()
                        .affected())
                .isZero();
    }

    @Test
    @DisplayName("an expired live meeting with a FORCE policy is ended in LiveKit and deleted")
    void expiredLiveMeetingForced() {
        Meeting m = kit.meetings()
                .create(CreateMeeting.builder("Expiring", "u")
                        .autoDelete(clock.instant().plus(Duration.ofHours(1)), DeletionPolicy.FORCE)
                        .build());
        fake.joinParticipant(m.roomName(), "alice");
        clock.advance(Duration.ofHours(2));

        JobRun run =
                kit.maintenance().runOnce().job(Maintenance.EXPIRED_MEETINGS).orElseThrow();

        assertThat(run.affected()).isEqualTo(1);
        assertThat(kit.meetings().get(m.id())).isEmpty();
        assertThat(fake.room(m.roomName())).isEmpty();
    }
}
