package io.meetkit.internal.recording;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.PageCursors;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.RoomCompositeRequest;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.Page;
import io.meetkit.recording.ByteRange;
import io.meetkit.recording.DownloadUrl;
import io.meetkit.recording.EgressS3Upload;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingContent;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingOptions;
import io.meetkit.recording.RecordingQuery;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.rules.InputRules;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.RecordingFilter;
import io.meetkit.store.RecordingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RecordingController} API: checks the calls, starts and stops egresses, reads and deletes. State
 * changes go through {@link RecordingChanges}, waiting through {@link RecordingWaiter}, {@code ListEgress} through
 * {@link EgressSync}. Built by {@link Recordings}. Thread-safe. Not API.
 */
public final class DefaultRecordingController implements RecordingController {

    private static final Logger log = LoggerFactory.getLogger(DefaultRecordingController.class);

    private final MeetKitContext context;
    private final RecordingStore store;
    private final LiveKitGateway liveKit;
    private final RecordingChanges changes;
    private final EgressEventSink events;
    private final EgressSync sync;
    private final RecordingWaiter waiter;
    private final RecordingFiles files;
    private final String keyPrefix;

    /**
     * Creates the controller.
     *
     * @param context the shared context
     * @param changes how recordings change
     * @param events whose early events are applied once the egress id is stored
     * @param sync {@code ListEgress} and {@code StopEgress}
     * @param waiter waits for the egress to become active
     * @param files the recordings' files
     * @param keyPrefix the object key prefix, already checked with {@link RecordingController#validKeyPrefix}
     */
    public DefaultRecordingController(
            MeetKitContext context,
            RecordingChanges changes,
            EgressEventSink events,
            EgressSync sync,
            RecordingWaiter waiter,
            RecordingFiles files,
            String keyPrefix) {
        this.context = Objects.requireNonNull(context, "context");
        this.store = context.stores().recordings();
        this.liveKit = context.liveKit();
        this.changes = Objects.requireNonNull(changes, "changes");
        this.events = Objects.requireNonNull(events, "events");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.files = Objects.requireNonNull(files, "files");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    // ---------------------------------------------------------------- start, stop

    @Override
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
        EgressS3Upload upload = files.storage().flatMap(s -> s.egressUpload()).orElse(null);

        UUID id = UUID.randomUUID();
        Instant now = context.now();
        Recording recording = Recording.builder()
                .id(id)
                .meetingId(meetingId)
                .status(RecordingStatus.STARTING)
                .objectKey(keyPrefix + "/" + meetingId + "/" + id + ".mp4")
                .startedBy(by)
                .createdAt(now)
                .updatedAt(now)
                .version(0)
                .build();
        store.insert(recording);
        log.debug("Recording {} of meeting {} is STARTING", id, meetingId);

        @Nullable EgressSnapshot started;
        try {
            started = liveKit.startRoomCompositeEgress(new RoomCompositeRequest(
                    meeting.roomName(),
                    options.layout(),
                    options.audioOnly(),
                    options.encoding(),
                    recording.objectKey(),
                    upload));
        } catch (LiveKitUnavailableException e) {
            // a timeout or a dropped connection: LiveKit may have created the egress, which then records the
            // meeting; the recording stays STARTING (never FAILED while its egress may run) and is bound to the
            // egress by its egress_* webhook on any instance, or by the stale-recordings job, which ends it ABORTED
            // if LiveKit runs no egress in the room
            Optional<Recording> adopted = Optional.empty();
            try {
                adopted = sync.adoptUntracked(store.findById(id).orElse(recording));
            } catch (MeetingException again) {
                e.addSuppressed(again);
            }
            if (adopted.isEmpty() || adopted.get().egressId().isEmpty()) {
                log.warn(
                        "Recording {} of meeting {} stays STARTING: StartEgress failed ({}) and LiveKit may have"
                                + " created the egress; it is settled when its webhook comes or by the stale-recordings job",
                        id,
                        meetingId,
                        e.getMessage());
                throw e;
            }
            started = null;
        } catch (RuntimeException e) {
            changes.end(id, true, RecordingStatus.FAILED, "the egress could not be started: " + e.getMessage());
            throw e;
        }
        if (started == null) {
            Recording adopted = store.findById(id)
                    .orElseThrow(() -> new NotFoundException(
                            NotFoundException.RECORDING_NOT_FOUND,
                            "recording " + id + " was deleted while it was starting"));
            return awaitStarted(id, adopted.egressId().orElseThrow());
        }
        String egressId = started.egressId();
        if (changes.bindEgress(id, egressId).isEmpty() && store.findById(id).isEmpty()) {
            sync.stopQuietly(egressId);
            throw new NotFoundException(
                    NotFoundException.RECORDING_NOT_FOUND,
                    "recording " + id + " was deleted while it was starting; its egress was stopped");
        }
        changes.apply(id, started, context.now());
        events.applyUnmatched(id, egressId);
        // a stop asked for on any instance while this start waited for LiveKit is stored on the recording
        store.findById(id).ifPresent(sync::stopIfRequested);
        return awaitStarted(id, egressId);
    }

