package io.meetkit.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.NameReservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LiveKit delivers webhooks late, twice and out of order. Replaying a realistic event log of one meeting in 200 random
 * orders, with random duplicates, must end in the same state as replaying it in order.
 */
class WebhookOrderTest {

    private static final int SHUFFLES = 200;

    /** The realistic logs. */
    enum Scenario {
        /** Two sessions, both finished; end action NONE: the meeting is OPEN again. */
        TWO_SESSIONS_REOPEN(EndAction.NONE),
        /** The same with end action CLOSE: the meeting is CLOSED. */
        TWO_SESSIONS_CLOSE(EndAction.CLOSE),
        /** The same with end action DELETE: the meeting is gone. */
        TWO_SESSIONS_DELETE(EndAction.DELETE),
        /** Three sessions, the last one still live: the meeting is ACTIVE in the third. */
        THIRD_SESSION_LIVE(EndAction.NONE);

        final EndAction endAction;

        Scenario(EndAction endAction) {
            this.endAction = endAction;
        }
    }

    /** What is compared: the meeting's room-session state (or its absence) and the live name reservations. */
    record FinalState(Optional<Snapshot> meeting, List<String> reservations) {}

    record Snapshot(
            MeetingStatus status,
            EndAction endAction,
            Optional<String> roomSid,
            Optional<Instant> startedAt,
            Optional<Instant> endedAt) {}

