package io.meetkit.internal.meeting;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.PageCursors;
import io.meetkit.internal.Secrets;
import io.meetkit.internal.participant.ParticipantBans;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingQuery;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.MeetingUpdate;
import io.meetkit.meeting.Page;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.MeetingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link MeetingManager}, built by {@code MeetKit}. Thread-safe. Not API. */
public final class MeetingManagerImpl implements MeetingManager {

    private static final Logger log = LoggerFactory.getLogger(MeetingManagerImpl.class);

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;
    private final MeetingStore store;
    private final MeetingStates states;
    private final MeetingDeletion deletion;
    private final LiveRoomParticipants participants;

    /**
     * Creates the manager. Applications get it from {@link io.meetkit.MeetKit#meetings()}.
     *
     * @param context MeetKit's shared context
     * @param lifecycle the room lifecycle shared with the webhook handler
     * @param bans the kick bans, shared with the tokens component and the webhook handler
     */
    public MeetingManagerImpl(MeetKitContext context, MeetingLifecycle lifecycle, ParticipantBans bans) {
        this.context = Objects.requireNonNull(context, "context");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.store = context.stores().meetings();
        this.states = new MeetingStates(context, lifecycle);
        this.deletion = new MeetingDeletion(context, lifecycle, states);
        this.participants = new LiveRoomParticipants(context, Objects.requireNonNull(bans, "bans"));
    }

    // ---------------------------------------------------------------- create, read

    @Override
    public Meeting create(CreateMeeting request) {
        Objects.requireNonNull(request, "request");
        Instant now = context.now();
        List<Violation> violations = new ArrayList<>();
        String title = MeetingInput.validTitle(request.title(), violations);
        String createdBy = request.createdBy().strip();
        if (createdBy.isEmpty()) {
            violations.add(new Violation("createdBy", "must not be blank"));
        } else if (createdBy.length() > MAX_CREATED_BY_LENGTH) {
            violations.add(new Violation("createdBy", "must be at most " + MAX_CREATED_BY_LENGTH + " characters"));
        }
        MeetingInput.validateAutoDelete(request.autoDeleteAt(), request.autoDeletePolicy(), now, violations);
        MeetingInput.validateAttributes(request.attributes(), violations);
        MeetingInput.throwIfAny(violations);

        for (int attempt = 0; ; attempt++) {
            Meeting meeting = Meeting.builder()
                    .id(UUID.randomUUID())
                    .roomName(MeetingInput.roomName(title))
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
        return get(id).orElseThrow(() -> MeetingErrors.notFound(id));
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
        MeetingInput.validateFilter("createdBy", query.createdBy(), violations);
        MeetingInput.validateFilter("titleContains", query.titleContains(), violations);
        MeetingInput.throwIfAny(violations);
        KeysetPosition after = query.cursor() == null
                ? null
                : context.cursors().decode(PageCursors.MEETINGS, query.cursor(), "cursor");
        MeetingFilter filter = new MeetingFilter(
                query.status(),
                query.createdBy(),
                query.titleContains() == null || query.titleContains().isEmpty() ? null : query.titleContains());
        List<Meeting> rows = store.page(filter, after, query.limit() + 1);
        return context.cursors()
                .page(PageCursors.MEETINGS, rows, query.limit(), m -> new KeysetPosition(m.createdAt(), m.id()));
    }

    // ---------------------------------------------------------------- change

    @Override
    public Meeting update(UUID id, MeetingUpdate update) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(update, "update");
        Instant now = context.now();
        List<Violation> violations = new ArrayList<>();
        String title = update.title() == null ? null : MeetingInput.validTitle(update.title(), violations);
        if (update.changesAutoDelete() && update.autoDeleteAt() != null) {
            MeetingInput.validateAutoDelete(
                    update.autoDeleteAt(),
                    Objects.requireNonNull(update.autoDeletePolicy(), "autoDeletePolicy"),
                    now,
                    violations);
        }
        if (update.attributes() != null) {
            MeetingInput.validateAttributes(update.attributes(), violations);
        }
        MeetingInput.throwIfAny(violations);

        Meeting current = require(id);
        if (current.version() != update.expectedVersion()) {
            throw MeetingErrors.stale(id, update.expectedVersion(), current.version());
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
                    ? MeetingErrors.notFound(id)
                    : MeetingErrors.stale(
                            id, update.expectedVersion(), now2.get().version());
        });
    }

    @Override
    public Meeting close(UUID id) {
        return states.close(id);
    }

    @Override
    public Meeting reopen(UUID id) {
        return states.reopen(id);
    }

    @Override
    public Meeting rotateRoleSecrets(UUID id) {
        return states.rotateRoleSecrets(id);
    }

    // ---------------------------------------------------------------- end, delete

    @Override
    public boolean end(UUID id) {
        return deletion.end(id);
    }

    @Override
    public DeletionResult delete(UUID id, DeletionPolicy policy) {
        return deletion.delete(id, policy);
    }

    @Override
    public BulkOutcome<DeletionResult> deleteAll(Collection<UUID> ids, DeletionPolicy policy) {
        return deletion.deleteAll(ids, policy);
    }

    // ---------------------------------------------------------------- live participants

    @Override
    public List<LiveParticipant> participants(UUID id) {
        return participants.participants(id);
    }

    @Override
    public LiveParticipant participant(UUID id, String identity) {
        return participants.participant(id, identity);
    }

    @Override
    public void kick(UUID id, String identity) {
        participants.kick(id, identity);
    }

    @Override
    public LiveTrack muteTrack(UUID id, String identity, String trackSid, boolean muted) {
        return participants.muteTrack(id, identity, trackSid, muted);
    }

    @Override
    public List<LiveTrack> muteAll(UUID id) {
        return participants.muteAll(id);
    }

    @Override
    public LiveParticipant updateParticipant(UUID id, String identity, ParticipantUpdate update) {
        return participants.updateParticipant(id, identity, update);
    }
}
