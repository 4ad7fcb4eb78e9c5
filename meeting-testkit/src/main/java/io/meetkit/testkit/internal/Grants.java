package io.meetkit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code video} grant of a verified token, reduced to what the server API checks.
 *
 * @param roomCreate CreateRoom, DeleteRoom
 * @param roomList   ListRooms
 * @param roomRecord every Egress RPC
 * @param roomAdmin  participant RPCs, SendData, UpdateRoomMetadata (with {@code room})
 * @param room       the room the admin grant is for
 */
public record Grants(boolean roomCreate, boolean roomList, boolean roomRecord, boolean roomAdmin, String room) {

    /** No token at all: every check fails. */
    public static final Grants NONE = new Grants(false, false, false, false, "");

    /**
     * Reads the {@code video} claim.
     *
     * @param claims verified claims
     * @return the grants (all false when there is no {@code video} claim)
     */
    public static Grants from(JsonNode claims) {
        JsonNode video = claims.path("video");
        if (!video.isObject()) {
            return NONE;
        }
        return new Grants(
                video.path("roomCreate").asBoolean(false),
                video.path("roomList").asBoolean(false),
                video.path("roomRecord").asBoolean(false),
                video.path("roomAdmin").asBoolean(false),
                video.path("room").asText(""));
    }

    /** @throws TwirpException unauthenticated without {@code roomCreate} */
    public void requireCreate() {
        if (!roomCreate) {
            throw TwirpException.permissionsDenied();
        }
    }

    /** @throws TwirpException unauthenticated without {@code roomList} */
    public void requireList() {
        if (!roomList) {
            throw TwirpException.permissionsDenied();
        }
    }

    /** @throws TwirpException unauthenticated without {@code roomRecord} */
    public void requireRecord() {
        if (!roomRecord) {
            throw TwirpException.permissionsDenied();
        }
    }

    /**
     * Requires {@code roomAdmin} for this very room.
     *
     * @param roomName the request's room
     * @throws TwirpException unauthenticated without {@code roomAdmin} or for another room
     */
    public void requireAdmin(String roomName) {
        if (!roomAdmin || !room.equals(roomName)) {
            throw TwirpException.permissionsDenied();
        }
    }
}
