package io.meetkit.spring.web;

import io.meetkit.BulkOutcome;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.recording.Recording;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The JSON bodies of MeetKit's REST API. Request bodies take enums as strings so that a bad value is reported as a
 * field violation ({@code 400}, {@code invalid_request}) instead of an unreadable body. Immutable.
 */
public final class ApiModels {

    private ApiModels() {}

    /**
     * A page of results.
     *
     * @param items the items of this page
     * @param nextCursor the cursor of the next page, {@code null} on the last page
     * @param <T> the item type
     */
    public record PageView<T>(List<T> items, @Nullable String nextCursor) {}

    /**
     * A meeting's settings as the API shows and takes them; in requests, absent fields keep their default or
     * current value.
     *
     * @param recordingEnabled whether recordings may be started
     * @param chatEnabled whether chat is on
     * @param virtualBackgroundEnabled whether virtual backgrounds are on
     * @param maxParticipants the participant limit, 0 for none
     * @param emptyTimeoutSeconds how long an empty LiveKit room lives, in seconds
     * @param autoRecord whether recording starts with the meeting
     * @param maxDurationMinutes how long a room session may last, 1 to 1440 minutes, 0 for no limit (OpenVidu Meet's
     *     {@code maxDurationMinutes}, whose {@code null} is this 0)
     * @param initialAudioEnabled whether participants join with their microphone on
     * @param initialVideoEnabled whether participants join with their camera on
     */
    public record SettingsView(
            @Nullable Boolean recordingEnabled,
            @Nullable Boolean chatEnabled,
            @Nullable Boolean virtualBackgroundEnabled,
            @Nullable Integer maxParticipants,
            @Nullable Long emptyTimeoutSeconds,
            @Nullable Boolean autoRecord,
            @Nullable Integer maxDurationMinutes,
            @Nullable Boolean initialAudioEnabled,
            @Nullable Boolean initialVideoEnabled) {

        /** The settings before the meeting limits (issue 16); the limits are absent. */
        public SettingsView(
                @Nullable Boolean recordingEnabled,
                @Nullable Boolean chatEnabled,
                @Nullable Boolean virtualBackgroundEnabled,
                @Nullable Integer maxParticipants,
                @Nullable Long emptyTimeoutSeconds,
                @Nullable Boolean autoRecord) {
            this(
                    recordingEnabled,
                    chatEnabled,
                    virtualBackgroundEnabled,
                    maxParticipants,
                    emptyTimeoutSeconds,
                    autoRecord,
                    null,
                    null,
                    null);
        }

        static SettingsView of(MeetingSettings s) {
            return new SettingsView(
                    s.recordingEnabled(),
                    s.chatEnabled(),
                    s.virtualBackgroundEnabled(),
                    s.maxParticipants(),
                    s.emptyTimeout().toSeconds(),
                    s.autoRecord(),
                    s.maxDurationMinutes().orElse(0),
                    s.initialAudioEnabled(),
                    s.initialVideoEnabled());
        }

        MeetingSettings applyTo(MeetingSettings base, List<Violation> violations) {
            MeetingSettings.Builder b = base.toBuilder();
            if (recordingEnabled != null) {
                b.recordingEnabled(recordingEnabled);
            }
            if (chatEnabled != null) {
                b.chatEnabled(chatEnabled);
            }
            if (virtualBackgroundEnabled != null) {
                b.virtualBackgroundEnabled(virtualBackgroundEnabled);
            }
            if (maxParticipants != null) {
                guard("settings.maxParticipants", violations, () -> b.maxParticipants(maxParticipants));
            }
            if (emptyTimeoutSeconds != null) {
                guard(
                        "settings.emptyTimeoutSeconds",
                        violations,
                        () -> b.emptyTimeout(Duration.ofSeconds(emptyTimeoutSeconds)));
            }
            if (autoRecord != null) {
                b.autoRecord(autoRecord);
            }
            if (maxDurationMinutes != null) {
                int minutes = maxDurationMinutes;
                guard("settings.maxDurationMinutes", violations, () -> {
                    if (minutes == 0) {
                        b.noMaxDuration();
                    } else {
                        b.maxDurationMinutes(minutes);
                    }
                });
            }
            if (initialAudioEnabled != null) {
                b.initialAudioEnabled(initialAudioEnabled);
            }
            if (initialVideoEnabled != null) {
                b.initialVideoEnabled(initialVideoEnabled);
            }
            return b.build();
        }
    }

    /**
     * A deletion policy (OpenVidu Meet's {@code withMeeting} and {@code withRecordings}).
     *
     * @param withMeeting {@code FORCE}, {@code WHEN_MEETING_ENDS} or {@code FAIL}
     * @param withRecordings {@code FORCE}, {@code CLOSE} or {@code FAIL}
     */
    public record PolicyView(
            @Nullable String withMeeting, @Nullable String withRecordings) {

        static PolicyView of(DeletionPolicy p) {
            return new PolicyView(p.withMeeting().name(), p.withRecordings().name());
        }
    }

