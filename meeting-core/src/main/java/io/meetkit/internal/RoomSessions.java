package io.meetkit.internal;

import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The room-session rules, in one place: is the meeting live, is a start newer than the session the meeting knows, is
 * a finish stale. Used by {@link MeetingLifecycle} (webhooks, end, delete, reconciliation) and by the meetings
 * component. Sessions of one room never overlap, so they are ordered by time, and ties by sid, so that every
 * delivery order converges on the same state. A session's start is LiveKit's time (its room's creation time in
 * milliseconds of LiveKit's clock; a finish is the event's whole second) while an end set by MeetKit ({@code end()}, deletion, reconciliation) is MeetKit's clock: another session's start is
 * ordered against the known session's start, never against such an end. Stateless. Not API.
 */
public final class RoomSessions {

    private RoomSessions() {}

    /**
     * Whether the meeting is live: ACTIVE, or a room session started and did not finish (a CLOSED meeting can be
     * live until its session ends). The one answer every component gives.
     */
    public static boolean isLive(Meeting m) {
        return m.status() == MeetingStatus.ACTIVE
                || (m.startedAt().isPresent() && m.endedAt().isEmpty());
    }

    /**
     * Whether a start of session {@code sid} at {@code at} is newer than the session the meeting knows. Sessions of
     * one room never overlap, so a session that starts at or after the known one ended, or after the live one
     * started, is newer. Two different sessions starting in the same instant are ordered by sid, so that every
     * delivery order converges on the same one.
     */
    public static boolean isNewerStart(Meeting m, @Nullable String sid, Instant at) {
        Optional<Instant> end = m.endedAt();
        Optional<Instant> start = m.startedAt();
        if (end.isPresent()
                && start.isPresent()
                && sid != null
                && !sid.equals(m.roomSid().orElse(null))) {
            // The known session ended, maybe by MeetKit's end() at MeetKit's clock: order the other session against
            // the known one's start, which is LiveKit's time like {@code at}, never against that end. Sessions never
            // overlap, so one that started after the known one started is newer.
            int byTime = at.compareTo(start.get());
            return byTime > 0 || (byTime == 0 && sid.compareTo(m.roomSid().orElse("")) > 0);
        }
        if (end.isPresent()) {
            return !at.isBefore(end.get());
        }
        if (start.isPresent()) {
            if (sid == null) {
                return false; // a session is live; an unknown one cannot be told apart from it
            }
            int byTime = at.compareTo(start.get());
            String current = m.roomSid().orElse("");
            return byTime > 0 || (byTime == 0 && sid.compareTo(current) > 0);
        }
        return true;
    }

    /**
     * Whether a finish of {@code sid} at {@code at} is stale: a repeated finish of the known session, a finish of an
     * older session, or "finish whatever is live" when nothing is. A finish of a different session is ordered against
     * the known session's start, which is LiveKit's time like the finish, never against an end that MeetKit's clock
     * may have set ({@code end()}, deletion, reconciliation): by the finished room's creation time when the webhook
     * carries it (ties by sid, as {@link #isNewerStart} breaks them), else by the finish time, since sessions never
     * overlap and an older session finished before the known one started. Only when no start is known is the finish
     * ordered against the known end.
     *
     * @param m the meeting as stored
     * @param sid the finished session, or {@code null} for whatever is live
     * @param at when it finished, LiveKit's time
     * @param sessionStart when LiveKit created the finished room, or {@code null} when the event does not say
     */
    public static boolean isStaleFinish(Meeting m, @Nullable String sid, Instant at, @Nullable Instant sessionStart) {
        String current = m.roomSid().orElse(null);
        if (sid == null) {
            return !isLive(m);
        }
        if (sid.equals(current)) {
            return m.endedAt().isPresent(); // a repeated finish of the session we know
        }
        String known = current == null ? "" : current;
        Optional<Instant> start = m.startedAt();
        if (start.isPresent()) {
            if (sessionStart != null) {
                int byTime = sessionStart.compareTo(start.get());
                return byTime < 0 || (byTime == 0 && sid.compareTo(known) <= 0);
            }
            return !at.isAfter(start.get()); // ended when (or before) the known one started
        }
        Optional<Instant> end = m.endedAt();
        if (end.isPresent()) {
            int byTime = at.compareTo(end.get());
            return byTime < 0 || (byTime == 0 && sid.compareTo(known) <= 0);
        }
        return false;
    }
}
