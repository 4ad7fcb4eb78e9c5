package io.meetkit.meeting;

import io.meetkit.rules.InputRules;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What a meeting allows: recording, chat, virtual backgrounds, its size, how long it may last, how long an empty
 * LiveKit room lives, and whether participants join with microphone and camera on.
 * Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 */
public final class MeetingSettings {

    /** The largest {@link Builder#maxParticipants(int)} accepted. */
    public static final int MAX_PARTICIPANTS_LIMIT = 10_000;
    /** The longest {@link Builder#emptyTimeout(Duration)} accepted. */
    public static final Duration MAX_EMPTY_TIMEOUT = Duration.ofHours(24);

    private static final MeetingSettings DEFAULTS = builder().build();

    private final boolean recordingEnabled;
    private final boolean chatEnabled;
    private final boolean virtualBackgroundEnabled;
    private final int maxParticipants;
    private final Duration emptyTimeout;
    private final boolean autoRecord;
    private final Map<String, PermissionSet> rolePermissions;
    private final int maxDurationMinutes;
    private final boolean initialAudioEnabled;
    private final boolean initialVideoEnabled;

    private MeetingSettings(Builder b) {
        this.maxDurationMinutes = b.maxDurationMinutes;
        this.initialAudioEnabled = b.initialAudioEnabled;
        this.initialVideoEnabled = b.initialVideoEnabled;
        this.recordingEnabled = b.recordingEnabled;
        this.chatEnabled = b.chatEnabled;
        this.virtualBackgroundEnabled = b.virtualBackgroundEnabled;
        this.maxParticipants = b.maxParticipants;
        this.emptyTimeout = b.emptyTimeout;
        this.autoRecord = b.autoRecord;
        this.rolePermissions = Collections.unmodifiableMap(new TreeMap<>(b.rolePermissions));
    }

    /**
     * Returns the defaults: everything enabled, no participant or duration limit, empty rooms live 5 minutes, no
     * auto-record, participants join with microphone and camera on.
     */
    public static MeetingSettings defaults() {
        return DEFAULTS;
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these settings. */
    public Builder toBuilder() {
        return new Builder()
                .recordingEnabled(recordingEnabled)
                .chatEnabled(chatEnabled)
                .virtualBackgroundEnabled(virtualBackgroundEnabled)
                .maxParticipants(maxParticipants)
                .emptyTimeout(emptyTimeout)
                .autoRecord(autoRecord)
                .rolePermissions(rolePermissions)
                .maxDurationMinutesOrNone(maxDurationMinutes)
                .initialAudioEnabled(initialAudioEnabled)
                .initialVideoEnabled(initialVideoEnabled);
    }

    /** Whether recordings may be started; without it participants get no {@code canRecord}. */
    public boolean recordingEnabled() {
        return recordingEnabled;
    }

    /** Whether participants get {@code canChat}. */
    public boolean chatEnabled() {
        return chatEnabled;
    }

    /** Whether participants get {@code canChangeVirtualBackground}. */
    public boolean virtualBackgroundEnabled() {
        return virtualBackgroundEnabled;
    }

    /** The LiveKit room's participant limit; 0 means no limit. */
    public int maxParticipants() {
        return maxParticipants;
    }

    /** How long LiveKit keeps the room after the last participant left. */
    public Duration emptyTimeout() {
        return emptyTimeout;
    }

    /**
     * Whether a recording starts by itself when participants join, once per room session (see
     * {@link Builder#autoRecord(boolean)}).
     */
    public boolean autoRecord() {
        return autoRecord;
    }

    /**
     * How long a room session of this meeting may last, in minutes (OpenVidu Meet's {@code maxDurationMinutes}): the
     * maintenance job {@code meetkit.meeting-max-duration} ends the meeting, as {@link MeetingManager#end} does, once
     * its current session has lasted that long, measured from the session's start ({@link Meeting#startedAt()},
     * LiveKit's clock) to MeetKit's clock, so a skew between the two moves the end by as much; the job runs with
     * maintenance (every minute by default), so a meeting may overrun its limit by up to one interval.
     *
     * @return the limit in minutes (1 to {@value InputRules#MAX_MEETING_DURATION_MINUTES}), or empty for none
     *     (the default)
     */
    public OptionalInt maxDurationMinutes() {
        return maxDurationMinutes == 0 ? OptionalInt.empty() : OptionalInt.of(maxDurationMinutes);
    }

    /**
     * The limit of {@link #maxDurationMinutes()} as a duration.
     *
     * @return the limit, or empty for none
     */
    public Optional<Duration> maxDuration() {
        return maxDurationMinutes == 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(maxDurationMinutes));
    }