    /**
     * A meeting. The role secrets are shown to admins only.
     *
     * @param id the meeting id
     * @param roomName the LiveKit room name
     * @param title the title
     * @param createdBy the creator's user name
     * @param status {@code OPEN}, {@code ACTIVE} or {@code CLOSED}
     * @param endAction what happens when the live meeting ends
     * @param settings the settings
     * @param autoDeleteAt when it is deleted automatically, if ever
     * @param autoDeletePolicy the policy of the automatic deletion
     * @param attributes the application's attributes
     * @param moderatorSecret the moderator role secret (admins only)
     * @param speakerSecret the speaker role secret (admins only)
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     * @param startedAt when the live meeting started
     * @param endedAt when the live meeting ended
     * @param version the version to send back with an update
     */
    public record MeetingView(
            UUID id,
            String roomName,
            String title,
            String createdBy,
            String status,
            String endAction,
            SettingsView settings,
            @Nullable Instant autoDeleteAt,
            PolicyView autoDeletePolicy,
            Map<String, String> attributes,
            @Nullable String moderatorSecret,
            @Nullable String speakerSecret,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant startedAt,
            @Nullable Instant endedAt,
            long version) {

        static MeetingView of(Meeting m, boolean withSecrets) {
            return new MeetingView(
                    m.id(),
                    m.roomName(),
                    m.title(),
                    m.createdBy(),
                    m.status().name(),
                    m.endAction().name(),
                    SettingsView.of(m.settings()),
                    m.autoDeleteAt().orElse(null),
                    PolicyView.of(m.autoDeletePolicy()),
                    m.attributes(),
                    withSecrets ? m.moderatorSecret() : null,
                    withSecrets ? m.speakerSecret() : null,
                    m.createdAt(),
                    m.updatedAt(),
                    m.startedAt().orElse(null),
                    m.endedAt().orElse(null),
                    m.version());
        }
    }

    /**
     * The body of {@code POST /api/meetings}.
     *
     * @param title the title, required
     * @param settings the settings; absent fields take their defaults
     * @param endAction {@code NONE} (default), {@code CLOSE} or {@code DELETE}
     * @param autoDeleteAt when to delete it automatically
     * @param autoDeletePolicy the policy of the automatic deletion (default {@code WHEN_MEETING_ENDS}/{@code CLOSE})
     * @param attributes the application's attributes
     */
    public record CreateMeetingRequest(
            @Nullable String title,
            @Nullable SettingsView settings,
            @Nullable String endAction,
            @Nullable Instant autoDeleteAt,
            @Nullable PolicyView autoDeletePolicy,
            @Nullable Map<String, String> attributes) {}

    /**
     * The body of {@code PATCH /api/meetings/{id}}: absent fields are left as they are.
     *
     * @param version the version the caller read, required (optimistic locking)
     * @param title a new title
     * @param settings settings to change
     * @param endAction a new end action
     * @param autoDeleteAt a new auto-deletion time
     * @param autoDeletePolicy the policy that goes with {@code autoDeleteAt}
     * @param clearAutoDelete {@code true} removes the auto-deletion
     * @param attributes replaces all attributes
     */
    public record UpdateMeetingRequest(
            @Nullable Long version,
            @Nullable String title,
            @Nullable SettingsView settings,
            @Nullable String endAction,
            @Nullable Instant autoDeleteAt,
            @Nullable PolicyView autoDeletePolicy,
            @Nullable Boolean clearAutoDelete,
            @Nullable Map<String, String> attributes) {}

    /**
     * What a delete did.
     *
     * @param meetingId the meeting
     * @param outcome {@code DELETED}, {@code CLOSED}, {@code SCHEDULED_TO_BE_DELETED} or {@code SCHEDULED_TO_BE_CLOSED}
     * @param code the outcome's stable code, for example {@code meeting_deleted}
     * @param endedLiveMeeting whether a live meeting was ended
     * @param deletedRecordings how many recordings were deleted
     */
    public record DeletionView(
            UUID meetingId, String outcome, String code, boolean endedLiveMeeting, int deletedRecordings) {

        static DeletionView of(DeletionResult r) {
            return new DeletionView(
                    r.meetingId(), r.outcome().name(), r.outcome().code(), r.endedLiveMeeting(), r.deletedRecordings());
        }
    }

    /**
     * One meeting a bulk delete could not delete.
     *
     * @param meetingId the meeting
     * @param code the stable error code
     * @param message what went wrong
     */
    public record BulkFailureView(UUID meetingId, String code, String message) {}

