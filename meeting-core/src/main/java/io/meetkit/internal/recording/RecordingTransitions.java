package io.meetkit.internal.recording;

import io.meetkit.event.MeetingEvent;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The pure rules of a recording's state: how an egress snapshot merges into a recording, how statuses rank, how a
 * recording is ended locally, and which event follows a change. No store, no clock, no I/O: every time comes in as
 * an argument. Thread-safe (stateless). Not API.
 */
public final class RecordingTransitions {

    private RecordingTransitions() {}

    /**
     * Orders statuses along the one way a recording moves: STARTING, ACTIVE, ENDING, then any finished status.
     * A snapshot ranked below the recording's status is stale.
     */
    public static int rank(RecordingStatus s) {
        return switch (s) {
            case STARTING -> 0;
            case ACTIVE -> 1;
            case ENDING -> 2;
            default -> 3;
        };
    }

    /**
     * Merges what LiveKit says about the egress into the recording. A finished recording never changes; a snapshot
     * of an earlier status changes nothing; fields LiveKit leaves empty keep their value.
     *
     * @param now the time stored as {@code updatedAt}, and as {@code endedAt} when LiveKit gives none
     * @return the next recording, or {@code null} when nothing changes
     */
    public static @Nullable Recording merge(Recording cur, EgressSnapshot e, Instant now) {
        if (cur.status().isFinished() || rank(e.status()) < rank(cur.status())) {
            return null;
        }
        Recording.Builder b = cur.toBuilder().status(e.status());
        if (e.startedAt() != null) {
            b.startedAt(e.startedAt());
        }
        if (e.status().isFinished()) {
            b.endedAt(e.endedAt() != null ? e.endedAt() : now);
        }
        e.file().ifPresent(f -> {
            if (f.location() != null) {
                b.location(f.location());
            }
            if (f.sizeBytes() > 0) {
                b.sizeBytes(f.sizeBytes());
            }
            if (!f.duration().isZero() && !f.duration().isNegative()) {
                b.duration(f.duration());
            }
        });
        if (e.error() != null) {
            b.error(e.error());
        }
        Recording next = b.build();
        if (sameContent(cur, next)) {
            return null;
        }
        return next.toBuilder().updatedAt(now).build();
    }

    /**
     * Ends a recording locally (MeetKit decides, not LiveKit): it gets the finished {@code status}, the error and
     * {@code at} as its end.
     *
     * @return the ended recording, or {@code null} when it is already finished
     */
    public static @Nullable Recording end(Recording cur, RecordingStatus status, String error, Instant at) {
        if (cur.status().isFinished()) {
            return null;
        }
        return cur.toBuilder()
                .status(status)
                .error(error)
                .endedAt(at)
                .updatedAt(at)
                .build();
    }

    /**
     * The event that tells listeners about a stored change: {@code RecordingEnded} when it finished,
     * {@code RecordingStarted} when it became ACTIVE from STARTING, {@code RecordingUpdated} otherwise.
     */
    public static MeetingEvent event(Recording before, Recording after, Instant at) {
        if (after.status().isFinished()) {
            return new MeetingEvent.RecordingEnded(after, at);
        }
        if (after.status() == RecordingStatus.ACTIVE && before.status() == RecordingStatus.STARTING) {
            return new MeetingEvent.RecordingStarted(after, at);
        }
        return new MeetingEvent.RecordingUpdated(after, at);
    }

    private static boolean sameContent(Recording a, Recording b) {
        return a.status() == b.status()
                && Objects.equals(a.startedAt(), b.startedAt())
                && Objects.equals(a.endedAt(), b.endedAt())
                && Objects.equals(a.location(), b.location())
                && Objects.equals(a.sizeBytes(), b.sizeBytes())
                && Objects.equals(a.duration(), b.duration())
                && Objects.equals(a.error(), b.error());
    }
}
