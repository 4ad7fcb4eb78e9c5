package io.meetkit.internal.participant;

import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.RoomSessions;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantTokens;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The explicit room creation of {@code MeetKit.Builder.createRoomsOnJoin(true)}, for a LiveKit that does not create
 * rooms on join: creates a meeting's LiveKit room before a join token is handed out, with {@link RoomConfig}'s
 * settings, the same ones the token's {@code roomConfig} carries. Concurrent joins of a cold room share one CreateRoom.
 *
 * <p>A room this instance created is trusted for at most {@link ParticipantTokens#ROOM_RECHECK_INTERVAL}, and only
 * while the store agrees: the stored meeting (read by the issue) is either unchanged since the creation, or its live
 * room session is the room created. Another instance's end or delete, and LiveKit's {@code room_finished}, change the
 * stored meeting, so the next issue on this instance creates the room again; a room LiveKit removed without a webhook
 * is created again after the interval. What this instance remembers is only a shortcut, never the truth. Thread-safe.
 * Not API.
 */
final class RoomCreation {

    private static final int MIN_SWEEP_SIZE = 1024;

    /** A CreateRoom that answered: the room's sid, the stored meeting's version at the time, and when. */
    private record Confirmed(String sid, long meetingVersion, Instant at) {}

    private final MeetKitContext context;
    private final ConcurrentHashMap<String, Confirmed> confirmed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<@Nullable Void>> creating = new ConcurrentHashMap<>();
    /** When {@link #confirmed} is next swept of entries too old to be trusted (it holds one per room created). */
    private final AtomicInteger sweepAt = new AtomicInteger(MIN_SWEEP_SIZE);

    RoomCreation(MeetKitContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Creates the meeting's LiveKit room unless this instance created it recently and the stored meeting says it
     * still exists; concurrent joins of a cold room share one CreateRoom.
     *
     * @param meeting the meeting as the issue just read it from the store
     * @param now the time
     */
    void ensureRoom(Meeting meeting, Instant now) {
        String room = meeting.roomName();
        if (trusted(meeting, now)) {
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
            if (!trusted(meeting, now)) {
                LiveRoom created = context.liveKit().createRoom(RoomConfig.of(meeting));
                confirmed.put(room, new Confirmed(created.sid(), meeting.version(), now));
                sweep(now);
            }
            mine.complete(null);
        } catch (RuntimeException e) {
            confirmed.remove(room);
            mine.completeExceptionally(e);
            throw e;
        } finally {
            creating.remove(room, mine);
        }
    }

    /**
     * Forgets what this instance knows of the room: a room this issue created for a meeting deleted meanwhile, which
     * the issue deletes again.
     */
    void forget(String roomName) {
        confirmed.remove(roomName);
    }

    /** Drops what can no longer be trusted, so that the map does not grow with every meeting this instance saw. */
    private void sweep(Instant now) {
        int at = sweepAt.get();
        if (confirmed.size() > at && sweepAt.compareAndSet(at, Integer.MAX_VALUE)) {
            Instant oldest = now.minus(ParticipantTokens.ROOM_RECHECK_INTERVAL);
            confirmed.values().removeIf(c -> c.at().isBefore(oldest));
            sweepAt.set(Math.max(MIN_SWEEP_SIZE, 2 * confirmed.size()));
        }
    }

    private boolean trusted(Meeting m, Instant now) {
        Confirmed c = confirmed.get(m.roomName());
        if (c == null || c.at().isBefore(now.minus(ParticipantTokens.ROOM_RECHECK_INTERVAL))) {
            return false;
        }
        if (RoomSessions.isLive(m)) {
            return c.sid().equals(m.roomSid().orElse(null)); // its room_started arrived: the live session is ours
        }
        return m.version() == c.meetingVersion(); // nothing happened to the meeting since we created its room
    }
}