    /**
     * What a bulk delete did.
     *
     * @param succeeded the meetings deleted, closed or scheduled
     * @param failed the meetings refused
     */
    public record BulkDeletionView(List<DeletionView> succeeded, List<BulkFailureView> failed) {

        static BulkDeletionView of(BulkOutcome<DeletionResult> b) {
            return new BulkDeletionView(
                    b.succeeded().stream().map(DeletionView::of).toList(),
                    b.failed().stream()
                            .map(f -> new BulkFailureView(
                                    f.id(),
                                    f.error().code(),
                                    String.valueOf(f.error().getMessage())))
                            .toList());
        }
    }

    /**
     * Whether {@code POST /api/meetings/{id}/end} ended a live meeting.
     *
     * @param ended {@code true} if a live LiveKit room was ended
     */
    public record EndView(boolean ended) {}

    /**
     * The body of {@code POST /api/meetings/{id}/token}; every field is optional.
     *
     * @param displayName the name others see; the authenticated user's name by default
     * @param secret a meeting role secret (guest links): the token gets the secret's role
     * @param previousToken the caller's previous token of this meeting, to keep the roles it held
     * @param attributes LiveKit participant attributes
     * @param initialAudioEnabled this join's override of the meeting's initial microphone state
     * @param initialVideoEnabled this join's override of the meeting's initial camera state
     */
    public record TokenRequestBody(
            @Nullable String displayName,
            @Nullable String secret,
            @Nullable String previousToken,
            @Nullable Map<String, String> attributes,
            @Nullable Boolean initialAudioEnabled,
            @Nullable Boolean initialVideoEnabled) {

        /** A body without the initial media overrides. */
        public TokenRequestBody(
                @Nullable String displayName,
                @Nullable String secret,
                @Nullable String previousToken,
                @Nullable Map<String, String> attributes) {
            this(displayName, secret, previousToken, attributes, null, null);
        }
    }

    /**
     * The body of {@code POST /api/meetings/{id}/token/refresh}.
     *
     * @param identity the participant identity to refresh, required
     * @param token the participant's current token, required unless the caller is an admin: it proves that the
     *     identity is the caller's
     */
    public record RefreshRequestBody(
            @Nullable String identity, @Nullable String token) {}

    /**
     * A participant role with its permissions.
     *
     * @param name the role name, for example {@code MODERATOR}
     * @param canPublish LiveKit: publish tracks
     * @param canSubscribe LiveKit: subscribe to tracks
     * @param canPublishData LiveKit: send data messages
     * @param canRecord the application: start and stop recordings
     * @param canChat the application: chat
     * @param canChangeVirtualBackground the application: change the virtual background
     */
    public record RoleView(
            String name,
            boolean canPublish,
            boolean canSubscribe,
            boolean canPublishData,
            boolean canRecord,
            boolean canChat,
            boolean canChangeVirtualBackground) {

        static RoleView of(ParticipantRole r) {
            return new RoleView(
                    r.name(),
                    r.liveKit().canPublish(),
                    r.liveKit().canSubscribe(),
                    r.liveKit().canPublishData(),
                    r.app().canRecord(),
                    r.app().canChat(),
                    r.app().canChangeVirtualBackground());
        }
    }

    /**
     * A participant access token.
     *
     * @param token the signed LiveKit JWT to connect with
     * @param url the LiveKit URL to connect to
     * @param meetingId the meeting
     * @param room the LiveKit room
     * @param identity the participant identity ({@code null} for a token without a display name)
     * @param displayName the reserved display name, for example {@code Alice_2}
     * @param role the role and its permissions
     * @param expiresAt when the token expires
     */
    public record TokenView(
            String token,
            String url,
            UUID meetingId,
            String room,
            @Nullable String identity,
            @Nullable String displayName,
            RoleView role,
            Instant expiresAt) {

        static TokenView of(ParticipantToken t) {
            return new TokenView(
                    t.token(),
                    t.url(),
                    t.meetingId(),
                    t.room(),
                    t.identity(),
                    t.displayName(),
                    RoleView.of(t.role()),
                    t.expiresAt());
        }
    }

    /**
     * The body of {@code PUT /api/meetings/{id}/participants/{identity}/role}.
     *
     * @param role the new role name, required
     */
    public record RoleChangeBody(@Nullable String role) {}

    /**
     * The body of {@code POST /api/meetings/{id}/recordings}; every field is optional.
     *
     * @param layout {@code GRID} (default), {@code SPEAKER} or {@code SINGLE_SPEAKER}
     * @param audioOnly record sound only
     * @param encoding an encoding preset name of {@code RecordingEncoding}
     */
    public record StartRecordingBody(
            @Nullable String layout,
            @Nullable Boolean audioOnly,
            @Nullable String encoding) {}

