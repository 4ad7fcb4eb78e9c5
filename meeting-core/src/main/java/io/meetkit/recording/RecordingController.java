package io.meetkit.recording;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.RecordingStorageException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.EgressEvents;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.RecordingCleanup;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.RoomCompositeRequest;
import io.meetkit.maintenance.JobRun;
import io.meetkit.maintenance.MaintenanceJob;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.Page;
import io.meetkit.rules.InputRules;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.RecordingFilter;
import io.meetkit.store.RecordingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records meetings to S3 through LiveKit egress: start, stop, find, list, delete, download.
 *
 * <p>Get it from {@link io.meetkit.MeetKit#recordings()}. A recording is one room-composite egress writing one MP4
 * file to {@code <prefix>/<meetingId>/<recordingId>.mp4}. Its status follows the egress
 * ({@link RecordingStatus}); LiveKit's {@code egress_*} webhooks move it, with {@code ListEgress} as the fallback,
 * and finished recordings never change again. A meeting has at most one unfinished recording: the store refuses a
 * second one atomically, so concurrent starts yield exactly one recording.
 *
 * <p>RecordingController is thread-safe; create one per application (through one {@code MeetKit}). Every method
 * throws {@link NotFoundException} ({@code recording_not_found} or {@code meeting_not_found}) for unknown ids,
 * {@link ConflictException} when the state refuses the call, {@link RecordingStorageException} when the recording storage
 * fails, and the LiveKit and store exceptions of {@link MeetingException}.
 */
public final class RecordingController {

    private static final Logger log = LoggerFactory.getLogger(RecordingController.class);

    /** How long {@link #start} waits for the egress to become active when nothing else is configured. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    /** How long an unfinished recording goes without an update before the maintenance job checks it. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
    /** The lease and job name of the stale-recordings maintenance job. */
    public static final String STALE_RECORDINGS_JOB = "meetkit.stale-recordings";
    /** The object key prefix when nothing else is configured. */
    public static final String DEFAULT_KEY_PREFIX = "recordings";
    /** The longest lifetime of a {@link #downloadUrl} URL; longer requests are cut to it. */
    public static final Duration MAX_DOWNLOAD_TTL = Duration.ofHours(1);
    /** The most ids a bulk delete takes. */
    public static final int MAX_BULK = 100;
    /** The longest {@code startedBy} accepted. */
    public static final int MAX_STARTED_BY_LENGTH = 255;

    /** {@link PermissionDeniedException} code: the meeting's settings do not allow recording. */
    public static final String RECORDING_DISABLED = "recording_disabled";
    /** {@link ConflictException} code: the meeting has no live LiveKit room, or nobody is in it. */
    public static final String MEETING_NOT_LIVE = "meeting_not_live";

    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()\\-]+(/[A-Za-z0-9!_.*'()\\-]+)*");
    private static final int MAX_CAS_ATTEMPTS = 16;
    private static final int MAX_UNMATCHED = 1024;
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(500);

    private final MeetKitContext context;
    private final RecordingStore store;
    private final LiveKitGateway liveKit;
    private final @Nullable RecordingStorage storage;
    private final Duration startTimeout;
    private final Duration pollInterval;
    private final String keyPrefix;

    /** Egress events that came before the egress id was stored (the webhook can beat the RPC's answer). */
    private final Map<String, EgressSnapshot> unmatched = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EgressSnapshot> eldest) {
            return size() > MAX_UNMATCHED;
        }
    };
    /** Recordings stopped while their egress id was not known yet. */
    private final Set<UUID> stopRequested = ConcurrentHashMap.newKeySet();

    private final ReentrantLock changeLock = new ReentrantLock();
    private final Condition changed = changeLock.newCondition();
    private long changes;

    /**
     * Creates the controller and installs it as the meeting lifecycle's recording cleanup and as the receiver of
     * egress webhooks. Applications get it from {@link io.meetkit.MeetKit#recordings()}.
     *
     * @param context MeetKit's shared context
     * @param lifecycle the meeting lifecycle, whose deletions then stop egresses and delete files
     * @param storage where the files are, or {@code null} when the egress uploads with its own configuration and
     *     MeetKit neither downloads nor deletes files
     * @param startTimeout how long {@link #start} waits for the egress to become active
     * @param keyPrefix the object key prefix, for example {@code recordings}
     * @throws IllegalArgumentException if the timeout is not positive or the prefix is not a plain key path
     */
    public RecordingController(
            MeetKitContext context,
            MeetingLifecycle lifecycle,
            @Nullable RecordingStorage storage,
            Duration startTimeout,
            String keyPrefix) {
        this.context = Objects.requireNonNull(context, "context");
        Objects.requireNonNull(lifecycle, "lifecycle");
        this.store = context.stores().recordings();
        this.liveKit = context.liveKit();
        this.storage = storage;
        this.startTimeout = InputRules.positive(startTimeout, "startTimeout");
        this.keyPrefix = validKeyPrefix(keyPrefix);
        Duration quarter = startTimeout.dividedBy(4);
        this.pollInterval = quarter.compareTo(MAX_POLL_INTERVAL) < 0 && !quarter.isZero() ? quarter : MAX_POLL_INTERVAL;
        lifecycle.recordingCleanup(new Cleanup());
        context.egressEvents(new Events());
    }

    /**
     * Checks an object key prefix: one or more path segments of letters, digits and {@code !_.*'()-}, separated
     * by single slashes; a leading or trailing slash is removed.
     *
     * @return the prefix without surrounding slashes
     * @throws IllegalArgumentException naming the bad prefix
     */
    public static String validKeyPrefix(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        String p = keyPrefix.strip().replaceAll("^/+|/+$", "");
        if (p.isEmpty() || p.length() > 200 || !KEY_PREFIX.matcher(p).matches()) {
            throw new IllegalArgumentException("keyPrefix must be path segments of letters, digits and !_.*'()- "
                    + "separated by '/', at most 200 characters: '" + keyPrefix + "'");
        }
        return p;
    }

    // ---------------------------------------------------------------- start, stop

    /**
     * Starts recording a live meeting and waits, at most the configured start timeout, until the egress is
     * recording.
     *
     * <p>The meeting must exist, not be CLOSED, allow recording, and have a live LiveKit room with at least one
     * participant; it must have no unfinished recording. The recording is stored STARTING before the egress is
     * requested; if the egress does not become active in time, the recording is FAILED, its egress is stopped and
     * this method throws.
     *
     * @param meetingId the meeting
     * @param options layout, audio only, encoding
     * @param startedBy the application user who starts it (recorded, not checked)
     * @return the recording, ACTIVE (or later, if it already moved on)
     * @throws NotFoundException ({@code meeting_not_found}) if the meeting does not exist
     * @throws ConflictException {@code meeting_closed}; {@link #MEETING_NOT_LIVE} when there is no live room or
     *     nobody is in it; {@code recording_in_progress} when the meeting already has an unfinished recording;
     *     {@code recording_state} when the recording was stopped before it became active
     * @throws PermissionDeniedException ({@link #RECORDING_DISABLED}) if the meeting does not allow recording
     * @throws LiveKitUnavailableException if the egress failed or did not become active in time (retryable)
     * @throws InvalidRequestException for a blank or over-long {@code startedBy}
     */
    public Recording start(UUID meetingId, RecordingOptions options, String startedBy) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(startedBy, "startedBy");
        String by = startedBy.strip();
        if (by.isEmpty()) {
            throw new InvalidRequestException("startedBy", "must not be blank");
        }
        if (by.length() > MAX_STARTED_BY_LENGTH) {
            throw new InvalidRequestException("startedBy", "must be at most " + MAX_STARTED_BY_LENGTH + " characters");
        }
        Meeting meeting = context.stores()
                .meetings()
                .findById(meetingId)
                .orElseThrow(() ->
                        new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + meetingId));
        if (meeting.status() == MeetingStatus.CLOSED) {
            throw new ConflictException(ConflictException.MEETING_CLOSED, "meeting " + meetingId + " is closed");
        }
        if (!meeting.settings().recordingEnabled()) {
            throw new PermissionDeniedException(
                    RECORDING_DISABLED, "recording is not enabled in the settings of meeting " + meetingId);
        }
        List<LiveParticipant> participants;
        try {
            participants = liveKit.listParticipants(meeting.roomName());
        } catch (NotFoundException noRoom) {
            throw new ConflictException(MEETING_NOT_LIVE, "meeting " + meetingId + " has no live LiveKit room");
        }
        if (participants.isEmpty()) {
            throw new ConflictException(MEETING_NOT_LIVE, "nobody is in the live room of meeting " + meetingId);
        }
        EgressS3Upload upload = storage == null ? null : storage.egressUpload().orElse(null);

        UUID id = UUID.randomUUID();
        Instant now = context.now();
        Recording recording = Recording.builder()
                .id(id)
                .meetingId(meetingId)
                .status(RecordingStatus.STARTING)
                .objectKey(objectKey(meetingId, id))
                .startedBy(by)
                .createdAt(now)
                .updatedAt(now)
                .version(0)
                .build();
        store.insert(recording);
        log.debug("Recording {} of meeting {} is STARTING", id, meetingId);

        EgressSnapshot started;
        try {
            started = liveKit.startRoomCompositeEgress(new RoomCompositeRequest(
                    meeting.roomName(),
                    options.layout(),
                    options.audioOnly(),
                    options.encoding(),
                    recording.objectKey(),
                    upload));
        } catch (RuntimeException e) {
            endStarting(id, RecordingStatus.FAILED, "the egress could not be started: " + e.getMessage());
            throw e;
        }
        String egressId = started.egressId();
        Optional<Recording> bound = change(
                id,
                cur -> cur.egressId().isPresent()
                        ? null
                        : cur.toBuilder()
                                .egressId(egressId)
                                .updatedAt(context.now())
                                .build(),
                null);
        if (bound.isEmpty() && store.findById(id).isEmpty()) {
            stopQuietly(egressId);
            throw new NotFoundException(
                    NotFoundException.RECORDING_NOT_FOUND,
                    "recording " + id + " was deleted while it was starting; its egress was stopped");
        }
        apply(id, started, context.now());
        applyUnmatched(id, egressId);
        if (stopRequested.remove(id)) {
            stopQuietly(egressId).ifPresent(s -> apply(id, s, context.now()));
        }
        return awaitStarted(id, egressId);
    }

    private Recording awaitStarted(UUID id, String egressId) {
        Recording r;
        try {
            r = await(id, egressId, cur -> cur.status() != RecordingStatus.STARTING, startTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endStarting(id, RecordingStatus.FAILED, "interrupted while waiting for the egress to become active");
            stopQuietly(egressId);
            throw new LiveKitUnavailableException(
                    "interrupted while recording " + id + " was starting; it is " + "FAILED and its egress was stopped",
                    null,
                    e);
        }
        if (r.status() == RecordingStatus.STARTING) {
            Optional<Recording> ended =
                    endStarting(id, RecordingStatus.FAILED, "the egress did not become active within " + startTimeout);
            if (ended.isPresent() && ended.get().status() == RecordingStatus.FAILED) {
                stopQuietly(egressId);
                throw new LiveKitUnavailableException(
                        "recording " + id + " did not become active within " + startTimeout
                                + "; it is FAILED and its egress " + egressId + " was stopped",
                        null,
                        null);
            }
            r = ended.orElse(r);
        }
        return switch (r.status()) {
            case FAILED ->
                throw new LiveKitUnavailableException(
                        "recording " + id + " failed to start: " + r.error().orElse("LiveKit gave no reason"),
                        null,
                        null);
            case ABORTED ->
                throw new ConflictException(
                        ConflictException.RECORDING_STATE,
                        "recording " + id + " was aborted before it became active"
                                + r.error().map(e -> ": " + e).orElse(""));
            default -> r;
        };
    }

    /**
     * Stops an ACTIVE recording: the egress finishes the file and the recording goes ENDING, then COMPLETE.
     *
     * <p>A STARTING recording cannot be stopped cleanly: its egress is stopped anyway (the recording will end
     * ABORTED) and this method throws a conflict that says so, as OpenVidu Meet does.
     *
     * @return the recording after the stop request (ENDING)
     * @throws NotFoundException if the recording does not exist
     * @throws ConflictException ({@code recording_state}) if it is STARTING (its egress was stopped anyway), already
     *     ENDING, or finished
     */
    public Recording stop(UUID recordingId) {
        Recording r = require(recordingId);
        switch (r.status()) {
            case ACTIVE -> {
                String egressId = r.egressId()
                        .orElseThrow(() ->
                                new IllegalStateException("ACTIVE recording without an egress id: " + recordingId));
                EgressSnapshot s;
                try {
                    s = liveKit.stopEgress(egressId);
                } catch (ConflictException | NotFoundException e) {
                    sync(r);
                    Recording now = require(recordingId);
                    throw new ConflictException(
                            ConflictException.RECORDING_STATE,
                            "recording " + recordingId + " could not be stopped (it is " + now.status() + "): "
                                    + e.getMessage());
                }
                return apply(recordingId, s, context.now()).orElseGet(() -> require(recordingId));
            }
            case STARTING -> {
                Optional<String> egressId = r.egressId();
                if (egressId.isPresent()) {
                    stopQuietly(egressId.get()).ifPresent(s -> apply(recordingId, s, context.now()));
                } else {
                    stopRequested.add(recordingId);
                }
                throw new ConflictException(
                        ConflictException.RECORDING_STATE,
                        "recording " + recordingId
                                + " cannot be stopped while starting; its egress was stopped anyway and it will end ABORTED");
            }
            case ENDING ->
                throw new ConflictException(
                        ConflictException.RECORDING_STATE, "recording " + recordingId + " is already stopping");
            default ->
                throw new ConflictException(
                        ConflictException.RECORDING_STATE,
                        "recording " + recordingId + " is already stopped: " + r.status());
        }
    }

    // ---------------------------------------------------------------- read

    /** Finds a recording by id. */
    public Optional<Recording> get(UUID recordingId) {
        return store.findById(Objects.requireNonNull(recordingId, "recordingId"));
    }

    /**
     * Returns a recording that must exist.
     *
     * @throws NotFoundException with code {@code recording_not_found}
     */
    public Recording require(UUID recordingId) {
        return get(recordingId).orElseThrow(() -> notFound(recordingId));
    }

    /**
     * Lists recordings newest first, one keyset page at a time, optionally of one meeting and in one status.
     *
     * @throws InvalidRequestException for a cursor this server did not issue
     */
    public Page<Recording> list(RecordingQuery query) {
        Objects.requireNonNull(query, "query");
        KeysetPosition after = query.cursor() == null ? null : context.cursors().decode(query.cursor(), "cursor");
        List<Recording> rows =
                store.page(new RecordingFilter(query.meetingId(), query.status()), after, query.limit() + 1);
        return context.cursors().page(rows, query.limit(), r -> new KeysetPosition(r.createdAt(), r.id()));
    }

    // ---------------------------------------------------------------- delete

    /**
     * Deletes a finished recording: first its file (a missing file is not an error), then the record. If the
     * storage fails, the record is kept so that the delete can be retried.
     *
     * @throws NotFoundException if the recording does not exist
     * @throws ConflictException ({@code recording_state}) if it is not finished
     * @throws RecordingStorageException if the file could not be deleted (the record is kept)
     */
    public void delete(UUID recordingId) {
        Recording r = require(recordingId);
        if (!r.status().isFinished()) {
            throw new ConflictException(
                    ConflictException.RECORDING_STATE,
                    "recording " + recordingId + " is " + r.status()
                            + ": only finished recordings can be deleted; stop it and wait until it ends");
        }
        deleteFileAndRecord(r);
    }

    /**
     * Deletes several recordings, each on its own: one failure does not stop the others.
     *
     * @param recordingIds at most {@value #MAX_BULK} ids; duplicates are handled once
     * @return an outcome per id
     * @throws InvalidRequestException if there are no ids or too many
     */
    public RecordingBulkDeletion deleteAll(Collection<UUID> recordingIds) {
        Objects.requireNonNull(recordingIds, "recordingIds");
        if (recordingIds.isEmpty()) {
            throw new InvalidRequestException("recordingIds", "must not be empty");
        }
        if (recordingIds.size() > MAX_BULK) {
            throw new InvalidRequestException(
                    "recordingIds", "must hold at most " + MAX_BULK + " ids: " + recordingIds.size());
        }
        List<UUID> deleted = new ArrayList<>();
        List<RecordingBulkDeletion.Failure> failed = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(recordingIds)) {
            try {
                delete(Objects.requireNonNull(id, "recordingIds must not hold null"));
                deleted.add(id);
            } catch (MeetingException e) {
                failed.add(new RecordingBulkDeletion.Failure(id, e));
            }
        }
        return new RecordingBulkDeletion(deleted, failed);
    }

    private void deleteFileAndRecord(Recording r) {
        if (storage != null) {
            storage.delete(r.objectKey());
        } else {
            log.warn(
                    "No RecordingStorage is configured: recording {} is deleted but its file {} is left where the "
                            + "egress stored it",
                    r.id(),
                    r.objectKey());
        }
        store.delete(r.id());
        log.debug("Deleted recording {} and its file {}", r.id(), r.objectKey());
    }

    // ---------------------------------------------------------------- download

    /**
     * Returns a presigned URL that downloads a COMPLETE recording with a plain HTTP GET.
     *
     * @param ttl how long the URL works; cut to {@link #MAX_DOWNLOAD_TTL}
     * @throws NotFoundException if the recording does not exist
     * @throws ConflictException ({@code recording_state}) if it is not COMPLETE
     * @throws RecordingStorageException if no storage is configured or it fails
     * @throws IllegalArgumentException if the ttl is not positive
     */
    public DownloadUrl downloadUrl(UUID recordingId, Duration ttl) {
        InputRules.positive(ttl, "ttl");
        Recording r = requireComplete(recordingId);
        Duration effective = ttl.compareTo(MAX_DOWNLOAD_TTL) > 0 ? MAX_DOWNLOAD_TTL : ttl;
        return requireStorage().presignedGet(r.objectKey(), effective);
    }

    /**
     * Opens a COMPLETE recording's file, whole or a byte range of it, for streaming (HTTP range requests).
     *
     * @param range the bytes to read, or {@code null} for the whole file
     * @return the content; close it when done
     * @throws NotFoundException if the recording or its file does not exist
     * @throws ConflictException ({@code recording_state}) if it is not COMPLETE
     * @throws InvalidRequestException (field {@code range}) if the range starts at or past the end of the file
     * @throws RecordingStorageException if no storage is configured or it fails
     */
    public RecordingContent open(UUID recordingId, @Nullable ByteRange range) {
        Recording r = requireComplete(recordingId);
        return requireStorage().open(r.objectKey(), range);
    }

    private Recording requireComplete(UUID recordingId) {
        Recording r = require(recordingId);
        if (r.status() != RecordingStatus.COMPLETE) {
            throw new ConflictException(
                    ConflictException.RECORDING_STATE,
                    "recording " + recordingId + " is " + r.status() + ": only COMPLETE recordings can be downloaded");
        }
        return r;
    }

    private RecordingStorage requireStorage() {
        if (storage == null) {
            throw new RecordingStorageException(
                    "no RecordingStorage is configured: set MeetKit.builder().recordingStorage(…)"
                            + " to download recordings",
                    false,
                    null);
        }
        return storage;
    }

    // ---------------------------------------------------------------- maintenance

    /**
     * Repairs recordings stuck unfinished: each one not updated for {@code olderThan} is synced from LiveKit's
     * {@code ListEgress}; one LiveKit no longer knows, one whose egress never started, and one still STARTING
     * there are ABORTED (a stuck STARTING egress is stopped). One that is still legitimately recording is only
     * marked as checked. Use an age well above the start timeout. The maintenance job calls this periodically.
     *
     * @param olderThan how long without an update makes a recording stale
     * @return how many recordings were checked
     * @throws IllegalArgumentException if the age is negative
     */
    public int syncStale(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        Instant before = context.now().minus(olderThan);
        List<Recording> stale = store.findStale(before, 100);
        int checked = 0;
        for (Recording r : stale) {
            try {
                syncOne(r);
                checked++;
            } catch (LiveKitUnavailableException e) {
                log.warn("Cannot sync stale recording {} now, LiveKit is unavailable: {}", r.id(), e.getMessage());
                break;
            } catch (MeetingException e) {
                log.warn("Cannot sync stale recording {}: {}", r.id(), e.getMessage());
            }
        }
        return checked;
    }

    /**
     * The maintenance job that runs {@link #syncStale(Duration)}, named {@value #STALE_RECORDINGS_JOB};
     * {@code MeetKit} adds it to {@code MeetKit.maintenance()}.
     *
     * @param olderThan how long without an update makes a recording stale
     * @throws IllegalArgumentException if the age is negative
     */
    public MaintenanceJob staleRecordingsJob(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        return new MaintenanceJob() {
            @Override
            public String name() {
                return STALE_RECORDINGS_JOB;
            }

            @Override
            public JobRun.Result run(Instant now) {
                int n = syncStale(olderThan);
                return new JobRun.Result(n, "checked " + n + " stale recording(s)");
            }
        };
    }

    private void syncOne(Recording r) {
        Optional<String> egressId = r.egressId();
        if (egressId.isEmpty()) {
            endUnfinished(r.id(), RecordingStatus.ABORTED, "the egress never started");
            return;
        }
        List<EgressSnapshot> found;
        try {
            found = liveKit.listEgress(null, egressId.get(), false);
        } catch (NotFoundException e) {
            found = List.of();
        }
        Optional<EgressSnapshot> egress =
                found.stream().filter(e -> e.egressId().equals(egressId.get())).findFirst();
        if (egress.isEmpty()) {
            endUnfinished(r.id(), RecordingStatus.ABORTED, "LiveKit no longer knows egress " + egressId.get());
            return;
        }
        EgressSnapshot e = egress.get();
        if (e.status() == RecordingStatus.STARTING) {
            stopQuietly(egressId.get());
            endUnfinished(r.id(), RecordingStatus.ABORTED, "the egress was stuck starting");
            return;
        }
        Optional<Recording> applied = apply(r.id(), e, context.now());
        if (applied.isEmpty() || applied.get().version() == r.version()) {
            change(
                    r.id(),
                    cur -> cur.status().isFinished()
                            ? null
                            : cur.toBuilder().updatedAt(context.now()).build(),
                    null);
        }
    }

    /** Applies what {@code ListEgress} says; an egress LiveKit does not know (any more) ends ABORTED. */
    private void sync(Recording r) {
        r.egressId().ifPresent(egressId -> {
            Optional<EgressSnapshot> found;
            try {
                found = liveKit.listEgress(null, egressId, false).stream()
                        .filter(e -> e.egressId().equals(egressId))
                        .findFirst();
            } catch (NotFoundException e) {
                found = Optional.empty();
            } catch (MeetingException e) {
                log.debug("ListEgress for {} failed: {}", egressId, e.getMessage());
                return;
            }
            if (found.isPresent()) {
                apply(r.id(), found.get(), context.now());
            } else {
                endUnfinished(r.id(), RecordingStatus.ABORTED, "LiveKit no longer knows egress " + egressId);
            }
        });
    }

    @Override
    public String toString() {
        return "RecordingController{storage=" + storage + ", keyPrefix=" + keyPrefix + ", startTimeout=" + startTimeout
                + '}';
    }

    // ---------------------------------------------------------------- egress events

    /** Applies what LiveKit says about an egress to its recording; monotonic, so replays change nothing. */
    private final class Events implements EgressEvents {
        @Override
        public void onEgress(EgressSnapshot egress, Instant at) {
            Objects.requireNonNull(egress, "egress");
            Objects.requireNonNull(at, "at");
            Optional<Recording> r = store.findByEgressId(egress.egressId());
            if (r.isPresent()) {
                apply(r.get().id(), egress, at);
                return;
            }
            synchronized (unmatched) {
                EgressSnapshot known = unmatched.get(egress.egressId());
                if (known == null || rank(egress.status()) >= rank(known.status())) {
                    unmatched.put(egress.egressId(), egress);
                }
            }
            // the egress id may have been stored meanwhile
            store.findByEgressId(egress.egressId()).ifPresent(rec -> applyUnmatched(rec.id(), egress.egressId()));
            signal();
        }
    }

    private void applyUnmatched(UUID recordingId, String egressId) {
        EgressSnapshot early;
        synchronized (unmatched) {
            early = unmatched.remove(egressId);
        }
        if (early != null) {
            apply(recordingId, early, context.now());
        }
    }

    /**
     * Applies an egress snapshot to a recording by compare-and-set; publishes the recording events.
     *
     * @return the stored recording if it changed, else empty
     */
    private Optional<Recording> apply(UUID recordingId, EgressSnapshot e, Instant at) {
        Recording[] before = new Recording[1];
        Optional<Recording> stored = change(
                recordingId,
                cur -> {
                    before[0] = cur;
                    return merge(cur, e);
                },
                at);
        stored.ifPresent(after -> publish(before[0], after, at));
        return stored;
    }

    private @Nullable Recording merge(Recording cur, EgressSnapshot e) {
        if (cur.status().isFinished() || rank(e.status()) < rank(cur.status())) {
            return null;
        }
        Recording.Builder b = cur.toBuilder().status(e.status());
        if (e.startedAt() != null) {
            b.startedAt(e.startedAt());
        }
        if (e.status().isFinished()) {
            b.endedAt(e.endedAt() != null ? e.endedAt() : context.now());
        }
        e.file().ifPresent(f -> {
            if (f.location() != null) {
                b.location(f.location());
            }
            if (f.sizeBytes() > 0) {
                b.sizeBytes(f.sizeBytes());
            }
            if (!f.duration().isZero() && !f.duration().isNegative()) {
                b.duration(f.duration());
            }
        });
        if (e.error() != null) {
            b.error(e.error());
        }
        Recording next = b.build();
        if (sameContent(cur, next)) {
            return null;
        }
        return next.toBuilder().updatedAt(context.now()).build();
    }

    private static boolean sameContent(Recording a, Recording b) {
        return a.status() == b.status()
                && Objects.equals(a.startedAt(), b.startedAt())
                && Objects.equals(a.endedAt(), b.endedAt())
                && Objects.equals(a.location(), b.location())
                && Objects.equals(a.sizeBytes(), b.sizeBytes())
                && Objects.equals(a.duration(), b.duration())
                && Objects.equals(a.error(), b.error());
    }

    private static int rank(RecordingStatus s) {
        return switch (s) {
            case STARTING -> 0;
            case ACTIVE -> 1;
            case ENDING -> 2;
            default -> 3;
        };
    }

    private void publish(@Nullable Recording before, Recording after, Instant at) {
        MeetingEvent event;
        if (after.status().isFinished()) {
            event = new MeetingEvent.RecordingEnded(after, at);
        } else if (after.status() == RecordingStatus.ACTIVE
                && (before == null || before.status() == RecordingStatus.STARTING)) {
            event = new MeetingEvent.RecordingStarted(after, at);
        } else {
            event = new MeetingEvent.RecordingUpdated(after, at);
        }
        log.debug("Recording {} is {}", after.id(), after.status());
        context.events().publish(event);
    }

    /** Ends a STARTING recording locally; returns the stored recording, or the current one if it moved on. */
    private Optional<Recording> endStarting(UUID id, RecordingStatus status, String error) {
        Recording[] before = new Recording[1];
        Instant at = context.now();
        Optional<Recording> stored = change(
                id,
                cur -> {
                    before[0] = cur;
                    return cur.status() != RecordingStatus.STARTING
                            ? null
                            : cur.toBuilder()
                                    .status(status)
                                    .error(error)
                                    .endedAt(at)
                                    .updatedAt(at)
                                    .build();
                },
                at);
        if (stored.isPresent()) {
            publish(before[0], stored.get(), at);
            signal();
            return stored;
        }
        return store.findById(id);
    }

    /** Ends any unfinished recording locally. */
    private void endUnfinished(UUID id, RecordingStatus status, String error) {
        Recording[] before = new Recording[1];
        Instant at = context.now();
        Optional<Recording> stored = change(
                id,
                cur -> {
                    before[0] = cur;
                    return cur.status().isFinished()
                            ? null
                            : cur.toBuilder()
                                    .status(status)
                                    .error(error)
                                    .endedAt(at)
                                    .updatedAt(at)
                                    .build();
                },
                at);
        stored.ifPresent(after -> {
            publish(before[0], after, at);
            signal();
        });
    }

    /** Compare-and-set until it sticks; {@code change} returns null for "no change". Signals waiters on change. */
    private Optional<Recording> change(UUID id, UnaryOperator<@Nullable Recording> change, @Nullable Instant at) {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            Optional<Recording> found = store.findById(id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Recording next = change.apply(found.get());
            if (next == null) {
                return Optional.empty();
            }
            Optional<Recording> stored = store.update(next);
            if (stored.isPresent()) {
                signal();
                return stored;
            }
        }
        throw new ConflictException(
                ConflictException.STALE_VERSION,
                "recording " + id + " kept changing; gave up after " + MAX_CAS_ATTEMPTS + " attempts");
    }

    // ---------------------------------------------------------------- waiting

    private void signal() {
        changeLock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            changeLock.unlock();
        }
    }

    private long changeCount() {
        changeLock.lock();
        try {
            return changes;
        } finally {
            changeLock.unlock();
        }
    }

    /** Waits for a change after {@code seen}; returns whether one came (false on timeout). */
    private boolean awaitChange(long seen, long nanos) throws InterruptedException {
        changeLock.lock();
        try {
            long left = nanos;
            while (changes == seen) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            changeLock.unlock();
        }
    }

    /**
     * Waits until the recording satisfies {@code done}, woken by egress events, and polling {@code ListEgress} when
     * none comes for a poll interval.
     *
     * @return the recording as last seen
     * @throws NotFoundException if it was deleted meanwhile
     */
    private Recording await(UUID id, String egressId, Predicate<Recording> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = changeCount();
            applyUnmatched(id, egressId);
            Recording cur = store.findById(id)
                    .orElseThrow(() -> new NotFoundException(
                            NotFoundException.RECORDING_NOT_FOUND, "recording " + id + " was deleted meanwhile"));
            if (done.test(cur)) {
                return cur;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return cur;
            }
            if (!awaitChange(seen, Math.min(left, pollInterval.toNanos()))) {
                sync(cur);
            }
        }
    }

    private Optional<EgressSnapshot> stopQuietly(String egressId) {
        try {
            return Optional.of(liveKit.stopEgress(egressId));
        } catch (MeetingException e) {
            log.debug("StopEgress {} failed: {}", egressId, e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- meeting deletion

    /**
     * What deleting a meeting does with its recordings: stop an unfinished one (waiting, bounded, for its egress to
     * finish the file), then delete each file and its record.
     */
    private final class Cleanup implements RecordingCleanup {
        @Override
        public long count(UUID meetingId) {
            return store.countByMeeting(meetingId);
        }

        @Override
        public int deleteAll(UUID meetingId) {
            store.findUnfinished(meetingId).ifPresent(this::finish);
            int deleted = 0;
            List<Recording> page;
            RecordingFilter filter = new RecordingFilter(meetingId, null);
            KeysetPosition after = null;
            while (!(page = store.page(filter, after, 100)).isEmpty()) {
                for (Recording r : page) {
                    Recording cur = store.findById(r.id()).orElse(null);
                    if (cur == null) {
                        continue;
                    }
                    if (!cur.status().isFinished()) {
                        finish(cur);
                    }
                    deleteFileAndRecord(cur);
                    deleted++;
                }
                Recording last = page.get(page.size() - 1);
                after = new KeysetPosition(last.createdAt(), last.id());
            }
            return deleted;
        }

        private void finish(Recording r) {
            Optional<String> egressId = r.egressId();
            if (egressId.isEmpty()) {
                stopRequested.add(r.id());
                endUnfinished(r.id(), RecordingStatus.ABORTED, "the meeting was deleted");
                return;
            }
            if (r.status() == RecordingStatus.STARTING || r.status() == RecordingStatus.ACTIVE) {
                stopQuietly(egressId.get()).ifPresent(s -> apply(r.id(), s, context.now()));
            }
            try {
                await(r.id(), egressId.get(), cur -> cur.status().isFinished(), startTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (NotFoundException gone) {
                return;
            }
            endUnfinished(r.id(), RecordingStatus.ABORTED, "the meeting was deleted before the egress finished");
        }
    }

    // ---------------------------------------------------------------- helpers

    private String objectKey(UUID meetingId, UUID recordingId) {
        return keyPrefix + "/" + meetingId + "/" + recordingId + ".mp4";
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException(NotFoundException.RECORDING_NOT_FOUND, "recording not found: " + id);
    }
}
