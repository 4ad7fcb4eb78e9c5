package io.meetkit.internal.meeting;

import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.RoomSessions;
import io.meetkit.internal.Secrets;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The state changes an application asks for (close, reopen, new role secrets, an end action), each a compare-and-set
 * on the meeting's version through {@link MeetingLifecycle#casLoop}. Thread-safe. Not API.
 */
final class MeetingStates {

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;

    MeetingStates(MeetKitContext context, MeetingLifecycle lifecycle) {
        this.context = context;
        this.lifecycle = lifecycle;
    }

    Meeting close(UUID id) {
        Objects.requireNonNull(id, "id");
        return changeState(id, m -> switch (m.status()) {
            case CLOSED -> null;
            case ACTIVE ->
                m.endAction() == EndAction.CLOSE || m.endAction() == EndAction.DELETE
                        ? null
                        : m.toBuilder()
                                .endAction(EndAction.CLOSE)
                                .updatedAt(context.now())
                                .build();
            case OPEN ->
                m.toBuilder()
                        .status(MeetingStatus.CLOSED)
                        .updatedAt(context.now())
                        .build();
        });
    }

    Meeting reopen(UUID id) {
        Objects.requireNonNull(id, "id");
        return changeState(id, m -> switch (m.status()) {
            case OPEN -> null;
            case ACTIVE ->
                m.endAction() != EndAction.CLOSE
                        ? null
                        : m.toBuilder()
                                .endAction(EndAction.NONE)
                                .updatedAt(context.now())
                                .build();
            case CLOSED ->
                m.toBuilder()
                        .status(RoomSessions.isLive(m) ? MeetingStatus.ACTIVE : MeetingStatus.OPEN)
                        .endAction(m.endAction() == EndAction.CLOSE ? EndAction.NONE : m.endAction())
                        .updatedAt(context.now())
                        .build();
        });
    }

    Meeting rotateRoleSecrets(UUID id) {
        Objects.requireNonNull(id, "id");
        return changeState(
                id,
                m -> m.toBuilder()
                        .moderatorSecret(Secrets.newSecret())
                        .speakerSecret(Secrets.newSecret())
                        .updatedAt(context.now())
                        .build());
    }

    /** Sets the end action of a live meeting (what happens when it ends); setting the one it has changes nothing. */
    Meeting endAction(UUID id, EndAction action) {
        return changeState(
                id,
                cur -> cur.endAction() == action
                        ? null
                        : cur.toBuilder()
                                .endAction(action)
                                .updatedAt(context.now())
                                .build());
    }

    Meeting changeState(UUID id, java.util.function.UnaryOperator<@Nullable Meeting> change) {
        // declined ("no change") or gone: the meeting as it is now, if it is still there
        return lifecycle
                .casLoop(id, change)
                .or(() -> context.stores().meetings().findById(id))
                .orElseThrow(() -> MeetingErrors.notFound(id));
    }
}
