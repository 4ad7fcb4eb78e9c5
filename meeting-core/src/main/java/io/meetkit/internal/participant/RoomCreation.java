package io.meetkit.internal.participant;

import io.meetkit.internal.KnownRooms;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.livekit.RoomSpec;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantTokens;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Creates a meeting's LiveKit room once: a room LiveKit confirmed is trusted for
 * {@link ParticipantTokens#ROOM_RECHECK_INTERVAL}, and concurrent joins of a cold room share one CreateRoom call.
 * Thread-safe. Not API.
 */
final class RoomCreation {

    private final MeetKitContext context;
    private final ConcurrentHashMap<String, CompletableFuture<@Nullable Void>> creating = new ConcurrentHashMap<>();

    RoomCreation(MeetKitContext context) {
        this.context = context;
    }

    /** Creates the LiveKit room unless it is known to exist; concurrent joins of a cold room share one CreateRoom. */
    void ensureRoom(Meeting meeting, Instant now) {
        String room = meeting.roomName();
        KnownRooms known = context.knownRooms();
        if (known.confirmedSince(room, now.minus(ParticipantTokens.ROOM_RECHECK_INTERVAL))) {
            return;
        }
        CompletableFuture<@Nullable Void> mine = new CompletableFuture<>();
        CompletableFuture<@Nullable Void> running = creating.putIfAbsent(room, mine);
        if (running != null) {
            try {
                running.join();
                return;
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        try {
            // another join may have created it between our check and our claim
            if (!known.confirmedSince(room, now.minus(ParticipantTokens.ROOM_RECHECK_INTERVAL))) {
                context.liveKit()
                        .createRoom(new RoomSpec(
                                room,
                                meeting.settings().emptyTimeout(),
                                meeting.settings().maxParticipants(),
                                "{\"meetkitMeetingId\":\"" + meeting.id() + "\"}"));
                known.confirmed(room, now);
            }
            mine.complete(null);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            creating.remove(room, mine);
        }
    }
}
