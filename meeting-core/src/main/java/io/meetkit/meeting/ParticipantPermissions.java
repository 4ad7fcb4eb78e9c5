package io.meetkit.meeting;

/**
 * What LiveKit lets a connected participant do (LiveKit's {@code ParticipantPermission}); changing it takes effect
 * live, without reconnecting.
 *
 * @param canPublish may publish audio and video
 * @param canSubscribe may receive others' tracks
 * @param canPublishData may send data messages
 * @param canUpdateMetadata may change its own metadata, attributes and name through LiveKit
 *     ({@code canUpdateOwnMetadata}). Off for every role MeetKit ships: it would let a participant rename itself in
 *     the room (undoing unique display names) and set attributes such as {@code {"role":"MODERATOR"}} that other
 *     clients might trust. MeetKit never reads what a participant wrote (roles and attributes come from its own
 *     record), and nothing MeetKit ships needs it; turn it on in an application's role only if its clients need it
 * @param hidden invisible to other participants
 */
public record ParticipantPermissions(
        boolean canPublish, boolean canSubscribe, boolean canPublishData, boolean canUpdateMetadata, boolean hidden) {

    /**
     * Publish, subscribe and data; visible; not its own metadata (see {@code canUpdateMetadata}). What MODERATOR and
     * SPEAKER hold by default.
     */
    public static final ParticipantPermissions PUBLISHER = new ParticipantPermissions(true, true, true, false, false);

    /** Subscribe only. */
    public static final ParticipantPermissions VIEWER = new ParticipantPermissions(false, true, false, false, false);
}