    /**
     * A recording.
     *
     * @param id the recording id
     * @param meetingId its meeting
     * @param status {@code STARTING}, {@code ACTIVE}, {@code ENDING}, {@code COMPLETE}, {@code FAILED},
     *     {@code ABORTED} or {@code LIMIT_REACHED}
     * @param startedBy who started it
     * @param createdAt when it was asked for
     * @param startedAt when recording started
     * @param endedAt when it ended
     * @param durationSeconds its length in seconds
     * @param sizeBytes the file size
     * @param error why it failed
     * @param version its version
     */
    public record RecordingView(
            UUID id,
            UUID meetingId,
            String status,
            String startedBy,
            Instant createdAt,
            @Nullable Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable Double durationSeconds,
            @Nullable Long sizeBytes,
            @Nullable String error,
            long version) {

        static RecordingView of(Recording r) {
            return new RecordingView(
                    r.id(),
                    r.meetingId(),
                    r.status().name(),
                    r.startedBy(),
                    r.createdAt(),
                    r.startedAt().orElse(null),
                    r.endedAt().orElse(null),
                    r.duration().map(d -> d.toMillis() / 1000.0).orElse(null),
                    r.sizeBytes().orElse(null),
                    r.error().orElse(null),
                    r.version());
        }
    }

    /**
     * One role's permissions in a meeting, as OpenVidu Meet's JSON has them: every {@link Permission#key()} with
     * {@code true} or {@code false}.
     *
     * @param role the role name, for example {@code SPEAKER}
     * @param overridden whether the meeting overrides the role policy's permissions of this role
     * @param permissions the role's permissions in this meeting: the meeting's override, else the role policy's
     * @param effective what the role may do once the meeting's switches apply (no {@code recordingControl} while
     *     recording is disabled, no chat while chat is off, no background change while virtual backgrounds are
     *     off); {@code null} for an override of a role the role policy does not have
     */
    public record RolePermissionsView(
            String role,
            boolean overridden,
            Map<String, Boolean> permissions,
            @Nullable Map<String, Boolean> effective) {

        static Map<String, Boolean> keys(PermissionSet set) {
            Map<String, Boolean> keys = new LinkedHashMap<>();
            for (Permission p : Permission.values()) {
                keys.put(p.key(), set.contains(p));
            }
            return keys;
        }
    }

    /**
     * The role permissions of a meeting ({@code GET /api/meetings/{id}/role-permissions}).
     *
     * @param meetingId the meeting
     * @param version the meeting's version: send it back with a change
     * @param roles each role of the role policy, then each override of a role the policy does not have
     */
    public record MeetingRolePermissionsView(UUID meetingId, long version, List<RolePermissionsView> roles) {}

    /**
     * The body of {@code PATCH /api/meetings/{id}/role-permissions/{role}}.
     *
     * @param version the meeting's version the caller read, required (optimistic locking)
     * @param permissions permission keys to switch on ({@code true}) or off ({@code false}); absent keys keep the
     *     role's current permissions in this meeting
     * @param reset {@code true} drops the meeting's override: the role policy's permissions apply again
     */
    public record RolePermissionsChangeBody(
            @Nullable Long version,
            @Nullable Map<String, Boolean> permissions,
            @Nullable Boolean reset) {}

    /**
     * The body of {@code POST /api/meetings/{id}/participants/{identity}/tracks/{trackSid}/mute}; optional.
     *
     * @param muted {@code true} (the default) mutes, {@code false} unmutes (needs LiveKit's remote unmute)
     */
    public record MuteBody(@Nullable Boolean muted) {}

    /**
     * What {@code POST /api/meetings/{id}/mute-all} muted.
     *
     * @param muted the audio tracks muted, as LiveKit answered; empty without a live room
     */
    public record MutedTracksView(List<LiveTrack> muted) {}

    // ---------------------------------------------------------------- parsing helpers

    static <E extends Enum<E>> @Nullable E parseEnum(
            Class<E> type, String field, @Nullable String raw, List<Violation> violations) {
        if (raw == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(
                    new Violation(field, "must be one of " + List.of(type.getEnumConstants()) + ": '" + raw + "'"));
            return null;
        }
    }

    static void guard(String field, List<Violation> violations, Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, withoutSettingName(field, String.valueOf(e.getMessage()))));
        }
    }

    /**
     * Drops the setting's name that a core builder's message starts with ({@code "limit must be between 1 and 100"}),
     * since the violation names the field already: {@code limit must be between 1 and 100}, not {@code limit limit}.
     */
    static String withoutSettingName(String field, String message) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        int space = message.indexOf(' ');
        return space > 0 && last.startsWith(message.substring(0, space)) ? message.substring(space + 1) : message;
    }

    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }
    }

    static <T> void ifPresent(@Nullable T value, Consumer<T> action) {
        if (value != null) {
            action.accept(value);
        }
    }
}
