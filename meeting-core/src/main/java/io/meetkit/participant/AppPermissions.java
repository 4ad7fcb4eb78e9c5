package io.meetkit.participant;

import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;

/**
 * The former three app permissions of a role (OpenVidu Meet's former {@code OpenViduMeetPermissions}), replaced by
 * {@link PermissionSet}; kept so that code written against them still builds ({@link ParticipantRole#app()}, the
 * three-argument {@link ParticipantRole} constructor). Tokens carry the permission set.
 *
 * @param canRecord may start and stop recordings ({@link Permission#RECORDING_CONTROL})
 * @param canChat may use the chat ({@link Permission#CHAT_READ} and {@link Permission#CHAT_WRITE})
 * @param canChangeVirtualBackground may use virtual backgrounds ({@link Permission#MEDIA_CHANGE_VIRTUAL_BACKGROUND})
 */
public record AppPermissions(boolean canRecord, boolean canChat, boolean canChangeVirtualBackground) {

    /** Everything allowed (the default moderator). */
    public static final AppPermissions ALL = new AppPermissions(true, true, true);

    /** Nothing allowed. */
    public static final AppPermissions NONE = new AppPermissions(false, false, false);

    /**
     * Reads the three former permissions out of a permission set.
     *
     * @param permissions the permission set
     * @return {@code canRecord} = recordingControl, {@code canChat} = chatWrite, {@code canChangeVirtualBackground}
     *     = mediaChangeVirtualBackground
     */
    public static AppPermissions of(PermissionSet permissions) {
        return new AppPermissions(
                permissions.contains(Permission.RECORDING_CONTROL),
                permissions.contains(Permission.CHAT_WRITE),
                permissions.contains(Permission.MEDIA_CHANGE_VIRTUAL_BACKGROUND));
    }

    /**
     * The permission set these former permissions become. {@link #ALL} is {@link PermissionSet#all()} (the former
     * moderator). Otherwise: {@code meetingJoin}; {@code recordingList}, {@code recordingPlay} and
     * {@code recordingDownload} (what every former role could do, as OpenVidu Meet's migration of
     * {@code canRetrieveRecordings}); the three media permissions when {@code liveKit} may publish;
     * {@code recordingControl} for {@code canRecord}; {@code chatRead} and {@code chatWrite} for {@code canChat};
     * {@code mediaChangeVirtualBackground} for {@code canChangeVirtualBackground}; no deletion, links or moderation.
     *
     * @param liveKit the role's LiveKit permissions
     * @return the permission set
     */
    public PermissionSet toPermissionSet(ParticipantPermissions liveKit) {
        if (equals(ALL)) {
            return PermissionSet.all();
        }
        PermissionSet p = PermissionSet.of(
                Permission.MEETING_JOIN,
                Permission.RECORDING_LIST,
                Permission.RECORDING_PLAY,
                Permission.RECORDING_DOWNLOAD);
        if (liveKit.canPublish()) {
            p = p.with(Permission.MEDIA_PUBLISH_VIDEO, Permission.MEDIA_PUBLISH_AUDIO, Permission.MEDIA_SHARE_SCREEN);
        }
        if (canRecord) {
            p = p.with(Permission.RECORDING_CONTROL);
        }
        if (canChat) {
            p = p.with(Permission.CHAT_READ, Permission.CHAT_WRITE);
        }
        if (canChangeVirtualBackground) {
            p = p.with(Permission.MEDIA_CHANGE_VIRTUAL_BACKGROUND);
        }
        return p;
    }

    /**
     * Returns these permissions with what the meeting's settings switch off removed: no {@code canRecord} when
     * recording is disabled, no {@code canChat} when chat is disabled, no {@code canChangeVirtualBackground} when
     * virtual backgrounds are disabled. Settings never add a permission.
     *
     * @param settings the meeting's settings
     * @return the permissions that apply in that meeting
     */
    public AppPermissions restrictedBy(MeetingSettings settings) {
        boolean record = canRecord && settings.recordingEnabled();
        boolean chat = canChat && settings.chatEnabled();
        boolean background = canChangeVirtualBackground && settings.virtualBackgroundEnabled();
        if (record == canRecord && chat == canChat && background == canChangeVirtualBackground) {
            return this;
        }
        return new AppPermissions(record, chat, background);
    }
}
