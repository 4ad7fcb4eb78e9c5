package io.meetkit.recording;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.ErrorCode;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.RecordingStorageException;
import io.meetkit.meeting.Page;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Records meetings to S3 through LiveKit egress: start, stop, find, list, delete, download.
 *
 * <p>Get it from {@link io.meetkit.MeetKit#recordings()}. A recording is one room-composite egress writing one MP4
 * file to {@code <prefix>/<meetingId>/<recordingId>.mp4}. Its status follows the egress
 * ({@link RecordingStatus}); LiveKit's {@code egress_*} webhooks move it, with {@code ListEgress} as the fallback,
 * and finished recordings never change again. A meeting has at most one unfinished recording: the store refuses a
 * second one atomically, so concurrent starts yield exactly one recording.
 *
 * <p>Implementations are thread-safe; {@code MeetKit} creates the one of an application. Every method
 * throws {@link NotFoundException} ({@code recording_not_found} or {@code meeting_not_found}) for unknown ids,
 * {@link ConflictException} when the state refuses the call, {@link RecordingStorageException} when the recording storage
 * fails, and the LiveKit and store exceptions of {@link MeetingException}.
 */
public interface RecordingController {

    /** How long {@link #start} waits for the egress to become active when nothing else is configured. */
    Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    /** How many visible participants a room needs before {@code autoRecord} starts recording: the first join. */
    int DEFAULT_AUTO_RECORD_PARTICIPANTS = 1;
    /** How long an unfinished recording goes without an update before the maintenance job checks it. */
    Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
    /** The lease and job name of the stale-recordings maintenance job. */
    String STALE_RECORDINGS_JOB = "meetkit.stale-recordings";
    /** The object key prefix when nothing else is configured. */
    String DEFAULT_KEY_PREFIX = "recordings";
    /** The longest lifetime of a {@link #downloadUrl} URL; longer requests are cut to it. */
    Duration MAX_DOWNLOAD_TTL = Duration.ofHours(1);
    /** The most ids a bulk delete takes. */
    int MAX_BULK = BulkOutcome.MAX_IDS;
    /** The longest {@code startedBy} accepted. */
    int MAX_STARTED_BY_LENGTH = 255;

    /** {@link PermissionDeniedException} code: the meeting's settings do not allow recording. */
    String RECORDING_DISABLED = ErrorCode.RECORDING_DISABLED.code();
    /** {@link ConflictException} code: the meeting has no live LiveKit room, or nobody is in it. */
    String MEETING_NOT_LIVE = ErrorCode.MEETING_NOT_LIVE.code();

    /**
     * Checks an object key prefix: one or more path segments of letters, digits and {@code !_.*'()-}, separated
     * by single slashes; a leading or trailing slash is removed.
     *
     * @return the prefix without surrounding slashes
     * @throws IllegalArgumentException naming the bad prefix
     */
    static String validKeyPrefix(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        String p = keyPrefix.strip().replaceAll("^/+|/+$", "");
        if (p.isEmpty() || p.length() > 200 || !p.matches("[A-Za-z0-9!_.*'()\\-]+(/[A-Za-z0-9!_.*'()\\-]+)*")) {
            throw new IllegalArgumentException("keyPrefix must be path segments of letters, digits and !_.*'()- "
                    + "separated by '/', at most 200 characters: '" + keyPrefix + "'");
        }
        return p;
    }

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
    Recording start(UUID meetingId, RecordingOptions options, String startedBy);

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
    Recording stop(UUID recordingId);

    /** Finds a recording by id. */
    Optional<Recording> get(UUID recordingId);

    /**
     * Returns a recording that must exist.
     *
     * @throws NotFoundException with code {@code recording_not_found}
     */
    Recording require(UUID recordingId);

    /**
     * Lists recordings newest first, one keyset page at a time, optionally of one meeting and in one status.
     *
     * @throws InvalidRequestException for a cursor this server did not issue
     */
    Page<Recording> list(RecordingQuery query);

    /**
     * Deletes a finished recording: first its file (a missing file is not an error), then the record. If the
     * storage fails, the record is kept so that the delete can be retried.
     *
     * @throws NotFoundException if the recording does not exist
     * @throws ConflictException ({@code recording_state}) if it is not finished
     * @throws RecordingStorageException if the file could not be deleted (the record is kept)
     */
    void delete(UUID recordingId);

    /**
     * Deletes several recordings, each on its own: one failure does not stop the others.
     *
     * @param recordingIds at most {@value #MAX_BULK} ids; duplicates are handled once
     * @return an outcome per id
     * @throws InvalidRequestException if there are no ids or too many
     */
    BulkOutcome<UUID> deleteAll(Collection<UUID> recordingIds);

    /**
     * Returns a presigned URL that downloads a COMPLETE recording with a plain HTTP GET.
     *
     * @param ttl how long the URL works; cut to {@link #MAX_DOWNLOAD_TTL}
     * @throws NotFoundException if the recording does not exist
     * @throws ConflictException ({@code recording_state}) if it is not COMPLETE
     * @throws RecordingStorageException if no storage is configured or it fails
     * @throws IllegalArgumentException if the ttl is not positive
     */
    DownloadUrl downloadUrl(UUID recordingId, Duration ttl);

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
    RecordingContent open(UUID recordingId, @Nullable ByteRange range);

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
    int syncStale(Duration olderThan);
}