    private static List<Function<String, byte[]>> log(Scenario scenario, long t0) {
        List<Function<String, byte[]>> log = new ArrayList<>();
        // session A
        log.add(room -> WebhookForge.roomEvent("room_started", "EV_A1", room, "RM_A", t0));
        log.add(room ->
                WebhookForge.participantEvent("participant_joined", "EV_A2", room, "RM_A", "alice", "Alice", t0 + 5));
        log.add(room ->
                WebhookForge.participantEvent("participant_joined", "EV_A3", room, "RM_A", "bob", "Bob", t0 + 7));
        log.add(room -> WebhookForge.egressEvent("egress_started", "EV_A4", room, "EG_1", "EGRESS_STARTING", t0 + 10));
        log.add(room -> ("{\"event\":\"track_published\",\"room\":{\"sid\":\"RM_A\",\"name\":\"" + room
                        + "\"},\"participant\":{\"identity\":\"alice\"},\"track\":{\"sid\":\"TR_1\"},\"id\":\"EV_A5\","
                        + "\"createdAt\":\"" + (t0 + 12) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        log.add(room ->
                WebhookForge.participantEvent("participant_left", "EV_A6", room, "RM_A", "bob", "Bob", t0 + 100));
        log.add(room -> WebhookForge.egressEvent("egress_ended", "EV_A7", room, "EG_1", "EGRESS_COMPLETE", t0 + 200));
        log.add(room ->
                WebhookForge.participantEvent("participant_left", "EV_A8", room, "RM_A", "alice", "Alice", t0 + 290));
        log.add(room -> WebhookForge.roomFinished("EV_A9", room, "RM_A", t0, t0 + 300));
        // session B
        log.add(room -> WebhookForge.roomEvent("room_started", "EV_B1", room, "RM_B", t0 + 600));
        log.add(room ->
                WebhookForge.participantEvent("participant_joined", "EV_B2", room, "RM_B", "carol", "Carol", t0 + 605));
        log.add(room -> WebhookForge.participantEvent(
                "participant_connection_aborted", "EV_B3", room, "RM_B", "carol", "Carol", t0 + 700));
        log.add(room -> WebhookForge.roomFinished("EV_B4", room, "RM_B", t0 + 600, t0 + 900));
        if (scenario == Scenario.THIRD_SESSION_LIVE) {
            log.add(room -> WebhookForge.roomEvent("room_started", "EV_C1", room, "RM_C", t0 + 1000));
            log.add(room -> WebhookForge.participantEvent(
                    "participant_joined", "EV_C2", room, "RM_C", "dave", "Dave", t0 + 1001));
        }
        return log;
    }

    /** Replays the log in {@code order} for a new meeting of {@code f}; event ids are prefixed to be new. */
    private static FinalState replay(WebhookFixture f, Scenario scenario, List<Integer> order, int run) {
        Meeting meeting = f.kit.meetings()
                .create(CreateMeeting.builder("Run " + run, "user-1")
                        .endAction(scenario.endAction)
                        .build());
        long t0 = f.nowSeconds() - 2000;
        if (scenario != Scenario.THIRD_SESSION_LIVE) {
            // names handed out with the tokens of sessions A and B; all must end up free
            Instant now = f.clock.instant();
            for (String name : List.of("Alice", "Bob", "Carol")) {
                f.kit.stores()
                        .participantNames()
                        .reserve(
                                meeting.id(),
                                name,
                                name.toLowerCase(Locale.ROOT),
                                "SPEAKER",
                                now,
                                now.plusSeconds(3600));
            }
        }
        List<Function<String, byte[]>> log = log(scenario, t0);
        for (int i : order) {
            String body = new String(log.get(i).apply(meeting.roomName()), StandardCharsets.UTF_8)
                    .replace("\"id\":\"EV_", "\"id\":\"EV_" + run + "_");
            f.deliver(body.getBytes(StandardCharsets.UTF_8));
        }
        Optional<Snapshot> state = f.kit.meetings().get(meeting.id()).map(WebhookOrderTest::snapshot);
        List<String> names = f.kit.stores().participantNames().list(meeting.id(), f.clock.instant()).stream()
                .map(NameReservation::displayName)
                .sorted()
                .toList();
        return new FinalState(state, names);
    }

    private static Snapshot snapshot(Meeting m) {
        return new Snapshot(m.status(), m.endAction(), m.roomSid(), m.startedAt(), m.endedAt());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    @DisplayName("200 shuffles with duplicates end in the state of the ordered log")
    void shufflesConverge(Scenario scenario) {
        int size = log(scenario, 0).size();
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            inOrder.add(i);
        }
        try (WebhookFixture f = new WebhookFixture(scenario.endAction)) {
            shufflesConverge(f, scenario, size, inOrder);
        }
    }

    private static void shufflesConverge(WebhookFixture f, Scenario scenario, int size, List<Integer> inOrder) {
        FinalState expected = replay(f, scenario, inOrder, -1);
        assertExpected(scenario, expected);

        Random random = new Random(20260302L + scenario.ordinal());
        for (int n = 0; n < SHUFFLES; n++) {
            List<Integer> order = new ArrayList<>(inOrder);
            for (int i = 0; i < size; i++) {
                if (random.nextInt(3) == 0) {
                    order.add(i); // delivered twice
                }
            }
            Collections.shuffle(order, random);

            FinalState actual = replay(f, scenario, order, n);

            assertThat(actual).as("%s, order %s", scenario, order).isEqualTo(expected);
        }
    }

    private static void assertExpected(Scenario scenario, FinalState ordered) {
        Instant t0 = WebhookFixture.START.minusSeconds(2000);
        switch (scenario) {
            case TWO_SESSIONS_REOPEN, TWO_SESSIONS_CLOSE -> {
                Snapshot s = ordered.meeting().orElseThrow();
                assertThat(s.status())
                        .isEqualTo(
                                scenario == Scenario.TWO_SESSIONS_REOPEN ? MeetingStatus.OPEN : MeetingStatus.CLOSED);
                assertThat(s.roomSid()).contains("RM_B");
                assertThat(s.startedAt()).contains(t0.plusSeconds(600));
                assertThat(s.endedAt()).contains(t0.plusSeconds(900));
                assertThat(ordered.reservations()).isEmpty();
            }
            case TWO_SESSIONS_DELETE -> assertThat(ordered.meeting()).isEmpty();
            case THIRD_SESSION_LIVE -> {
                Snapshot s = ordered.meeting().orElseThrow();
                assertThat(s.status()).isEqualTo(MeetingStatus.ACTIVE);
                assertThat(s.roomSid()).contains("RM_C");
                assertThat(s.startedAt()).contains(t0.plusSeconds(1000));
                assertThat(s.endedAt()).isEmpty();
            }
            default -> throw new IllegalStateException(scenario.name());
        }
    }
}
