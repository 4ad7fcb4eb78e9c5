package io.meetkit.internal.meeting;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.MeetingLifecycle.FinishResult;
import io.meetkit.internal.Secrets;
import io.meetkit.meeting.BulkDeletion;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionOutcome;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingQuery;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.MeetingUpdate;
import io.meetkit.meeting.Page;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.meeting.RecordingsPolicy;
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

/** The implementation of {@link MeetingManager}, built by {@code MeetKit}. Thread-safe. Not API. */
public final class MeetingManagerImpl implements MeetingManager {

    private static final Logger log = LoggerFactory.getLogger(MeetingManagerImpl.class);

    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final int SLUG_LENGTH = 32;
    private static final int ROOM_SUFFIX_LENGTH = 12;
    private static final int MAX_IDENTITY_LENGTH = 255;

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;
    private final MeetingStore store;

    /**
     * Creates the manager. Applications get it from {@link io.meetkit.MeetKit#meetings()}.
     *
     * @param context MeetKit's shared context
     * @param lifecycle the room lifecycle shared with the webhook handler
     */
    public MeetingManagerImpl(MeetKitContext context, MeetingLifecycle lifecycle) {
        this.context = Objects.requireNonNull(context, "context");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.store = context.stores().meetings();
    }

    // ---------------------------------------------------------------- create, read

    @Override
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

    @Override
    public Optional<Meeting> get(UUID id) {
        return store.findById(Objects.requireNonNull(id, "id"));
    }

    @Override
    public Meeting require(UUID id) {
        return get(id).orElseThrow(() -> notFound(id));
    }

    @Override
    public Optional<Meeting> findByRoomName(String roomName) {
        Objects.requireNonNull(roomName, "roomName");
        return store.findByRoomName(roomName);
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    @Override
    public DeletionResult delete(UUID id, DeletionPolicy policy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Meeting m = require(id);
        long recordings = lifecycle.recordingCleanup().count(id);
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
            int deleted = recordings > 0 ? lifecycle.recordingCleanup().deleteAll(id) : 0;
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

    @Override
    public BulkDeletion deleteAll(Collection<UUID> ids, DeletionPolicy policy) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(policy, "policy");
        if (ids.isEmpty()) {
            throw new InvalidRequestException("ids", "must not be empty");
        }
        if (ids.size() > MAX_BULK) {
            throw new InvalidRequestException("ids", "must hold at most " + MAX_BULK + " ids: " + ids.size());
        }
        List<DeletionResult> ok = new ArrayList<>();
        List<BulkDeletion.Failure> failed = new ArrayList<>();
        for (UUID id : new java.util.LinkedHashSet<>(ids)) {
            try {
                ok.add(delete(id, policy));
            } catch (MeetingException e) {
                failed.add(new BulkDeletion.Failure(id, e));
            }
        }
        return new BulkDeletion(ok, failed);
    }

    // ---------------------------------------------------------------- live participants

    @Override
    public List<LiveParticipant> participants(UUID id) {
        Meeting m = require(id);
        try {
            return context.liveKit().listParticipants(m.roomName());
        } catch (NotFoundException noRoom) {
            return List.of();
        }
    }

    @Override
    public LiveParticipant participant(UUID id, String identity) {
        Meeting m = require(id);
        validIdentity(identity);
        try {
            return context.liveKit().getParticipant(m.roomName(), identity);
        } catch (NotFoundException e) {
            throw participantNotFound(m, identity);
        }
    }

    @Override
    public void kick(UUID id, String identity) {
        Meeting m = require(id);
        validIdentity(identity);
        try {
            context.liveKit().removeParticipant(m.roomName(), identity);
        } catch (NotFoundException e) {
            throw participantNotFound(m, identity);
        }
    }

    @Override
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

    @Override
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
        if (attributes.size() > MAX_ATTRIBUTES) {
            violations.add(new Violation(
                    "attributes", "must hold at most " + MAX_ATTRIBUTES + " entries: " + attributes.size()));
            return;
        }
        attributes.forEach((k, v) -> {
            if (k.isEmpty()
                    || k.length() > MAX_ATTRIBUTE_KEY_LENGTH
                    || !ATTRIBUTE_KEY.matcher(k).matches()) {
                violations.add(new Violation(
                        "attributes",
                        "keys must be 1 to " + MAX_ATTRIBUTE_KEY_LENGTH + " letters, digits, '_', '.' or '-'"));
            } else if (v.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                violations.add(new Violation(
                        "attributes." + k, "must be at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters"));
            }
        });
    }

    private static void validateFilter(String field, @Nullable String value, List<Violation> violations) {
        if (value != null && value.length() > MAX_FILTER_LENGTH) {
            violations.add(new Violation(field, "must be at most " + MAX_FILTER_LENGTH + " characters"));
        }
    }

    private static void validIdentity(@Nullable String identity) {
        if (identity == null || identity.isBlank()) {
            throw new InvalidRequestException("identity", "must not be blank");
        }
        if (identity.length() > MAX_IDENTITY_LENGTH) {
            throw new InvalidRequestException("identity", "must be at most " + MAX_IDENTITY_LENGTH + " characters");
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