    /**
     * Whether participants join with their microphone on (OpenVidu Meet's {@code initialAudioEnabled}, default
     * {@code true}); a token request may override it. Carried in the token metadata as {@code initialAudioEnabled}
     * for the application's client, which applies it: LiveKit has no such grant.
     */
    public boolean initialAudioEnabled() {
        return initialAudioEnabled;
    }

    /**
     * Whether participants join with their camera on (OpenVidu Meet's {@code initialVideoEnabled}, default
     * {@code true}); a token request may override it. Carried in the token metadata as {@code initialVideoEnabled}.
     */
    public boolean initialVideoEnabled() {
        return initialVideoEnabled;
    }

    /**
     * Returns this meeting's overrides of role permission sets, by role name in upper case (sorted); a role without an
     * entry has its {@link io.meetkit.participant.RolePolicy} permissions. Empty by default.
     *
     * @return the overrides, unmodifiable
     */
    public Map<String, PermissionSet> rolePermissions() {
        return rolePermissions;
    }

    /**
     * Returns this meeting's override of one role's permission set.
     *
     * @param role the role name, compared case-insensitively
     * @return the override, or empty if the role has the policy's permissions in this meeting
     */
    public Optional<PermissionSet> rolePermissions(String role) {
        return rolePermissions.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(rolePermissions.get(role.toUpperCase(Locale.ROOT)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeetingSettings s
                && recordingEnabled == s.recordingEnabled
                && chatEnabled == s.chatEnabled
                && virtualBackgroundEnabled == s.virtualBackgroundEnabled
                && maxParticipants == s.maxParticipants
                && emptyTimeout.equals(s.emptyTimeout)
                && autoRecord == s.autoRecord
                && rolePermissions.equals(s.rolePermissions)
                && maxDurationMinutes == s.maxDurationMinutes
                && initialAudioEnabled == s.initialAudioEnabled
                && initialVideoEnabled == s.initialVideoEnabled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                recordingEnabled,
                chatEnabled,
                virtualBackgroundEnabled,
                maxParticipants,
                emptyTimeout,
                autoRecord,
                rolePermissions,
                maxDurationMinutes,
                initialAudioEnabled,
                initialVideoEnabled);
    }

    @Override
    public String toString() {
        return "MeetingSettings{recordingEnabled=" + recordingEnabled + ", chatEnabled=" + chatEnabled
                + ", virtualBackgroundEnabled=" + virtualBackgroundEnabled + ", maxParticipants=" + maxParticipants
                + ", emptyTimeout=" + emptyTimeout + ", autoRecord=" + autoRecord + ", rolePermissions="
                + rolePermissions
                + ", maxDurationMinutes=" + (maxDurationMinutes == 0 ? "none" : maxDurationMinutes)
                + ", initialAudioEnabled=" + initialAudioEnabled + ", initialVideoEnabled=" + initialVideoEnabled
                + '}';
    }

    /** Builds {@link MeetingSettings}; each setter validates at once and names the bad value. Not thread-safe. */
    public static final class Builder {
        private boolean recordingEnabled = true;
        private boolean chatEnabled = true;
        private boolean virtualBackgroundEnabled = true;
        private int maxParticipants = 0;
        private Duration emptyTimeout = Duration.ofMinutes(5);
        private boolean autoRecord = false;
        private final TreeMap<String, PermissionSet> rolePermissions = new TreeMap<>();
        private int maxDurationMinutes = 0;
        private boolean initialAudioEnabled = true;
        private boolean initialVideoEnabled = true;

        private Builder() {}

        /**
         * Limits how long a room session of the meeting may last (default: no limit); see
         * {@link MeetingSettings#maxDurationMinutes()}.
         *
         * @param minutes the limit, 1 to {@value InputRules#MAX_MEETING_DURATION_MINUTES} minutes
         * @return this builder
         * @throws IllegalArgumentException if out of that range
         */
        public Builder maxDurationMinutes(int minutes) {
            this.maxDurationMinutes = InputRules.maxDurationMinutes(minutes, "maxDurationMinutes");
            return this;
        }

        /**
         * Removes the duration limit (the default).
         *
         * @return this builder
         */
        public Builder noMaxDuration() {
            this.maxDurationMinutes = 0;
            return this;
        }

        private Builder maxDurationMinutesOrNone(int minutes) {
            return minutes == 0 ? noMaxDuration() : maxDurationMinutes(minutes);
        }

        /** Sets whether participants join with their microphone on (default {@code true}). */
        public Builder initialAudioEnabled(boolean enabled) {
            this.initialAudioEnabled = enabled;
            return this;
        }

        /** Sets whether participants join with their camera on (default {@code true}). */
        public Builder initialVideoEnabled(boolean enabled) {
            this.initialVideoEnabled = enabled;
            return this;
        }

        /** Sets whether recordings may be started (default {@code true}). */
        public Builder recordingEnabled(boolean recordingEnabled) {
            this.recordingEnabled = recordingEnabled;
            return this;
        }

        /** Sets whether chat is allowed (default {@code true}). */
        public Builder chatEnabled(boolean chatEnabled) {
            this.chatEnabled = chatEnabled;
            return this;
        }

        /** Sets whether virtual backgrounds are allowed (default {@code true}). */
        public Builder virtualBackgroundEnabled(boolean virtualBackgroundEnabled) {
            this.virtualBackgroundEnabled = virtualBackgroundEnabled;
            return this;
        }

        /**
         * Sets the participant limit, 0 for none (default 0).
         *
         * @throws IllegalArgumentException if negative or above {@link #MAX_PARTICIPANTS_LIMIT}
         */
        public Builder maxParticipants(int maxParticipants) {
            if (maxParticipants < 0 || maxParticipants > MAX_PARTICIPANTS_LIMIT) {
                throw new IllegalArgumentException(
                        "maxParticipants must be between 0 and " + MAX_PARTICIPANTS_LIMIT + ": " + maxParticipants);
            }
            this.maxParticipants = maxParticipants;
            return this;
        }

        /**
         * Sets how long an empty LiveKit room lives (default 5 minutes), whole seconds.
         *
         * @throws IllegalArgumentException if negative, not whole seconds, or above {@link #MAX_EMPTY_TIMEOUT}
         */
        public Builder emptyTimeout(Duration emptyTimeout) {
            Objects.requireNonNull(emptyTimeout, "emptyTimeout");
            if (emptyTimeout.isNegative()
                    || emptyTimeout.compareTo(MAX_EMPTY_TIMEOUT) > 0
                    || emptyTimeout.getNano() != 0) {
                throw new IllegalArgumentException(
                        "emptyTimeout must be whole seconds between 0 and " + MAX_EMPTY_TIMEOUT + ": " + emptyTimeout);
            }
            this.emptyTimeout = emptyTimeout;
            return this;
        }

        /**
         * Sets whether recording starts by itself (default {@code false}): when the first participant joins (or as
         * many as {@code MeetKit.Builder.autoRecordParticipants}), once per room session, on whichever instance gets
         * the {@code participant_joined} webhook. Needs {@link #recordingEnabled(boolean) recording enabled}.
         */
        public Builder autoRecord(boolean autoRecord) {
            this.autoRecord = autoRecord;
            return this;
        }

        /**
         * Overrides one role's permission set in this meeting (OpenVidu Meet's per-room role permissions).
         *
         * @param role the role name (case-insensitive; stored in upper case)
         * @param permissions what the role may do in this meeting
         * @return this builder
         * @throws IllegalArgumentException if the role name is not 1 to {@value InputRules#MAX_ROLE_NAME_LENGTH}
         *     letters, digits, {@code _} or {@code -} starting with a letter
         */
        public Builder rolePermissions(String role, PermissionSet permissions) {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(permissions, "permissions");
            if (!InputRules.isRoleName(role)) {
                throw new IllegalArgumentException("role name must be 1 to " + InputRules.MAX_ROLE_NAME_LENGTH
                        + " ASCII letters, digits, '_' or '-', starting with a letter: '" + role + "'");
            }
            rolePermissions.put(role.toUpperCase(Locale.ROOT), permissions);
            return this;
        }

        /**
         * Replaces every override of role permission sets.
         *
         * @param overrides the overrides by role name; empty to give every role its policy's permissions
         * @return this builder
         * @throws IllegalArgumentException if a role name is invalid
         */
        public Builder rolePermissions(Map<String, PermissionSet> overrides) {
            Objects.requireNonNull(overrides, "overrides");
            TreeMap<String, PermissionSet> before = new TreeMap<>(rolePermissions);
            rolePermissions.clear();
            try {
                overrides.forEach(this::rolePermissions);
            } catch (RuntimeException e) {
                rolePermissions.clear();
                rolePermissions.putAll(before);
                throw e;
            }
            return this;
        }

        /**
         * Removes the override of one role's permission set, so that the role has its policy's permissions again.
         *
         * @param role the role name, case-insensitive
         * @return this builder
         */
        public Builder defaultRolePermissions(String role) {
            rolePermissions.remove(role.toUpperCase(Locale.ROOT));
            return this;
        }

        /** Returns the settings. */
        public MeetingSettings build() {
            return new MeetingSettings(this);
        }
    }
}
