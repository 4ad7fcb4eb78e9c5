package io.meetkit.meeting;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.rules.InputRules;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Creates, finds, changes, ends and deletes meetings, and manages the participants of a live meeting.
 *
 * <p>Get it from {@link io.meetkit.MeetKit#meetings()}. MeetingManager is thread-safe; create one per application
 * (through one {@code MeetKit}). Every state change is a compare-and-set on the meeting's version, so concurrent
 * changes either win or fail with a {@link ConflictException} ({@code stale_version}); none is lost silently.
 *
 * <p>Every method throws {@link InvalidRequestException} for bad input (naming the field), and may throw the
 * LiveKit and store exceptions of {@link MeetingException}; a call that throws leaves the store as it was, except
 * where a method says otherwise.
 */
public interface MeetingManager {

    /** The longest title accepted, after trimming. */
    int MAX_TITLE_LENGTH = 200;

    /** The longest creator id accepted. */
    int MAX_CREATED_BY_LENGTH = 255;

    /** The longest filter text. */
    int MAX_FILTER_LENGTH = 200;

    /** The most ids a bulk delete takes. */
    int MAX_BULK = BulkOutcome.MAX_IDS;

    /**
     * Creates an OPEN meeting. No LiveKit call is made: the room is created when the first token is issued.
     *
     * @return the stored meeting, version 0
     * @throws InvalidRequestException naming each bad field: blank or over-long title or creator, an auto-deletion
     *     time that is not in the future, an auto-deletion policy that fails on a live meeting, bad attributes
     */
    Meeting create(CreateMeeting request);

    /** Finds a meeting by id. */
    Optional<Meeting> get(UUID id);

    /**
     * Returns a meeting that must exist.
     *
     * @throws NotFoundException with code {@code meeting_not_found}
     */
    Meeting require(UUID id);

    /** Finds a meeting by its LiveKit room name. */
    Optional<Meeting> findByRoomName(String roomName);

    /**
     * Lists meetings newest first, one keyset page at a time. Meetings created while paging never make a page skip
     * or repeat another meeting.
     *
     * @throws InvalidRequestException for an over-long filter or a cursor this server did not issue
     */
    Page<Meeting> list(MeetingQuery query);

    /**
     * Changes a meeting if it is still at the version the caller read.
     *
     * @return the stored meeting, its version incremented
     * @throws NotFoundException if it does not exist
     * @throws ConflictException with {@code stale_version} if it changed since {@link MeetingUpdate#expectedVersion()}
     * @throws InvalidRequestException naming each bad field
     */
    Meeting update(UUID id, MeetingUpdate update);

    /**
     * Overrides one role's permission set in a meeting, or gives the role its policy's permissions again, if the
     * meeting is still at the version the caller read: a {@link #update} of {@link MeetingSettings#rolePermissions()}
     * only. Tokens issued afterwards carry the new permissions; a participant connected with that role keeps its
     * grants until its token is refreshed or its role changed ({@code ParticipantTokens.changeRole}). An override of a
     * role the role policy does not have is stored and applies once the policy has that role.
     *
     * @param id the meeting
     * @param role the role name, case-insensitive
     * @param permissions what the role may do in this meeting, or {@code null} for the role policy's permissions
     * @param expectedVersion {@link Meeting#version()} as the caller read it
     * @return the stored meeting, its version incremented
     * @throws NotFoundException if the meeting does not exist
     * @throws ConflictException with {@code stale_version} if it changed since {@code expectedVersion}
     * @throws InvalidRequestException if the role name is invalid
     */
    default Meeting updateRolePermissions(
            UUID id, String role, @Nullable PermissionSet permissions, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        if (!InputRules.isRoleName(role)) {
            throw new InvalidRequestException(
                    "role",
                    "must be 1 to " + InputRules.MAX_ROLE_NAME_LENGTH
                            + " ASCII letters, digits, '_' or '-', starting with a letter");
        }
        MeetingSettings.Builder settings = require(id).settings().toBuilder();
        if (permissions == null) {
            settings.defaultRolePermissions(role);
        } else {
            settings.rolePermissions(role, permissions);
        }
        return update(
                id,
                MeetingUpdate.builder(expectedVersion)
                        .settings(settings.build())
                        .build());
    }

    /**
     * Closes a meeting: tokens are refused until {@link #reopen(UUID)}. A live meeting goes on and the meeting
     * closes when it ends (its end action becomes {@link EndAction#CLOSE}). Closing a closed meeting changes nothing.
     *
     * @return the stored meeting
     * @throws NotFoundException if it does not exist
     */
    Meeting close(UUID id);

    /**
     * Reopens a closed meeting so that tokens are issued again; on a live meeting that was set to close when it
     * ends, the end action goes back to {@link EndAction#NONE}. Reopening an open meeting changes nothing.
     *
     * @return the stored meeting
     * @throws NotFoundException if it does not exist
     */
    Meeting reopen(UUID id);

    /**
     * Draws new moderator and speaker secrets: role links handed out before stop working for new tokens.
     *
     * @return the stored meeting with its new secrets
     * @throws NotFoundException if it does not exist
     */
    Meeting rotateRoleSecrets(UUID id);

    /**
     * Ends the live meeting: LiveKit deletes the room and disconnects everyone, and the meeting's end action
     * applies at once (the later {@code room_finished} webhook then changes nothing). A meeting without a live room
     * is not an error.
     *
     * @return {@code true} if a live LiveKit room was ended
     * @throws NotFoundException if the meeting does not exist
     */
    boolean end(UUID id);

    /**
     * Deletes a meeting under a policy for a live meeting and for recordings (OpenVidu Meet's decision matrix):
     * <ul>
     *   <li>no live meeting, no recordings: deleted;</li>
     *   <li>recordings: FORCE deletes them too, CLOSE closes the meeting instead, FAIL refuses
     *       ({@code meeting_has_recordings});</li>
     *   <li>live meeting: FORCE ends it now and then applies the recordings policy, WHEN_MEETING_ENDS schedules
     *       the deletion (or the closing) for when it ends, FAIL refuses ({@code meeting_has_active_meeting}).</li>
     * </ul>
     *
     * @return what happened: deleted, closed or scheduled
     * @throws NotFoundException if the meeting does not exist
     * @throws ConflictException when the policy refuses
     */
    DeletionResult delete(UUID id, DeletionPolicy policy);

    /**
     * Deletes several meetings under one policy, each on its own: one failure does not stop the others.
     *
     * @param ids at most {@value #MAX_BULK} ids; duplicates are handled once
     * @return an outcome per id
     * @throws InvalidRequestException if there are no ids or too many
     */
    BulkOutcome<DeletionResult> deleteAll(Collection<UUID> ids, DeletionPolicy policy);

    /**
     * Lists who is connected to the meeting's live room right now; empty when there is no live room.
     *
     * @throws NotFoundException if the meeting does not exist
     */
    List<LiveParticipant> participants(UUID id);

    /**
     * Returns one connected participant.
     *
     * @throws NotFoundException if the meeting does not exist or the participant is not connected
     */
    LiveParticipant participant(UUID id, String identity);

    /**
     * Disconnects a participant from the live meeting.
     *
     * @throws NotFoundException if the meeting does not exist, has no live room, or the participant is not in it
     */
    void kick(UUID id, String identity);

    /**
     * Mutes or unmutes a track a participant publishes.
     *
     * @return the track after the change
     * @throws NotFoundException if the meeting does not exist, or the participant does not publish that track
     * @throws io.meetkit.LiveKitUnavailableException if the room or the participant is not live: LiveKit routes the
     *     request to the participant and nobody answers (after LiveKit's RPC timeout)
     * @throws ConflictException ({@code livekit_conflict}) for an unmute while LiveKit's remote unmute is off (its
     *     default)
     */
    LiveTrack muteTrack(UUID id, String identity, String trackSid, boolean muted);

    /**
     * Mutes, in one call, every published audio track of the participants who are not moderators (OpenVidu Meet's
     * mute-all for webinars): who is a moderator is MeetKit's own record of the role it gave (the name reservation),
     * never the participant's metadata, so a participant MeetKit has no record of is muted too. Tracks already muted
     * and participants who left meanwhile are skipped. Muting is idempotent: if the call fails half-way (LiveKit
     * unavailable), calling it again mutes the rest. Thread-safe.
     *
     * @return the tracks this call muted, as LiveKit answered; empty when there is no live room
     * @throws NotFoundException if the meeting does not exist
     * @throws io.meetkit.LiveKitUnavailableException if LiveKit cannot be reached (some tracks may be muted already)
     */
    List<LiveTrack> muteAll(UUID id);

    /**
     * Changes a connected participant's metadata, name, permissions or attributes, live.
     *
     * @return the participant after the change
     * @throws NotFoundException if the meeting does not exist or the participant is not connected
     */
    LiveParticipant updateParticipant(UUID id, String identity, ParticipantUpdate update);
}
