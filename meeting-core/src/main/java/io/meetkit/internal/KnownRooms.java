package io.meetkit.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LiveKit rooms MeetKit knows exist, with their session ids, so that issuing a token does not cost a LiveKit
 * round trip each time. Entries are removed when a room finishes or is deleted. Each entry also keeps when LiveKit
 * last confirmed the room, so that a room deleted behind MeetKit's back (no webhook) is only trusted for a bounded
 * time. Thread-safe. Not API.
 */
public final class KnownRooms {

    private record Entry(String sid, Instant confirmedAt) {}

    private final ConcurrentHashMap<String, Entry> byRoom = new ConcurrentHashMap<>();

    /** Creates an empty cache. */
    public KnownRooms() {}

    /** Returns the known session id of the room. */
    public Optional<String> sid(String roomName) {
        Entry e = byRoom.get(roomName);
        return e == null ? Optional.empty() : Optional.of(e.sid());
    }

    /** Returns whether the room is known and LiveKit confirmed it at or after {@code since}. */
    public boolean confirmedSince(String roomName, Instant since) {
        Entry e = byRoom.get(roomName);
        return e != null && !e.confirmedAt().isBefore(since);
    }

    /** Records that the room exists; it counts as never confirmed by time (see {@link #confirmedSince}). */
    public void remember(String roomName, String sid) {
        remember(roomName, sid, Instant.MIN);
    }

    /** Records that LiveKit confirmed at {@code confirmedAt} that the room exists. */
    public void remember(String roomName, String sid, Instant confirmedAt) {
        byRoom.put(roomName, new Entry(sid, confirmedAt));
    }

    /** Forgets the room (finished, deleted, or found missing). */
    public void forget(String roomName) {
        byRoom.remove(roomName);
    }
}
