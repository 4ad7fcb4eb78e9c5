package io.meetkit.meeting;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * An immutable set of {@link Permission}s: what one role may do in a meeting. A role has one
 * ({@link io.meetkit.participant.ParticipantRole#permissions()}), and a meeting may override it per role
 * ({@link MeetingSettings#rolePermissions()}). Thread-safe.
 */
public final class PermissionSet {

    private static final PermissionSet NONE = new PermissionSet(EnumSet.noneOf(Permission.class));
    private static final PermissionSet ALL = new PermissionSet(EnumSet.allOf(Permission.class));

    /** OpenVidu Meet's default moderator: every permission. */
    public static final PermissionSet MODERATOR = ALL;

    /**
     * OpenVidu Meet's default speaker ({@code room.service.ts}, {@code createMeetRoom}): joins, publishes camera,
     * microphone and screen, chats, changes its background and lists, plays and downloads recordings; no recording
     * control, deletion, links or moderation.
     */
    public static final PermissionSet SPEAKER = of(
            Permission.RECORDING_LIST,
            Permission.RECORDING_PLAY,
            Permission.RECORDING_DOWNLOAD,
            Permission.MEETING_JOIN,
            Permission.MEDIA_PUBLISH_VIDEO,
            Permission.MEDIA_PUBLISH_AUDIO,
            Permission.MEDIA_SHARE_SCREEN,
            Permission.CHAT_READ,
            Permission.CHAT_WRITE,
            Permission.MEDIA_CHANGE_VIRTUAL_BACKGROUND);

    /** A webinar's viewer: joins, watches and reads the chat; publishes nothing and sends nothing. */
    public static final PermissionSet VIEWER = of(Permission.MEETING_JOIN, Permission.CHAT_READ);

    private final Set<Permission> permissions;

    private PermissionSet(EnumSet<Permission> permissions) {
        this.permissions = Collections.unmodifiableSet(permissions);
    }

    /** Returns the empty set. */
    public static PermissionSet none() {
        return NONE;
    }

    /** Returns the set of every permission. */
    public static PermissionSet all() {
        return ALL;
    }

    /**
     * Returns the set of these permissions.
     *
     * @param permissions the permissions
     * @return the set
     */
    public static PermissionSet of(Permission... permissions) {
        return of(List.of(permissions));
    }

    /**
     * Returns the set of these permissions.
     *
     * @param permissions the permissions
     * @return the set
     */
    public static PermissionSet of(Iterable<Permission> permissions) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        for (Permission p : permissions) {
            set.add(Objects.requireNonNull(p, "permission"));
        }
        return new PermissionSet(set);
    }

    /**
     * Reads the form {@link #toString()} writes: keys separated by commas ({@code "meetingJoin,chatRead"}); blanks
     * around keys are ignored; the empty string is the empty set.
     *
     * @param keys the keys
     * @return the set
     * @throws IllegalArgumentException if a key is no {@link Permission#key()}
     */
    public static PermissionSet parse(String keys) {
        Objects.requireNonNull(keys, "keys");
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        if (!keys.isBlank()) {
            for (String k : keys.split(",", -1)) {
                String key = k.strip();
                set.add(Permission.ofKey(key)
                        .orElseThrow(() -> new IllegalArgumentException("unknown permission: '" + key + "'")));
            }
        }
        return new PermissionSet(set);
    }

    /** Returns the permissions, unmodifiable, in {@link Permission} order. */
    public Set<Permission> permissions() {
        return permissions;
    }

    /**
     * Tells whether the set holds a permission.
     *
     * @param permission the permission
     * @return {@code true} if it does
     */
    public boolean contains(Permission permission) {
        return permissions.contains(Objects.requireNonNull(permission, "permission"));
    }

    /**
     * Returns this set plus these permissions.
     *
     * @param more the permissions to add
     * @return the new set
     */
    public PermissionSet with(Permission... more) {
        EnumSet<Permission> set = copy();
        set.addAll(List.of(more));
        return new PermissionSet(set);
    }

    /**
     * Returns this set without these permissions.
     *
     * @param less the permissions to remove
     * @return the new set
     */
    public PermissionSet without(Permission... less) {
        EnumSet<Permission> set = copy();
        List.of(less).forEach(set::remove);
        return set.size() == permissions.size() ? this : new PermissionSet(set);
    }

    /**
     * Returns the LiveKit grants these permissions allow under a ceiling (OpenVidu Meet's
     * {@code RoomMemberService.getLiveKitPermissions}): {@code canPublish} if the ceiling has it and any media
     * permission is held, {@code canPublishSources} {@code camera} for {@link Permission#MEDIA_PUBLISH_VIDEO},
     * {@code microphone} for {@link Permission#MEDIA_PUBLISH_AUDIO}, {@code screen_share} and
     * {@code screen_share_audio} for {@link Permission#MEDIA_SHARE_SCREEN} (no list when that is every source, which
     * LiveKit reads as every source); {@code canPublishData} if the ceiling has
     * it and {@link Permission#CHAT_WRITE} is held; {@code canSubscribe}, {@code canUpdateOwnMetadata} and
     * {@code hidden} as the ceiling says.
     *
     * @param ceiling the most the role's LiveKit grants allow
     * @return the grants
     */
    public ParticipantPermissions grants(ParticipantPermissions ceiling) {
        EnumSet<MediaSource> sources = EnumSet.noneOf(MediaSource.class);
        if (contains(Permission.MEDIA_PUBLISH_VIDEO)) {
            sources.add(MediaSource.CAMERA);
        }
        if (contains(Permission.MEDIA_PUBLISH_AUDIO)) {
            sources.add(MediaSource.MICROPHONE);
        }
        if (contains(Permission.MEDIA_SHARE_SCREEN)) {
            sources.add(MediaSource.SCREEN_SHARE);
            sources.add(MediaSource.SCREEN_SHARE_AUDIO);
        }
        boolean publish = ceiling.canPublish() && !sources.isEmpty();
        if (publish && !ceiling.canPublishSources().isEmpty()) {
            sources.retainAll(ceiling.canPublishSources());
            publish = !sources.isEmpty();
        }
        if (sources.size() == MediaSource.values().length) {
            sources.clear(); // every source: LiveKit's empty list, so the token carries no list
        }
        return new ParticipantPermissions(
                publish,
                ceiling.canSubscribe(),
                ceiling.canPublishData() && contains(Permission.CHAT_WRITE),
                ceiling.canUpdateMetadata(),
                ceiling.hidden(),
                publish ? sources : Set.of());
    }

    private EnumSet<Permission> copy() {
        return permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PermissionSet s && permissions.equals(s.permissions);
    }

    @Override
    public int hashCode() {
        return permissions.hashCode();
    }

    /** The keys separated by commas, in {@link Permission} order, for example {@code "meetingJoin,chatRead"}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(",");
        permissions.forEach(p -> j.add(p.key()));
        return j.toString();
    }
}
