package io.meetkit.internal.recording;

import io.meetkit.ConflictException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.NotFoundException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.RecordingStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stale-recordings job's second half: reconciles LiveKit's active egresses against the store, so that every
 * egress in a meeting's room ends up tracked by exactly one recording or stopped (see {@link #reconcile()}).
 * Stateless between runs (all it knows comes from LiveKit and the store), so any instance may run it. Thread-safe.
 * Not API.
 */
public final class EgressReconciler {

    private static final Logger log = LoggerFactory.getLogger(EgressReconciler.class);
    /** At most this many active egresses are reconciled per run; the rest wait for the next run. */
    static final int RECONCILE_BATCH = 500;
    /** How many room names one {@code ListRooms} asks for. */
    private static final int ROOMS_PER_CALL = 100;
    /** Who a recording MeetKit creates for an egress it did not start is {@code startedBy}. */
    public static final String STARTED_BY_LIVEKIT = "livekit";

    private final MeetKitContext context;
    private final RecordingStore store;
    private final LiveKitGateway liveKit;
    private final RecordingChanges changes;
    private final EgressSync sync;
    private final String keyPrefix;

    /**
     * Creates the reconciler.
     *
     * @param context the shared context (clock, stores, LiveKit gateway, events)
     * @param changes where what LiveKit says is applied
     * @param sync what stops egresses and honours stored stop requests
     * @param keyPrefix the object key prefix of recordings MeetKit creates for egresses it did not start
     */
    public EgressReconciler(MeetKitContext context, RecordingChanges changes, EgressSync sync, String keyPrefix) {
        this.context = Objects.requireNonNull(context, "context");
        this.store = context.stores().recordings();
        this.liveKit = context.liveKit();
        this.changes = Objects.requireNonNull(changes, "changes");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    /**
     * What one {@link #reconcile()} did.
     *
     * @param checked active egresses looked at
     * @param adopted untracked egresses bound to their meeting's unfinished recording without an egress
     * @param created untracked egresses a new recording ({@value #STARTED_BY_LIVEKIT}) was created for
     * @param stoppedUntracked untracked egresses stopped because their meeting does not allow recording, or already
     *     has a recording with another egress (each gets an ABORTED recording, so its file is tracked)
     * @param stoppedEnded egresses still running although their recording ended
     * @param abortedRoomGone recordings whose room is gone: egress stopped, recording ABORTED
     * @param stoppedNoPublisher recordings whose room has nobody left but hidden participants: egress stopped
     */
    public record Reconciled(
            int checked,
            int adopted,
            int created,
            int stoppedUntracked,
            int stoppedEnded,
            int abortedRoomGone,
            int stoppedNoPublisher) {

        /** How many egresses or recordings the run changed. */
        public int affected() {
            return adopted + created + stoppedUntracked + stoppedEnded + abortedRoomGone + stoppedNoPublisher;
        }

        /** A one-line summary for the maintenance report. */
        public String detail() {
            return "reconciled " + checked + " active egress(es): adopted " + adopted + ", created " + created
                    + " recording(s) for untracked egresses, stopped " + stoppedUntracked
                    + " untracked egress(es) of meetings that do not allow recording, stopped " + stoppedEnded
                    + " egress(es) of ended recordings, aborted " + abortedRoomGone
                    + " recording(s) whose room is gone, stopped " + stoppedNoPublisher
                    + " recording(s) whose room has no publisher left";
        }
    }

    /**
     * Reconciles what LiveKit's {@code ListEgress(active)} says against the store, for the stale-recordings job
     * (issue 14): every egress in a meeting's room ends up tracked by exactly one recording or stopped. One
     * {@code ListEgress} for all rooms (at most {@value #RECONCILE_BATCH} egresses per run), one {@code ListRooms} per
     * 100 rooms, one {@code ListParticipants} per live recorded room. Egresses in rooms of no meeting (another
     * application on the same LiveKit) are left alone.
     *
     * <ul>
     *   <li>an egress no recording tracks, in a meeting's room: bound to the meeting's unfinished recording without
     *       an egress; if there is none, a new recording ({@code startedBy} {@value #STARTED_BY_LIVEKIT}) is created
     *       for it (event {@code RecordingStarted} or {@code RecordingUpdated}); if the meeting does not allow
     *       recording (recording disabled, meeting CLOSED) or already has a recording with another egress, the egress
     *       is stopped and an ABORTED recording created for it (event {@code RecordingEnded}), so its file is tracked;
     *   <li>an egress whose recording ended: stopped;
     *   <li>an unfinished recording whose room LiveKit no longer lists: egress stopped, recording ABORTED;
     *   <li>an unfinished recording whose room has nobody left but hidden participants (the egress's recorder joins
     *       hidden): egress stopped; the recording ends as LiveKit then reports it (COMPLETE with the file so far).
     *       A room where people are connected but none publishes is left recording, as LiveKit does.
     * </ul>
     *
     * @return what was done
     * @throws LiveKitUnavailableException when LiveKit cannot be reached (the run stops there)
     */
    public Reconciled reconcile() {
        List<EgressSnapshot> active;
        try {
            active = liveKit.listEgress(null, null, true);
        } catch (NotFoundException none) {
            active = List.of();
        }
        if (active.size() > RECONCILE_BATCH) {
            active = active.subList(0, RECONCILE_BATCH);
        }
        // the meetings of the egresses' rooms, and which of those rooms LiveKit still lists
        Map<String, Optional<Meeting>> meetings = new HashMap<>();
        for (EgressSnapshot e : active) {
            meetings.computeIfAbsent(
                    e.roomName(), room -> context.stores().meetings().findByRoomName(room));
        }
        List<String> rooms = meetings.entrySet().stream()
                .filter(en -> en.getValue().isPresent())
                .map(Map.Entry::getKey)
                .toList();
        Set<String> alive = new HashSet<>();
        for (int i = 0; i < rooms.size(); i += ROOMS_PER_CALL) {
            liveKit.listRooms(rooms.subList(i, Math.min(rooms.size(), i + ROOMS_PER_CALL))).stream()
                    .map(LiveRoom::name)
                    .forEach(alive::add);
        }
        int adopted = 0;
        int created = 0;
        int stoppedUntracked = 0;
        int stoppedEnded = 0;
        int abortedRoomGone = 0;
        int stoppedNoPublisher = 0;
        for (EgressSnapshot e : active) {
            Optional<Meeting> meeting = meetings.get(e.roomName());
            if (meeting.isEmpty()) {
                continue;
            }
            Meeting m = meeting.get();
            Optional<Recording> tracked = store.findByEgressId(e.egressId());
            if (tracked.isPresent()) {
                Recording r = tracked.get();
                if (r.status().isFinished()) {
                    log.info(
                            "Egress {} still runs although recording {} is {}: stopping it",
                            e.egressId(),
                            r.id(),
                            r.status());
                    sync.stopQuietly(e.egressId());
                    stoppedEnded++;
                } else if (!alive.contains(e.roomName())) {
                    log.info("Room {} of recording {} is gone: stopping egress {}", e.roomName(), r.id(), e.egressId());
                    sync.stopQuietly(e.egressId());
                    changes.end(r.id(), false, RecordingStatus.ABORTED, "the room " + e.roomName() + " is gone");
                    abortedRoomGone++;
                } else if (r.status() != RecordingStatus.ENDING && noPublisherLeft(e.roomName())) {
                    log.info(
                            "Room {} of recording {} has no publisher left: stopping egress {}",
                            e.roomName(),
                            r.id(),
                            e.egressId());
                    sync.stopQuietly(e.egressId()).ifPresent(s -> changes.apply(r.id(), s, context.now()));
                    stoppedNoPublisher++;
                } else {
                    sync.stopIfRequested(r);
                }
                continue;
            }
            switch (adoptOrStop(m, e)) {
                case ADOPTED -> adopted++;
                case CREATED -> created++;
                case STOPPED -> stoppedUntracked++;
                case NONE -> {}
            }
        }
        return new Reconciled(
                active.size(), adopted, created, stoppedUntracked, stoppedEnded, abortedRoomGone, stoppedNoPublisher);
    }

    private enum Adoption {
        ADOPTED,
        CREATED,
        STOPPED,
        NONE
    }

    /** An egress in the room of meeting {@code m} that no recording tracks. */
    private Adoption adoptOrStop(Meeting m, EgressSnapshot e) {
        boolean allowed = m.status() != MeetingStatus.CLOSED && m.settings().recordingEnabled();
        Optional<Recording> unfinished = store.findUnfinished(m.id());
        if (allowed && unfinished.isPresent() && unfinished.get().egressId().isEmpty()) {
            Optional<Recording> bound = changes.bindEgress(unfinished.get().id(), e.egressId());
            if (bound.isEmpty()) {
                return Adoption.NONE; // changed meanwhile: the next run sees it
            }
            log.info("Recording {} adopted egress {} in room {}", bound.get().id(), e.egressId(), e.roomName());
            sync.stopIfRequested(
                    changes.apply(bound.get().id(), e, context.now()).orElse(bound.get()));
            return Adoption.ADOPTED;
        }
        Instant now = context.now();
        UUID id = UUID.randomUUID();
        String objectKey = e.file()
                .map(EgressSnapshot.File::filename)
                .filter(f -> !f.isBlank() && f.length() <= 1024)
                .orElse(keyPrefix + "/" + m.id() + "/" + id + ".mp4");
        Recording.Builder row = Recording.builder()
                .id(id)
                .meetingId(m.id())
                .egressId(e.egressId())
                .objectKey(objectKey)
                .startedBy(STARTED_BY_LIVEKIT)
                .startedAt(e.startedAt())
                .createdAt(now)
                .updatedAt(now)
                .version(0);
        if (allowed && unfinished.isEmpty()) {
            Recording r = row.status(e.status()).build();
            try {
                insertAndPublish(r, now);
            } catch (ConflictException raced) {
                return Adoption.NONE; // a recording was started meanwhile: the next run sees this egress again
            }
            log.info(
                    "Egress {} in room {} was not started by MeetKit: tracked as recording {}",
                    e.egressId(),
                    e.roomName(),
                    id);
            return Adoption.CREATED;
        }
        String why = allowed
                ? "meeting " + m.id() + " already has recording "
                        + unfinished.get().id()
                : m.status() == MeetingStatus.CLOSED
                        ? "meeting " + m.id() + " is closed"
                        : "recording is not enabled in the settings of meeting " + m.id();
        log.info("Stopping egress {} in room {}, which no recording tracks: {}", e.egressId(), e.roomName(), why);
        sync.stopQuietly(e.egressId());
        Recording aborted = row.status(RecordingStatus.ABORTED)
                .endedAt(now)
                .error("an egress MeetKit did not start was stopped: " + why)
                .build();
        try {
            insertAndPublish(aborted, now);
        } catch (ConflictException raced) {
            log.debug("Recording {} for stopped egress {} not stored: {}", id, e.egressId(), raced.getMessage());
        }
        return Adoption.STOPPED;
    }

    private void insertAndPublish(Recording r, Instant at) {
        context.events()
                .storeAndPublish(
                        () -> {
                            store.insert(r);
                            return Optional.of(r);
                        },
                        inserted -> inserted.status().isFinished()
                                ? new MeetingEvent.RecordingEnded(inserted, at)
                                : inserted.status() == RecordingStatus.ACTIVE
                                        ? new MeetingEvent.RecordingStarted(inserted, at)
                                        : new MeetingEvent.RecordingUpdated(inserted, at));
    }

    /** Whether the room has nobody left but hidden participants (the egress's recorder joins hidden). */
    private boolean noPublisherLeft(String room) {
        try {
            return liveKit.listParticipants(room).stream()
                    .allMatch(p -> p.permissions().hidden());
        } catch (NotFoundException gone) {
            return false; // the room closed meanwhile: its egress ends with it, or the next run aborts it
        }
    }
}
