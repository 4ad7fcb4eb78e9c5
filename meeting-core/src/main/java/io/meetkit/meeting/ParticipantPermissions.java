package io.meetkit.meeting;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What LiveKit lets a connected participant do (LiveKit's {@code ParticipantPermission}); changing it takes effect
 * live, without reconnecting.
 *
 * <p>In a {@link io.meetkit.participant.ParticipantRole} these are the ceiling of the role's LiveKit grants: the
 * role's {@link PermissionSet} narrows publishing to its media sources and data to {@link Permission#CHAT_WRITE}
 * ({@link PermissionSet#grants(ParticipantPermissions)}).
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
 * @param canPublishSources the sources it may publish (LiveKit's {@code canPublishSources}); empty means every
 *     source, as in LiveKit
 */
public record ParticipantPermissions(
        boolean canPublish,
        boolean canSubscribe,
        boolean canPublishData,
        boolean canUpdateMetadata,
        boolean hidden,
        Set<MediaSource> canPublishSources) {

    /**
     * Publish, subscribe and data; visible; not its own metadata (see {@code canUpdateMetadata}). What MODERATOR and
     * SPEAKER hold by default.
     */
    public static final ParticipantPermissions PUBLISHER = new ParticipantPermissions(true, true, true, false, false);

    /** Subscribe only. */
    public static final ParticipantPermissions VIEWER = new ParticipantPermissions(false, true, false, false, false);

    /** Copies the sources. */
    public ParticipantPermissions {
        Objects.requireNonNull(canPublishSources, "canPublishSources");
        canPublishSources = canPublishSources.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(canPublishSources));
    }

    /**
     * Permissions that may publish every source.
     *
     * @param canPublish may publish audio and video
     * @param canSubscribe may receive others' tracks
     * @param canPublishData may send data messages
     * @param canUpdateMetadata may change its own metadata, attributes and name through LiveKit
     * @param hidden invisible to other participants
     */
    public ParticipantPermissions(
            boolean canPublish,
            boolean canSubscribe,
            boolean canPublishData,
            boolean canUpdateMetadata,
            boolean hidden) {
        this(canPublish, canSubscribe, canPublishData, canUpdateMetadata, hidden, Set.of());
    }

    /**
     * Returns these permissions, hidden or visible.
     *
     * @param hidden whether other participants do not see the participant
     * @return the permissions with {@code hidden} set
     */
    public ParticipantPermissions withHidden(boolean hidden) {
        return hidden == this.hidden
                ? this
                : new ParticipantPermissions(
                        canPublish, canSubscribe, canPublishData, canUpdateMetadata, hidden, canPublishSources);
    }
}
