package io.meetkit.meeting;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.MeetingLifecycle.FinishResult;
import io.meetkit.internal.Secrets;
import io.meetkit.rules.InputRules;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.MeetingStore;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class MeetingManager {

    private static final Logger log = LoggerFactory.getLogger(MeetingManager.class);

    /** The longest title accepted, after trimming. */
    public static final int MAX_TITLE_LENGTH = 200;
    /** The longest creator id accepted. */
    public static final int MAX_CREATED_BY_LENGTH = 255;
    /** The longest filter text. */
    public static final int MAX_FILTER_LENGTH = 200;
    /** The most ids a bulk delete takes. */
    public static final int MAX_BULK = BulkOutcome.MAX_IDS;

    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final int SLUG_LENGTH = 32;
    private static final int ROOM_SUFFIX_LENGTH = 12;

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;
    private final MeetingStore store;

    /**
     * Creates the manager. Applications get it from {@link io.meetkit.MeetKit#meetings()}.
     *
     * @param context MeetKit's shared context
     * @param lifecycle the room lifecycle shared with the webhook handler
     */
    public MeetingManager(MeetKitContext context, MeetingLifecycle lifecycle) {
        this.context = Objects.requireNonNull(context, "context");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.store = context.stores().meetings();
    }

    // ---------------------------------------------------------------- create, read

    /**
     * Creates an OPEN meeting. No LiveKit call is made: the room is created when the first token is issued.
     *
     * @return the stored meeting, version 0
     * @throws InvalidRequestException naming each bad field: blank or over-long title or creator, an auto-deletion
     *     time that is not in the future, an auto-deletion policy that fails on a live meeting, bad attributes
     */
    public Meeting create(CreateMeeting request) {
        Objects.requireNonNull(request, "request");
        Instant now = context.now();
        List<Violation> violations = new ArrayList<>();
        String title = validTitle(request.title(), violations);
        String createdBy = request.createdBy().strip();
        if (createdBy.isEmpty()) {
            violations.add(new Violation("createdBy", "must not be blank"));
        } else if (createdBy.length() > MAX_CREATED_BY_LENGTH) {
            violations.add(new Violation("createdBy", "must be at most " + MAX_CREATED_BY_LENGTH + " characters"));
        }
        validateAutoDelete(request.autoDeleteAt(), request.autoDeletePolicy(), now, violations);
        validateAttributes(request.attributes(), violations);
        throwIfAny(violations);

        for (int attempt = 0; ; attempt++) {
            Meeting meeting = Meeting.builder()
                    .id(UUID.randomUUID())
                    .roomName(roomName(title))
                    .title(title)
                    .createdBy(createdBy)
                    .status(MeetingStatus.OPEN)
                    .endAction(request.endAction())
                    .settings(request.settings())
                    .autoDeleteAt(request.autoDeleteAt())
                    .autoDeletePolicy(request.autoDeletePolicy())
                    .attributes(request.attributes())
                    .moderatorSecret(Secrets.newSecret())
                    .speakerSecret(Secrets.newSecret())
                    .createdAt(now)
                    .updatedAt(now)
                    .version(0)
                    .build();
            try {
                store.insert(meeting);
                log.debug("Created meeting {} (room {})", meeting.id(), meeting.roomName());
                return meeting;
            } catch (ConflictException e) {
                if (!ConflictException.ALREADY_EXISTS.equals(e.code()) || attempt >= 3) {
                    throw e;
                }
                // a random room-name suffix collided: draw again
            }
        }
    }

    /** Finds a meeting by id. */
    public Optional<Meeting> get(UUID id) {
        return store.findById(Objects.requireNonNull(id, "id"));
    }

    /**
     * Returns a meeting that must exist.
     *
     * @throws NotFoundException with code {@code meeting_not_found}
     */
    public Meeting require(UUID id) {
        return get(id).orElseThrow(() -> notFound(id));
    }

    /** Finds a meeting by its LiveKit room name. */
    public Optional<Meeting> findByRoomName(String roomName) {
        Objects.requireNonNull(roomName, "roomName");
        return store.findByRoomName(roomName);
    }

    /**
     * Lists meetings newest first, one keyset page at a time. Meetings created while paging never make a page skip
     * or repeat another meeting.
     *
     * @throws InvalidRequestException for an over-long filter or a cursor this server did not issue
     */
    public Page<Meeting> list(MeetingQuery query) {
        Objects.requireNonNull(query, "query");
        List<Violation> violations = new ArrayList<>();
        validateFilter("createdBy", query.createdBy(), violations);
        validateFilter("titleContains", query.titleContains(), violations);
        throwIfAny(violations);
        KeysetPosition after = query.cursor() == null ? null : context.cursors().decode(query.cursor(), "cursor");
        MeetingFilter filter = new MeetingFilter(
                query.status(),
                query.createdBy(),
                query.titleContains() == null || query.titleContains().isEmpty() ? null : query.titleContains());
        List<Meeting> rows = store.page(filter, after, query.limit() + 1);
        return context.cursors().page(rows, query.limit(), m -> new KeysetPosition(m.createdAt(), m.id()));
    }

    // ---------------------------------------------------------------- change

    /**
     * Changes a meeting if it is still at the version the caller read.
     *
     * @return the stored meeting, its version incremented
     * @throws NotFoundException if it does not exist
     * @throws ConflictException with {@code stale_version} if it changed since {@link MeetingUpdate#expectedVersion()}
     * @throws InvalidRequestException naming each bad field
     */
    public Meeting update(UUID id, MeetingUpdate update) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(update, "update");
        Instant now = context.now();
        List<Violation> violations = new ArrayList<>();
        String title = update.title() == null ? null : validTitle(update.title(), violations);
        if (update.changesAutoDelete() && update.autoDeleteAt() != null) {
            validateAutoDelete(
                    update.autoDeleteAt(),
                    Objects.requireNonNull(update.autoDeletePolicy(), "autoDeletePolicy"),
                    now,
                    violations);
        }
        if (update.attributes() != null) {
            validateAttributes(update.attributes(), violations);
        }
        throwIfAny(violations);

        Meeting current = require(id);
        if (current.version() != update.expectedVersion()) {
            throw stale(id, update.expectedVersion(), current.version());
        }
        Meeting.Builder b = current.toBuilder().updatedAt(now);
        if (title != null) {
            b.title(title);
        }
        if (update.settings() != null) {
            b.settings(update.settings());
        }
        if (update.endAction() != null) {
            b.endAction(update.endAction());
        }
        if (update.changesAutoDelete()) {
            b.autoDeleteAt(update.autoDeleteAt());
            if (update.autoDeletePolicy() != null) {
                b.autoDeletePolicy(update.autoDeletePolicy());
            }
        }
        if (update.attributes() != null) {
            b.attributes(update.attributes());
        }
        return store.update(b.build()).orElseThrow(() -> {
            Optional<Meeting> now2 = store.findById(id);
            return now2.isEmpty()
                    ? notFound(id)
                    : stale(id, update.expectedVersion(), now2.get().version());
        });
    }

    /**
     * Closes a meeting: tokens are refused until {@link #reopen(UUID)}. A live meeting goes on and the meeting
     * closes when it ends (its end action becomes {@link EndAction#CLOSE}). Closing a closed meeting changes nothing.
     *
     * @return the stored meeting
     * @throws NotFoundException if it does not exist
     */
    public Meeting close(UUID id) {
        Objects.requireNonNull(id, "id");
        return changeState(id, m -> switch (m.status()) {
            case CLOSED -> null;
            case ACTIVE ->
                m.endAction() == EndAction.CLOSE || m.endAction() == EndAction.DELETE
                        ? null
                        : m.toBuilder()
                                .endAction(EndAction.CLOSE)
                                .updatedAt(context.now())
                                .build();
            case OPEN ->
                m.toBuilder()
                        .status(MeetingStatus.CLOSED)
                        .updatedAt(context.now())
                        .build();
        });
    }

    /**
     * Reopens a closed meeting so that tokens are issued again; on a live meeting that was set to close when it
     * ends, the end action goes back to {@link EndAction#NONE}. Reopening an open meeting changes nothing.
     *
     * @return the stored meeting
     * @throws NotFoundException if it does not exist
     */
    public Meeting reopen(UUID id) {
        Objects.requireNonNull(id, "id");
        return changeState(id, m -> switch (m.status()) {
            case OPEN -> null;
            case ACTIVE ->
                m.endAction() != EndAction.CLOSE
                        ? null
                        : m.toBuilder()
                                .endAction(EndAction.NONE)
                                .updatedAt(context.now())
                                .build();
            case CLOSED ->
                m.toBuilder()
                        .status(isLive(m) ? MeetingStatus.ACTIVE : MeetingStatus.OPEN)
                        .endAction(m.endAction() == EndAction.CLOSE ? EndAction.NONE : m.endAction())
                        .updatedAt(context.now())
                        .build();
        });
    }

    /**
     * Draws new moderator and speaker secrets: role links handed out before stop working for new tokens.
     *
     * @return the stored meeting with its new secrets
     * @throws NotFoundException if it does not exist
     */
    public Meeting rotateRoleSecrets(UUID id) {
        Objects.requireNonNull(id, "id");
        return changeState(
                id,
                m -> m.toBuilder()
                        .moderatorSecret(Secrets.newSecret())
                        .speakerSecret(Secrets.newSecret())
                        .updatedAt(context.now())
                        .build());
    }

    private Meeting changeState(UUID id, java.util.function.UnaryOperator<@Nullable Meeting> change) {
        Meeting[] unchanged = new Meeting[1];
        Optional<Meeting> stored = lifecycle.casLoop(id, m -> {
            Meeting next = change.apply(m);
            if (next == null) {
                unchanged[0] = m;
            }
            return next;
        });
        if (stored.isPresent()) {
            return stored.get();
        }
        if (unchanged[0] != null) {
            return unchanged[0];
        }
        throw notFound(id);
    }

    private static boolean isLive(Meeting m) {
        return m.startedAt().isPresent() && m.endedAt().isEmpty();
    }

    // ---------------------------------------------------------------- end, delete

    /**
     * Ends the live meeting: LiveKit deletes the room and disconnects everyone, and the meeting's end action
     * applies at once (the later {@code room_finished} webhook then changes nothing). A meeting without a live room
     * is not an error.
     *
     * @return {@code true} if a live LiveKit room was ended
     * @throws NotFoundException if the meeting does not exist
     */
    public boolean end(UUID id) {
        Meeting m = require(id);
        boolean hadRoom = deleteLiveRoom(m);
        lifecycle.roomFinished(m.id(), m.roomSid().orElse(null), context.now());
        return hadRoom;
    }

    private boolean deleteLiveRoom(Meeting m) {
        context.knownRooms().forget(m.roomName());
        try {
            context.liveKit().deleteRoom(m.roomName());
            return true;
        } catch (NotFoundException noRoom) {
            return false;
        }
    }

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
    public DeletionResult delete(UUID id, DeletionPolicy policy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Meeting m = require(id);
        long recordings = lifecycle.recordingPurge().count(id);
        boolean live = m.status() == MeetingStatus.ACTIVE || isLive(m);
        if (recordings > 0 && policy.withRecordings() == RecordingsPolicy.FAIL) {
            throw new ConflictException(
                    ConflictException.MEETING_HAS_RECORDINGS, "meeting " + id + " has " + recordings + " recording(s)");
        }
        boolean closeInstead = recordings > 0 && policy.withRecordings() == RecordingsPolicy.CLOSE;
        if (!live) {
            if (closeInstead) {
                close(id);
                return new DeletionResult(id, DeletionOutcome.CLOSED, false, 0);
            }
            int deleted = recordings > 0 ? lifecycle.recordingPurge().deleteAll(id) : 0;
            context.stores().participantNames().releaseAll(id);
            if (!store.delete(id)) {
                throw notFound(id);
            }
            return new DeletionResult(id, DeletionOutcome.DELETED, false, deleted);
        }
        EndAction action = closeInstead ? EndAction.CLOSE : EndAction.DELETE;
        switch (policy.withMeeting()) {
            case FAIL ->
                throw new ConflictException(
                        ConflictException.MEETING_HAS_ACTIVE_MEETING, "meeting " + id + " has a live meeting");
            case WHEN_MEETING_ENDS -> {
                changeState(
                        id,
                        cur -> cur.endAction() == action
                                ? null
                                : cur.toBuilder()
                                        .endAction(action)
                                        .updatedAt(context.now())
                                        .build());
                return new DeletionResult(
                        id,
                        closeInstead ? DeletionOutcome.SCHEDULED_TO_BE_CLOSED : DeletionOutcome.SCHEDULED_TO_BE_DELETED,
                        false,
                        0);
            }
            case FORCE -> {
                changeState(
                        id,
                        cur -> cur.endAction() == action
                                ? null
                                : cur.toBuilder()
                                        .endAction(action)
                                        .updatedAt(context.now())
                                        .build());
                boolean ended = deleteLiveRoom(m);
                FinishResult finish = lifecycle.roomFinished(id, m.roomSid().orElse(null), context.now());
                return switch (finish.outcome()) {
                    case DELETED, NOT_FOUND ->
                        new DeletionResult(id, DeletionOutcome.DELETED, ended, finish.deletedRecordings());
                    case CLOSED -> new DeletionResult(id, DeletionOutcome.CLOSED, ended, 0);
                    // the room_finished webhook of the room just deleted got there first and applied the end action
                    case IGNORED ->
                        store.findById(id)
                                .map(after -> {
                                    if (after.status() != MeetingStatus.CLOSED) {
                                        throw new IllegalStateException("meeting " + id
                                                + " did not take its end action " + action + ": " + after.status());
                                    }
                                    return new DeletionResult(id, DeletionOutcome.CLOSED, ended, 0);
                                })
                                .orElseGet(() -> new DeletionResult(id, DeletionOutcome.DELETED, ended, 0));
                    case REOPENED ->
                        throw new IllegalStateException(
                                "meeting " + id + " did not take its end action " + action + ": " + finish.outcome());
                };
            }
            default -> throw new IllegalStateException("unknown policy " + policy.withMeeting());
        }
    }

    /**
     * Deletes several meetings under one policy, each on its own: one failure does not stop the others.
     *
     * @param ids at most {@value #MAX_BULK} ids; duplicates are handled once
     * @return an outcome per id
     * @throws InvalidRequestException if there are no ids or too many
     */
    public BulkOutcome<DeletionResult> deleteAll(Collection<UUID> ids, DeletionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return BulkOutcome.forEach("ids", ids, id -> delete(id, policy));
    }

    // ---------------------------------------------------------------- live participants

    /**
     * Lists who is connected to the meeting's live room right now; empty when there is no live room.
     *
     * @throws NotFoundException if the meeting does not exist
     */
    public List<LiveParticipant> participants(UUID id) {
        Meeting m = require(id);
        try {
            return context.liveKit().listParticipants(m.roomName());
        } catch (NotFoundException noRoom) {
            return List.of();
        }
    }

    /**
     * Returns one connected participant.
     *
     * @throws NotFoundException if the meeting does not exist or the participant is not connected
     */
    public LiveParticipant participant(UUID id, String identity) {
        Meeting m = require(id);
        validIdentity(identity);
        try {
            return context.liveKit().getParticipant(m.roomName(), identity);
        } catch (NotFoundException e) {
            throw participantNotFound(m, identity);
        }
    }

    /**
     * Disconnects a participant from the live meeting.
     *
     * @throws NotFoundException if the meeting does not exist, has no live room, or the participant is not in it
     */
    public void kick(UUID id, String identity) {
        Meeting m = require(id);
        validIdentity(identity);
        try {
            context.liveKit().removeParticipant(m.roomName(), identity);
        } catch (NotFoundException e) {
            throw participantNotFound(m, identity);
        }
    }

    /**
     * Mutes or unmutes a track a participant publishes.
     *
     * @return the track after the change
     * @throws NotFoundException if the meeting, the live room, the participant or the track does not exist
     */
    public LiveTrack muteTrack(UUID id, String identity, String trackSid, boolean muted) {
        Meeting m = require(id);
        validIdentity(identity);
        if (trackSid == null || trackSid.isBlank()) {
            throw new InvalidRequestException("trackSid", "must not be blank");
        }
        try {
            return context.liveKit().mutePublishedTrack(m.roomName(), identity, trackSid, muted);
        } catch (NotFoundException e) {
            throw new NotFoundException(
                    NotFoundException.PARTICIPANT_NOT_FOUND,
                    "participant '" + identity + "' or track " + trackSid + " not found in meeting " + m.id(),
                    e.twirpCode().orElse(null));
        }
    }

    /**
     * Changes a connected participant's metadata, name, permissions or attributes, live.
     *
     * @return the participant after the change
     * @throws NotFoundException if the meeting does not exist or the participant is not connected
     */
    public LiveParticipant updateParticipant(UUID id, String identity, ParticipantUpdate update) {
        Objects.requireNonNull(update, "update");
        Meeting m = require(id);
        validIdentity(identity);
        try {
            return context.liveKit().updateParticipant(m.roomName(), identity, update);
        } catch (NotFoundException e) {
            throw participantNotFound(m, identity);
        }
    }

    // ---------------------------------------------------------------- validation helpers

    private static String validTitle(String raw, List<Violation> violations) {
        String title = raw.strip();
        if (title.isEmpty()) {
            violations.add(new Violation("title", "must not be blank"));
        } else if (title.length() > MAX_TITLE_LENGTH) {
            violations.add(
                    new Violation("title", "must be at most " + MAX_TITLE_LENGTH + " characters: " + title.length()));
        } else if (title.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("title", "must not contain control characters"));
        }
        return title;
    }

    private static void validateAutoDelete(
            @Nullable Instant at, DeletionPolicy policy, Instant now, List<Violation> violations) {
        if (at == null) {
            return;
        }
        if (!at.isAfter(now)) {
            violations.add(new Violation("autoDeleteAt", "must be in the future: " + at));
        }
        if (policy.withMeeting() == LiveMeetingPolicy.FAIL) {
            violations.add(new Violation(
                    "autoDeletePolicy",
                    "must not fail on a live meeting: nobody would see the failure of an automatic deletion"));
        }
    }

    private static void validateAttributes(Map<String, String> attributes, List<Violation> violations) {
        InputRules.meetingAttributes(attributes, (field, message) -> violations.add(new Violation(field, message)));
    }

    private static void validateFilter(String field, @Nullable String value, List<Violation> violations) {
        if (value != null && value.length() > MAX_FILTER_LENGTH) {
            violations.add(new Violation(field, "must be at most " + MAX_FILTER_LENGTH + " characters"));
        }
    }

    private static void validIdentity(@Nullable String identity) {
        String problem = InputRules.identityProblem(identity);
        if (problem != null) {
            throw new InvalidRequestException("identity", problem);
        }
    }

    private static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }
    }

    /** A readable, unique LiveKit room name: a slug of the title and a random suffix, e.g. {@code team-sync-k3x9…}. */
    static String roomName(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_LENGTH) {
            slug = slug.substring(0, SLUG_LENGTH).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            slug = "meeting";
        }
        return slug + "-" + Secrets.randomAlphanumeric(ROOM_SUFFIX_LENGTH);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + id);
    }

    private static NotFoundException participantNotFound(Meeting m, String identity) {
        return new NotFoundException(
                NotFoundException.PARTICIPANT_NOT_FOUND,
                "participant '" + identity + "' is not in the live meeting " + m.id());
    }

    private static ConflictException stale(UUID id, long expected, long actual) {
        return new ConflictException(
                ConflictException.STALE_VERSION,
                "meeting " + id + " is at version " + actual + ", not " + expected + ": read it again");
    }
}