    private Recording awaitStarted(UUID id, String egressId) {
        Duration timeout = waiter.timeout();
        Recording r;
        try {
            r = waiter.await(id, egressId, cur -> cur.status() != RecordingStatus.STARTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            changes.end(id, true, RecordingStatus.FAILED, "interrupted while waiting for the egress to become active");
            sync.stopQuietly(egressId);
            throw new LiveKitUnavailableException(
                    "interrupted while recording " + id + " was starting; it is " + "FAILED and its egress was stopped",
                    null,
                    e);
        }
        if (r.status() == RecordingStatus.STARTING) {
            Optional<Recording> ended =
                    changes.end(id, true, RecordingStatus.FAILED, "the egress did not become active within " + timeout);
            if (ended.isPresent() && ended.get().status() == RecordingStatus.FAILED) {
                sync.stopQuietly(egressId);
                throw new LiveKitUnavailableException(
                        "recording " + id + " did not become active within " + timeout
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

    @Override
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
                    sync.sync(r);
                    Recording now = require(recordingId);
                    throw new ConflictException(
                            ConflictException.RECORDING_STATE,
                            "recording " + recordingId + " could not be stopped (it is " + now.status() + "): "
                                    + e.getMessage());
                }
                return changes.apply(recordingId, s, context.now()).orElseGet(() -> require(recordingId));
            }
            case STARTING -> {
                // stored first, so that whoever binds the egress on any instance stops it; if the egress is bound
                // already (read back after the compare-and-set), it is stopped here
                changes.requestStop(recordingId).ifPresent(sync::stopIfRequested);
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

    @Override
    public Optional<Recording> get(UUID recordingId) {
        return store.findById(Objects.requireNonNull(recordingId, "recordingId"));
    }

    @Override
    public Recording require(UUID recordingId) {
        return get(recordingId)
                .orElseThrow(() -> new NotFoundException(
                        NotFoundException.RECORDING_NOT_FOUND, "recording not found: " + recordingId));
    }

    @Override
    public Page<Recording> list(RecordingQuery query) {
        Objects.requireNonNull(query, "query");
        KeysetPosition after = query.cursor() == null
                ? null
                : context.cursors().decode(PageCursors.RECORDINGS, query.cursor(), "cursor");
        List<Recording> rows =
                store.page(new RecordingFilter(query.meetingId(), query.status()), after, query.limit() + 1);
        return context.cursors()
                .page(PageCursors.RECORDINGS, rows, query.limit(), r -> new KeysetPosition(r.createdAt(), r.id()));
    }

    // ---------------------------------------------------------------- delete

    @Override
    public void delete(UUID recordingId) {
        Recording r = require(recordingId);
        if (!r.status().isFinished()) {
            throw new ConflictException(
                    ConflictException.RECORDING_STATE,
                    "recording " + recordingId + " is " + r.status()
                            + ": only finished recordings can be deleted; stop it and wait until it ends");
        }
        files.deleteFileAndRecord(r);
    }

    @Override
    public BulkOutcome<UUID> deleteAll(Collection<UUID> recordingIds) {
        return BulkOutcome.forEach("recordingIds", recordingIds, id -> {
            delete(id);
            return id;
        });
    }

    // ---------------------------------------------------------------- download

    @Override
    public DownloadUrl downloadUrl(UUID recordingId, Duration ttl) {
        InputRules.positive(ttl, "ttl");
        Recording r = requireComplete(recordingId);
        Duration effective = ttl.compareTo(MAX_DOWNLOAD_TTL) > 0 ? MAX_DOWNLOAD_TTL : ttl;
        return files.requireStorage().presignedGet(r.objectKey(), effective);
    }

    @Override
    public RecordingContent open(UUID recordingId, @Nullable ByteRange range) {
        Recording r = requireComplete(recordingId);
        return files.requireStorage().open(r.objectKey(), range);
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

    // ---------------------------------------------------------------- maintenance

    @Override
    public int syncStale(Duration olderThan) {
        return sync.syncStale(Recordings.notNegative(olderThan));
    }

    @Override
    public String toString() {
        return "RecordingController{storage=" + files.storage().orElse(null) + ", keyPrefix=" + keyPrefix
                + ", startTimeout=" + waiter.timeout() + '}';
    }
}
