package io.meetkit.meeting;

import java.util.Optional;

/**
 * What a role lets a participant do in a meeting: OpenVidu Meet's room member permissions, under the same names
 * ({@code MeetRoomMemberPermissions} in OpenVidu Meet's {@code meet-ce/typings/src/database/room-member-permissions.ts}).
 *
 * <p>Where LiveKit has a grant that enforces a permission, MeetKit writes it into the token and applies it live on a
 * role change ({@link PermissionSet#grants(ParticipantPermissions)}); every permission also travels in the token's
 * metadata for the application's client, and MeetKit itself refuses what it can check (a token for a role without
 * {@link #MEETING_JOIN}; the starter's REST API checks, for users, the permission of every action it exposes, see
 * its README).
 */
public enum Permission {
    /** Start and stop recordings. */
    RECORDING_CONTROL("recordingControl"),
    /** List the meeting's recordings. */
    RECORDING_LIST("recordingList"),
    /** Open and play back a recording. */
    RECORDING_PLAY("recordingPlay"),
    /** Download a copy of a recording. */
    RECORDING_DOWNLOAD("recordingDownload"),
    /** Delete recordings. */
    RECORDING_DELETE("recordingDelete"),
    /** Join the meeting: without it MeetKit issues no token that joins the room. */
    MEETING_JOIN("meetingJoin"),
    /** Share the meeting's access links. */
    ROOM_SHARE_ACCESS_LINKS("roomShareAccessLinks"),
    /** Promote other participants to moderator. */
    PARTICIPANT_PROMOTE("participantPromote"),
    /** Remove other participants. */
    PARTICIPANT_KICK("participantKick"),
    /** End the meeting for everyone. */
    MEETING_END("meetingEnd"),
    /** Publish camera video: LiveKit's {@code canPublishSources} {@code camera}. */
    MEDIA_PUBLISH_VIDEO("mediaPublishVideo"),
    /** Publish microphone audio: LiveKit's {@code canPublishSources} {@code microphone}. */
    MEDIA_PUBLISH_AUDIO("mediaPublishAudio"),
    /** Share the screen: LiveKit's {@code canPublishSources} {@code screen_share} and {@code screen_share_audio}. */
    MEDIA_SHARE_SCREEN("mediaShareScreen"),
    /** Read chat messages. */
    CHAT_READ("chatRead"),
    /** Send chat messages: LiveKit's {@code canPublishData}. */
    CHAT_WRITE("chatWrite"),
    /** Change the virtual background. */
    MEDIA_CHANGE_VIRTUAL_BACKGROUND("mediaChangeVirtualBackground");

    private static final Permission[] VALUES = values();

    private final String key;

    Permission(String key) {
        this.key = key;
    }

    /** Returns OpenVidu Meet's name of the permission, for example {@code recordingControl}: the JSON key. */
    public String key() {
        return key;
    }

    /**
     * Finds a permission by its {@link #key()}, exactly (case-sensitive, as in OpenVidu Meet's JSON).
     *
     * @param key the key, for example {@code chatWrite}
     * @return the permission, or empty if no permission has that key
     */
    public static Optional<Permission> ofKey(String key) {
        for (Permission p : VALUES) {
            if (p.key.equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
