package io.meetkit.participant;

import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.ParticipantPermissions;
import java.util.Objects;

/**
 * A participant role: its name, what LiveKit lets it do ({@link ParticipantPermissions}, written into the token's
 * {@code video} grant and applied live by {@link ParticipantTokens#changeRole}), and what the application's pages let
 * it do ({@link AppPermissions}).
 *
 * <p>{@link #MODERATOR} and {@link #SPEAKER} are OpenVidu Meet's roles; applications add their own through
 * {@link RolePolicy.Builder#role(ParticipantRole)}, for example
 * {@code new ParticipantRole("VIEWER", ParticipantPermissions.VIEWER, new AppPermissions(false, true, false))}.
 *
 * @param name the role name: 1 to {@value #MAX_NAME_LENGTH} ASCII letters, digits, {@code _} or {@code -},
 *     starting with a letter; compared case-insensitively
 * @param liveKit what LiveKit lets the participant do
 * @param app what the application lets the participant do
 */
public record ParticipantRole(String name, ParticipantPermissions liveKit, AppPermissions app) {

    /** The longest role name. */
    public static final int MAX_NAME_LENGTH = 32;

    /** The name of the moderator role. */
    public static final String MODERATOR_NAME = "MODERATOR";

    /** The name of the speaker role. */
    public static final String SPEAKER_NAME = "SPEAKER";

    /** Publishes, subscribes, sends data, updates its own metadata; may record, chat and change its background. */
    public static final ParticipantRole MODERATOR =
            new ParticipantRole(MODERATOR_NAME, ParticipantPermissions.PUBLISHER, AppPermissions.ALL);

    /** The same LiveKit grants as the moderator; may chat and change its background but not record. */
    public static final ParticipantRole SPEAKER =
            new ParticipantRole(SPEAKER_NAME, ParticipantPermissions.PUBLISHER, new AppPermissions(false, true, true));

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the name is not 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code _}
     *     or {@code -} starting with a letter
     */
    public ParticipantRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(liveKit, "liveKit");
        Objects.requireNonNull(app, "app");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("role name must be 1 to " + MAX_NAME_LENGTH
                    + " ASCII letters, digits, '_' or '-', starting with a letter: '" + name + "'");
        }
    }

    /**
     * Returns this role as it applies in a meeting: app permissions that the settings switch off are removed.
     *
     * @param settings the meeting's settings
     * @return the role with {@link AppPermissions#restrictedBy(MeetingSettings)} applied
     */
    public ParticipantRole in(MeetingSettings settings) {
        AppPermissions restricted = app.restrictedBy(settings);
        return restricted == app ? this : new ParticipantRole(name, liveKit, restricted);
    }

    /** Whether {@code name} is a valid role name. Role names never need JSON escaping. */
    static boolean isValidName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
