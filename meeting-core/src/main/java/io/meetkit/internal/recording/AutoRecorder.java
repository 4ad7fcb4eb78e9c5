package io.meetkit.internal.recording;

import io.meetkit.ConflictException;
import io.meetkit.MeetingException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.Meeting;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenVidu Meet's {@code autoRecord} (issue 16): when a participant joins a meeting whose settings say
 * {@code autoRecord} and allow recording, and the room has at least {@code participants} visible participants, a
 * recording is started, exactly once per room session whichever instance gets the webhook. The guard is in the
 * store, not in memory: the key {@code meetkit.auto-record:<meeting>:<room sid>} of the shared
 * {@link io.meetkit.store.WebhookEventLog}, whose {@code firstSeen} is atomic across instances. A start that fails
 * forgets the key, so a later join (or LiveKit's redelivery, for a retryable failure) tries again; a meeting that
 * already records (someone started it by hand) keeps the key and is left alone.
 *
 * <p>Thread-safe.
 */
public final class AutoRecorder {

    private static final Logger log = LoggerFactory.getLogger(AutoRecorder.class);

    /** Who MeetKit names as the starter of an automatic recording. */
    public static final String STARTED_BY = "meetkit:auto-record";

    /** How long the once-per-session guard is kept: longer than any room session it guards. */
    static final Duration GUARD_TTL = Duration.ofDays(2);

    private final MeetKitContext context;
    private final RecordingController recordings;
    private final int participants;

    /**
     * Creates the auto-recorder.
     *
     * @param context the shared context
     * @param recordings the recordings component that starts the recording
     * @param participants how many visible participants the room needs before recording starts, at least 1
     * @throws IllegalArgumentException if {@code participants < 1}
     */
    public AutoRecorder(MeetKitContext context, RecordingController recordings, int participants) {
        this.context = Objects.requireNonNull(context, "context");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        if (participants < 1) {
            throw new IllegalArgumentException("participants must be at least 1: " + participants);
        }
        this.participants = participants;
    }

    /** The guard key of one room session of a meeting. */
    static String guardKey(UUID meetingId, String roomSid) {
        return "meetkit.auto-record:" + meetingId + ":" + roomSid;
    }

    /**
     * Called for every {@code participant_joined} of a meeting: starts its recording when it should.
     *
     * @param meeting the meeting as stored
     * @param roomSid the room session the webhook names, or {@code null} if it names none (then nothing happens)
     * @param now the current time
     * @return whether this call started a recording
     * @throws MeetingException if starting failed retryably (the guard is released, so LiveKit's redelivery retries)
     */
    public boolean onParticipantJoined(Meeting meeting, @Nullable String roomSid, Instant now) {
        if (!meeting.settings().autoRecord() || !meeting.settings().recordingEnabled() || roomSid == null) {
            return false;
        }
        if (participants > 1 && visibleParticipants(meeting) < participants) {
            return false;
        }
        String key = guardKey(meeting.id(), roomSid);
        if (!context.stores().webhookEvents().firstSeen(key, now, now.plus(GUARD_TTL))) {
            return false; // this room session's recording was started already, here or on another instance
        }
        try {
            recordings.start(meeting.id(), RecordingOptions.defaults(), STARTED_BY);
            log.info("Auto-record started a recording of meeting {} (room session {})", meeting.id(), roomSid);
            return true;
        } catch (ConflictException e) {
            if (ConflictException.RECORDING_IN_PROGRESS.equals(e.code())) {
                return false; // already recording: nothing to do for this session
            }
            forget(key, e);
            log.warn("Auto-record could not start a recording of meeting {}: {}", meeting.id(), e.getMessage());
            return false;
        } catch (MeetingException e) {
            forget(key, e);
            if (e.retryable()) {
                throw e;
            }
            log.warn("Auto-record could not start a recording of meeting {}: {}", meeting.id(), e.getMessage());
            return false;
        }
    }

    private int visibleParticipants(Meeting meeting) {
        int n = 0;
        for (LiveParticipant p : context.liveKit().listParticipants(meeting.roomName())) {
            if (!p.permissions().hidden()) {
                n++;
            }
        }
        return n;
    }

    private void forget(String key, RuntimeException failure) {
        try {
            context.stores().webhookEvents().forget(key);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
