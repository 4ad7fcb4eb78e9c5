package io.meetkit.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LiveKit rooms MeetKit knows exist, with their session ids, so that issuing a token does not cost a LiveKit
 * round trip each time. Entries are removed when a room finishes or is deleted. Thread-safe. Not API.
 */
public final class KnownRooms {

    private final ConcurrentHashMap<String, String> sidByRoom = new ConcurrentHashMap<>();

    /** Creates an empty cache. */
    public KnownRooms() {}

    /** Returns the known session id of the room. */
    public Optional<String> sid(String roomName) {
        return Optional.ofNullable(sidByRoom.get(roomName));
    }

    /** Records that the room exists. */
    public void remember(String roomName, String sid) {
        sidByRoom.put(roomName, sid);
    }

    /** Forgets the room (finished, deleted, or found missing). */
    public void forget(String roomName) {
        sidByRoom.remove(roomName);
    }
}
