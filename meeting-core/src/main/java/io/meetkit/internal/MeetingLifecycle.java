package io.meetkit.internal;

import io.meetkit.ConflictException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.recording.RecordingPurge;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transitions LiveKit drives: a room session started, a room session finished. Used by ending and deleting a
 * meeting, by the webhook handler and by reconciliation, so that all of them apply the same rules.
 *
 * <p>Transitions are monotonic per LiveKit room session (its sid and the event time): a late or repeated event of
 * a session that is already over, or of an older session, changes nothing, so replaying any sequence of events
 * ends in the same state. Every change is a compare-and-set on the meeting's version. Thread-safe. Not API.
 */
public final class MeetingLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MeetingLifecycle.class);
    private static final int MAX_CAS_ATTEMPTS = CompareAndSet.MAX_ATTEMPTS;

    /** What {@link #roomFinished} did. */
    public enum FinishOutcome {
        /** No such meeting. */
        NOT_FOUND,
        /** The event was stale or repeated; nothing changed. */
        IGNORED,
        /** The meeting is OPEN again. */
        REOPENED,
        /** The meeting is CLOSED. */
        CLOSED,
        /** The meeting was deleted. */
        DELETED
    }

    /**
     * What {@link #roomFinished} did.
     *
     * @param outcome the outcome
     * @param before the meeting before the change, if there was one
     * @param after the meeting after the change, if it still exists and changed
     * @param deletedRecordings how many recordings were deleted with it
     */
    public record FinishResult(
            FinishOutcome outcome,
            @Nullable Meeting before,
            @Nullable Meeting after,
            int deletedRecordings) {}

    private final MeetKitContext context;
    private final RecordingPurge recordings;

    /**
     * Creates the lifecycle.
     *
     * @param context the shared context
     * @param recordings what deleting a meeting does with its recordings
     */
    public MeetingLifecycle(MeetKitContext context, RecordingPurge recordings) {
        this.context = Objects.requireNonNull(context, "context");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
    }

    /** Returns what deleting a meeting does with its recordings. */
    public RecordingPurge recordingPurge() {
        return recordings;
    }

    /**
     * A LiveKit room session started. A newer session makes the meeting ACTIVE (a CLOSED meeting stays CLOSED) and
     * tells the listeners ({@code MeetingStarted}) after the change is stored. A late start of the session the meeting
     * already knows only fills in its start time, it never reopens a finished session; a start of an older session
     * changes nothing.
     *
     * @param meetingId the meeting
     * @param sid the room session id, or {@code null} when unknown
     * @param at when it started
     * @return the meeting after the change, or empty when nothing changed (unknown meeting, stale or repeated event)
     */
    public Optional<Meeting> roomStarted(UUID meetingId, @Nullable String sid, Instant at) {
        Optional<CompareAndSet.Change<Meeting>> stored = CompareAndSet.apply(
                "meeting " + meetingId,
                () -> context.stores().meetings().findById(meetingId),
                m -> started(m, sid, at),
                // the change and its event in one transaction; the change started a new session unless the meeting
                // already knew this sid (then it only filled in the start time of a session whose room_finished
                // came first)
                (before, next) -> context.events()
                        .storeAndPublish(
                                () -> context.stores().meetings().update(next),
                                after -> isKnownSession(before, sid)
                                        ? null
                                        : new MeetingEvent.MeetingStarted(after, at)));
        return stored.map(CompareAndSet.Change::after);
    }

    private static boolean isKnownSession(Meeting m, @Nullable String sid) {
        return sid != null && sid.equals(m.roomSid().orElse(null));
    }

    /** The meeting after a start of session {@code sid}, or {@code null} when the start changes nothing. */
    private @Nullable Meeting started(Meeting m, @Nullable String sid, Instant at) {
        if (isKnownSession(m, sid)) {
            if (m.startedAt().isEmpty()) {
                // its room_finished came first: record when it started, but do not reopen it
                return m.toBuilder().startedAt(at).updatedAt(context.now()).build();
            }
            return null; // this session is already known
        }
        if (!RoomSessions.isNewerStart(m, sid, at)) {
            return null; // an older session than the one we know, or "some session" while one is live
        }
        return m.toBuilder()
                .status(m.status() == MeetingStatus.CLOSED ? MeetingStatus.CLOSED : MeetingStatus.ACTIVE)
                .roomSid(sid)
                .startedAt(at)
                .endedAt(null)
                .updatedAt(context.now())
                .build();
    }

    /**
     * A LiveKit room session finished: the meeting's end action applies (back to OPEN, CLOSED, or deleted with its
     * recordings), its name reservations are released, the room is forgotten by the cache, and the listeners hear
     * {@code MeetingEnded} after the change is stored. A finish of an older session, or a repeated finish, changes
     * nothing. A finish of a session newer than the known one (its start is late or lost) applies too; its start
     * is left empty until that session's {@code room_started} arrives (see the overload with the room's creation time).
     *
     * @param meetingId the meeting
     * @param sid the finished session's id, or {@code null} to finish whatever session is live
     * @param at when it finished
     */
    public FinishResult roomFinished(UUID meetingId, @Nullable String sid, Instant at) {
        return roomFinished(meetingId, sid, at, null);
    }

    /**
     * {@link #roomFinished(UUID, String, Instant)} with the finished room's creation time, as LiveKit's
     * {@code room_finished} carries it: it orders a finish of another session against the known one, and becomes the
     * start of a newer session whose {@code room_started} is late or lost.
     *
     * @param meetingId the meeting
     * @param sid the finished session's id, or {@code null} to finish whatever session is live
     * @param at when it finished
     * @param sessionStart when LiveKit created the finished room, or {@code null} when unknown
     */
    public FinishResult roomFinished(UUID meetingId, @Nullable String sid, Instant at, @Nullable Instant sessionStart) {
        return finish(meetingId, sid, at, sessionStart, false);
    }

    /**
     * Finishes the session {@code sid} only if it is the meeting's current, live session (reconciliation: the room
     * is gone from LiveKit). Unlike {@link #roomFinished}, a different sid never counts as a newer session, so a
     * session that started meanwhile is left alone.
     *
     * @param meetingId the meeting
     * @param sid the session seen live, or {@code null} when the meeting has none recorded
     * @param at when it was found gone
     */
    public FinishResult finishIfCurrent(UUID meetingId, @Nullable String sid, Instant at) {
        return finish(meetingId, sid, at, null, true);
    }

    private FinishResult finish(
            UUID meetingId, @Nullable String sid, Instant at, @Nullable Instant sessionStart, boolean onlyCurrent) {
        // Not CompareAndSet.apply: one read decides between three different actions, and only one of them is a
        // compare-and-set. A stale finish writes nothing (and must say IGNORED, not "gone"); DELETE deletes the
        // recordings' files and then the meeting, which is no versioned write to retry and must not run again when a
        // write fails; only OPEN/CLOSED is a versioned update, and only its lost race is retried. CompareAndSet's
        // change function may run several times and its empty answer cannot tell these apart.
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            Optional<Meeting> found = context.stores().meetings().findById(meetingId);
            if (found.isEmpty()) {
                return new FinishResult(FinishOutcome.NOT_FOUND, null, null, 0);
            }
            Meeting m = found.get();
            String current = m.roomSid().orElse(null);
            boolean stale = onlyCurrent
                    ? !RoomSessions.isLive(m) || !Objects.equals(sid, current)
                    : RoomSessions.isStaleFinish(m, sid, at, sessionStart);
            if (stale) {
                return new FinishResult(FinishOutcome.IGNORED, m, null, 0);
            }
            boolean sameSession = sid == null || sid.equals(current);
            if (m.endAction() == EndAction.DELETE) {
                int deleted = recordings.deleteAll(m.id());
                context.events()
                        .storeAndPublish(
                                () -> {
                                    context.stores().meetings().delete(m.id());
                                    return Optional.of(m);
                                },
                                gone -> new MeetingEvent.MeetingEnded(gone, true, at));
                // after the meeting is gone (committed): a racing token issue re-checks after reserving and releases
                // its own
                context.stores().participantNames().releaseAll(m.id());
                context.stores().participantBans().liftAll(m.id());
                return new FinishResult(FinishOutcome.DELETED, m, null, deleted);
            }
            MeetingStatus next = m.endAction() == EndAction.CLOSE || m.status() == MeetingStatus.CLOSED
                    ? MeetingStatus.CLOSED
                    : MeetingStatus.OPEN;
            Meeting changed = m.toBuilder()
                    .status(next)
                    // an end action applies once: OpenVidu Meet resets it to NONE when the meeting closes by it
                    .endAction(m.endAction() == EndAction.CLOSE ? EndAction.NONE : m.endAction())
                    .roomSid(sid != null ? sid : current)
                    // a newer session's start is its room's creation time when the finish carries it, so that
                    // its late room_started is not taken for yet another session
                    .startedAt(sameSession ? m.startedAt().orElse(null) : sessionStart)
                    .endedAt(at)
                    .updatedAt(context.now())
                    .build();
            Optional<Meeting> stored = context.events()
                    .storeAndPublish(
                            () -> {
                                Optional<Meeting> updated =
                                        context.stores().meetings().update(changed);
                                updated.ifPresent(
                                        u -> context.stores().participantNames().releaseAll(m.id()));
                                return updated;
                            },
                            u -> new MeetingEvent.MeetingEnded(u, false, at));
            if (stored.isPresent()) {
                return new FinishResult(
                        next == MeetingStatus.CLOSED ? FinishOutcome.CLOSED : FinishOutcome.REOPENED,
                        m,
                        stored.get(),
                        0);
            }
        }
        log.warn("Meeting {} changed {} times while applying room_finished; giving up", meetingId, MAX_CAS_ATTEMPTS);
        throw new ConflictException(
                ConflictException.STALE_VERSION, "meeting " + meetingId + " kept changing while its room finished");
    }

    /**
     * Applies {@code change} with compare-and-set until it sticks; {@code change} returns {@code null} for "no change".
     *
     * @return the stored meeting, or empty when the meeting is gone or the change was declined
     */
    public Optional<Meeting> casLoop(UUID meetingId, UnaryOperator<@Nullable Meeting> change) {
        return casLoop(meetingId, change, after -> null);
    }

    /**
     * Applies {@code change} with compare-and-set until it sticks, and publishes the event {@code eventOf} gives for
     * the stored meeting (appended in the same transaction as the write), if any.
     *
     * @return the stored meeting, or empty when the meeting is gone or the change was declined
     */
    public Optional<Meeting> casLoop(
            UUID meetingId,
            UnaryOperator<@Nullable Meeting> change,
            Function<Meeting, @Nullable MeetingEvent> eventOf) {
        return CompareAndSet.apply(
                        "meeting " + meetingId,
                        () -> context.stores().meetings().findById(meetingId),
                        change,
                        next -> context.events()
                                .storeAndPublish(
                                        () -> context.stores().meetings().update(next), eventOf))
                .map(CompareAndSet.Change::after);
    }
}
