package io.meetkit.participant;

import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.rules.InputRules;
import java.util.Objects;

/**
 * A participant role: its name, the most LiveKit lets it do ({@link ParticipantPermissions}: subscribe, hidden, own
 * metadata, and the ceiling of publishing and data), and its {@link PermissionSet} (OpenVidu Meet's room member
 * permissions). The token's {@code video} grant is {@link #grants()}: the permission set narrowed to LiveKit's grants
 * under the ceiling ({@link PermissionSet#grants(ParticipantPermissions)}), applied live by
 * {@link ParticipantTokens#changeRole}; every permission travels in the token's metadata for the application's client.
 *
 * <p>{@link #MODERATOR}, {@link #SPEAKER} and {@link #VIEWER} are built in; applications add their own through
 * {@link RolePolicy.Builder#role(ParticipantRole)}, for example
 * {@code new ParticipantRole("PRESENTER", ParticipantPermissions.PUBLISHER,
 * PermissionSet.VIEWER.with(Permission.MEDIA_SHARE_SCREEN))}. A meeting may override a role's permission set
 * ({@link MeetingSettings#rolePermissions()}); {@link #in(MeetingSettings)} applies it.
 *
 * @param name the role name: 1 to {@value #MAX_NAME_LENGTH} ASCII letters, digits, {@code _} or {@code -},
 *     starting with a letter; compared case-insensitively
 * @param liveKit the most LiveKit lets the participant do
 * @param permissions what the role lets the participant do
 */
public record ParticipantRole(String name, ParticipantPermissions liveKit, PermissionSet permissions) {

    /** The longest role name. */
    public static final int MAX_NAME_LENGTH = InputRules.MAX_ROLE_NAME_LENGTH;

    /** The name of the moderator role. */
    public static final String MODERATOR_NAME = "MODERATOR";

    /** The name of the speaker role. */
    public static final String SPEAKER_NAME = "SPEAKER";

    /** The name of the viewer role. */
    public static final String VIEWER_NAME = "VIEWER";

    /** Publishes, subscribes, sends data; every permission ({@link PermissionSet#MODERATOR}). */
    public static final ParticipantRole MODERATOR =
            new ParticipantRole(MODERATOR_NAME, ParticipantPermissions.PUBLISHER, PermissionSet.MODERATOR);

    /** Publishes, subscribes, sends data; OpenVidu Meet's speaker permissions ({@link PermissionSet#SPEAKER}). */
    public static final ParticipantRole SPEAKER =
            new ParticipantRole(SPEAKER_NAME, ParticipantPermissions.PUBLISHER, PermissionSet.SPEAKER);

    /**
     * A webinar's audience: subscribes only, publishes no media and no data ({@link PermissionSet#VIEWER}); visible.
     * {@code VIEWER.withHidden(true)} in the role policy makes viewers invisible to the other participants.
     */
    public static final ParticipantRole VIEWER =
            new ParticipantRole(VIEWER_NAME, ParticipantPermissions.VIEWER, PermissionSet.VIEWER);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the name is not 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code _}
     *     or {@code -} starting with a letter
     */
    public ParticipantRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(liveKit, "liveKit");
        Objects.requireNonNull(permissions, "permissions");
        if (!InputRules.isRoleName(name)) {
            throw new IllegalArgumentException("role name must be 1 to " + MAX_NAME_LENGTH
                    + " ASCII letters, digits, '_' or '-', starting with a letter: '" + name + "'");
        }
    }

    /**
     * A role from the former three app permissions, kept so that roles written for MeetKit before the permission
     * sets still build: {@link AppPermissions#toPermissionSet(ParticipantPermissions)} says what they become.
     *
     * @param name the role name
     * @param liveKit the most LiveKit lets the participant do
     * @param app the former app permissions
     * @throws IllegalArgumentException if the name is invalid
     */
    public ParticipantRole(String name, ParticipantPermissions liveKit, AppPermissions app) {
        this(name, liveKit, app.toPermissionSet(liveKit));
    }

    /**
     * Returns the former three app permissions of this role: {@code canRecord} is
     * {@link Permission#RECORDING_CONTROL}, {@code canChat} {@link Permission#CHAT_WRITE},
     * {@code canChangeVirtualBackground} {@link Permission#MEDIA_CHANGE_VIRTUAL_BACKGROUND}.
     *
     * @return the app permissions
     */
    public AppPermissions app() {
        return AppPermissions.of(permissions);
    }

    /**
     * Returns the LiveKit grants a token of this role carries: {@link PermissionSet#grants(ParticipantPermissions)}
     * of {@link #liveKit()}.
     *
     * @return the grants
     */
    public ParticipantPermissions grants() {
        return permissions.grants(liveKit);
    }

    /**
     * Returns this role, hidden from the other participants or visible (LiveKit's {@code hidden} grant).
     *
     * @param hidden whether the role is hidden
     * @return the role
     */
    public ParticipantRole withHidden(boolean hidden) {
        return hidden == liveKit.hidden() ? this : new ParticipantRole(name, liveKit.withHidden(hidden), permissions);
    }

    /**
     * Returns this role with another permission set.
     *
     * @param permissions the permissions
     * @return the role
     */
    public ParticipantRole withPermissions(PermissionSet permissions) {
        return permissions.equals(this.permissions) ? this : new ParticipantRole(name, liveKit, permissions);
    }

    /**
     * Returns this role as it applies in a meeting: the meeting's override of this role's permission set if it has
     * one ({@link MeetingSettings#rolePermissions(String)}), then without what the settings switch off: no
     * {@link Permission#RECORDING_CONTROL} when recording is disabled, no {@link Permission#CHAT_READ} nor
     * {@link Permission#CHAT_WRITE} when chat is disabled, no {@link Permission#MEDIA_CHANGE_VIRTUAL_BACKGROUND}
     * when virtual backgrounds are disabled. Switches never add a permission.
     *
     * @param settings the meeting's settings
     * @return the role that applies in that meeting
     */
    public ParticipantRole in(MeetingSettings settings) {
        PermissionSet p = settings.rolePermissions(name).orElse(permissions);
        if (!settings.recordingEnabled()) {
            p = p.without(Permission.RECORDING_CONTROL);
        }
        if (!settings.chatEnabled()) {
            p = p.without(Permission.CHAT_READ, Permission.CHAT_WRITE);
        }
        if (!settings.virtualBackgroundEnabled()) {
            p = p.without(Permission.MEDIA_CHANGE_VIRTUAL_BACKGROUND);
        }
        return withPermissions(p);
    }
}
