package io.meetkit.meeting;

/**
 * What LiveKit lets a connected participant do (LiveKit's {@code ParticipantPermission}); changing it takes effect
 * live, without reconnecting.
 *
 * @param canPublish may publish audio and video
 * @param canSubscribe may receive others' tracks
 * @param canPublishData may send data messages
 * @param canUpdateMetadata may change its own metadata
 * @param hidden invisible to other participants
 */
public record ParticipantPermissions(
        boolean canPublish, boolean canSubscribe, boolean canPublishData, boolean canUpdateMetadata, boolean hidden) {

    /** Publish, subscribe, data and own metadata; visible. What MODERATOR and SPEAKER hold by default. */
    public static final ParticipantPermissions PUBLISHER = new ParticipantPermissions(true, true, true, true, false);

    /** Subscribe only. */
    public static final ParticipantPermissions VIEWER = new ParticipantPermissions(false, true, false, false, false);
}
