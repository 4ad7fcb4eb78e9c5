package io.meetkit.internal.meeting;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.MeetingLifecycle.FinishResult;
import io.meetkit.internal.RoomSessions;
import io.meetkit.meeting.DeletionOutcome;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.RecordingsPolicy;
import io.meetkit.store.MeetingStore;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ending and deleting meetings: the deletion policy matrix (a live meeting and recordings, each FAIL, CLOSE / WHEN
 * MEETING ENDS, or FORCE) in one place, used by the API and by the expired-meetings job. Thread-safe. Not API.
 */
final class MeetingDeletion {

    private static final Logger log = LoggerFactory.getLogger(MeetingDeletion.class);

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;
    private final MeetingStore store;
    private final MeetingStates states;

    MeetingDeletion(MeetKitContext context, MeetingLifecycle lifecycle, MeetingStates states) {
        this.context = context;
        this.lifecycle = lifecycle;
        this.store = context.stores().meetings();
        this.states = states;
    }

    private Meeting require(UUID id) {
        return MeetingErrors.require(store, id);
    }

    boolean end(UUID id) {
        Meeting m = require(id);
        boolean hadRoom = deleteLiveRoom(m);
        lifecycle.roomFinished(m.id(), m.roomSid().orElse(null), context.now());
        return hadRoom;
    }

    private boolean deleteLiveRoom(Meeting m) {
        try {
            context.liveKit().deleteRoom(m.roomName());
            return true;
        } catch (NotFoundException noRoom) {
            return false;
        }
    }

    /**
     * Deletes the room of a meeting that is not live (a token issued before the deletion may have created it for a
     * join that never came); a LiveKit failure is logged, never fails the deletion (LiveKit removes an empty room
     * after its empty timeout).
     */
    private void deleteRoomQuietly(Meeting m) {
        try {
            context.liveKit().deleteRoom(m.roomName());
        } catch (NotFoundException noRoom) {
            // the usual case: no token created it
        } catch (MeetingException e) {
            log.warn(
                    "Meeting {} is deleted but its LiveKit room {} could not be removed: {}",
                    m.id(),
                    m.roomName(),
                    e.getMessage());
        }
    }

    DeletionResult delete(UUID id, DeletionPolicy policy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Meeting m = require(id);
        long recordings = lifecycle.recordingPurge().count(id);
        boolean live = RoomSessions.isLive(m);
        if (recordings > 0 && policy.withRecordings() == RecordingsPolicy.FAIL) {
            throw new ConflictException(
                    ConflictException.MEETING_HAS_RECORDINGS, "meeting " + id + " has " + recordings + " recording(s)");
        }
        boolean closeInstead = recordings > 0 && policy.withRecordings() == RecordingsPolicy.CLOSE;
        if (!live) {
            if (closeInstead) {
                states.close(id);
                return new DeletionResult(id, DeletionOutcome.CLOSED, false, 0);
            }
            int deleted = recordings > 0 ? lifecycle.recordingPurge().deleteAll(id) : 0;
            if (!store.delete(id)) {
                throw MeetingErrors.notFound(id);
            }
            // after the meeting is gone, so that a token issue racing this deletion either reserved before (and its
            // reservation goes now) or finds the meeting gone when it re-checks after reserving (and releases it)
            context.stores().participantNames().releaseAll(id);
            // a kick ban of a meeting that is gone keeps nobody out (a join to its room deletes the room)
            context.stores().participantBans().liftAll(id);
            deleteRoomQuietly(m);
            return new DeletionResult(id, DeletionOutcome.DELETED, false, deleted);
        }
        EndAction action = closeInstead ? EndAction.CLOSE : EndAction.DELETE;
        switch (policy.withMeeting()) {
            case FAIL ->
                throw new ConflictException(
                        ConflictException.MEETING_HAS_ACTIVE_MEETING, "meeting " + id + " has a live meeting");
            case WHEN_MEETING_ENDS -> {
                states.endAction(id, action);
                return new DeletionResult(
                        id,
                        closeInstead ? DeletionOutcome.SCHEDULED_TO_BE_CLOSED : DeletionOutcome.SCHEDULED_TO_BE_DELETED,
                        false,
                        0);
            }
            case FORCE -> {
                // what can fail and be retried (the files in S3) before what cannot be undone (DeleteRoom
                // disconnects everyone): a storage failure here leaves the meeting live and as it was
                int purged = action == EndAction.DELETE && recordings > 0
                        ? lifecycle.recordingPurge().deleteAll(id)
                        : 0;
                states.endAction(id, action);
                boolean ended = deleteLiveRoom(m);
                FinishResult finish = lifecycle.roomFinished(id, m.roomSid().orElse(null), context.now());
                return switch (finish.outcome()) {
                    case DELETED, NOT_FOUND ->
                        new DeletionResult(id, DeletionOutcome.DELETED, ended, purged + finish.deletedRecordings());
                    case CLOSED -> new DeletionResult(id, DeletionOutcome.CLOSED, ended, 0);
                    // the room_finished webhook of the room just deleted got there first and applied the end action
                    case IGNORED ->
                        store.findById(id)
                                .map(after -> {
                                    if (after.status() != MeetingStatus.CLOSED) {
                                        throw new IllegalStateException("meeting " + id
                                                + " did not take its end action " + action + ": " + after.status());
                                    }
                                    return new DeletionResult(id, DeletionOutcome.CLOSED, ended, 0);
                                })
                                .orElseGet(() -> new DeletionResult(id, DeletionOutcome.DELETED, ended, purged));
                    case REOPENED ->
                        throw new IllegalStateException(
                                "meeting " + id + " did not take its end action " + action + ": " + finish.outcome());
                };
            }
            default -> throw new IllegalStateException("unknown policy " + policy.withMeeting());
        }
    }

    BulkOutcome<DeletionResult> deleteAll(Collection<UUID> ids, DeletionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return BulkOutcome.forEach("ids", ids, id -> delete(id, policy));
    }
}
