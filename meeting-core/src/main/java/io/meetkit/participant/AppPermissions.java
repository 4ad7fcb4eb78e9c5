package io.meetkit.participant;

import io.meetkit.meeting.MeetingSettings;

/**
 * What the application's pages let a participant do, beyond LiveKit's own grants (OpenVidu Meet's
 * {@code OpenViduMeetPermissions}). They travel in the token's {@code metadata} for the application's front end;
 * LiveKit does not enforce them.
 *
 * @param canRecord may start and stop recordings
 * @param canChat may use the chat
 * @param canChangeVirtualBackground may use virtual backgrounds
 */
public record AppPermissions(boolean canRecord, boolean canChat, boolean canChangeVirtualBackground) {

    /** Everything allowed (the default moderator). */
    public static final AppPermissions ALL = new AppPermissions(true, true, true);

    /** Nothing allowed. */
    public static final AppPermissions NONE = new AppPermissions(false, false, false);

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
