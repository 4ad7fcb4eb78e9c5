package io.meetkit.internal;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LiveKit rooms MeetKit knows exist, each with when LiveKit last confirmed it, so that issuing a token does not
 * cost a LiveKit round trip each time and a room deleted behind MeetKit's back (no webhook) is only trusted for a
 * bounded time. Entries are removed when a room finishes or is deleted. Thread-safe. Not API.
 */
public final class KnownRooms {

    private final ConcurrentHashMap<String, Instant> confirmedAt = new ConcurrentHashMap<>();

    /** Creates an empty cache. */
    public KnownRooms() {}

    /** Returns whether the room is known and LiveKit confirmed it at or after {@code since}. */
    public boolean confirmedSince(String roomName, Instant since) {
        Instant at = confirmedAt.get(roomName);
        return at != null && !at.isBefore(since);
    }

    /** Records that LiveKit confirmed at {@code at} that the room exists. */
    public void confirmed(String roomName, Instant at) {
        confirmedAt.put(roomName, at);
    }

    /** Forgets the room (finished, deleted, or found missing). */
    public void forget(String roomName) {
        confirmedAt.remove(roomName);
    }
}
