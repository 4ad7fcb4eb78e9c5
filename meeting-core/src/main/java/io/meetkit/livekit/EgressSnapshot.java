package io.meetkit.livekit;

import io.meetkit.recording.RecordingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A LiveKit egress as MeetKit sees it, from a webhook or from {@code ListEgress}.
 *
 * @param egressId LiveKit's egress id ({@code EG_…})
 * @param roomName the recorded room
 * @param status the egress status mapped to MeetKit's (one to one; an unknown status is FAILED)
 * @param startedAt when it started recording, if it did
 * @param endedAt when it ended, if it did
 * @param updatedAt when LiveKit last changed it, if known
 * @param error LiveKit's error text, if any
 * @param files the files it wrote (usually one)
 */
public record EgressSnapshot(
        String egressId,
        String roomName,
        RecordingStatus status,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable Instant updatedAt,
        @Nullable String error,
        List<File> files) {

    /**
     * One file an egress wrote.
     *
     * @param filename the file path as LiveKit reports it
     * @param location where it was uploaded, if LiveKit says
     * @param sizeBytes its size
     * @param duration its media duration
     */
    public record File(String filename, @Nullable String location, long sizeBytes, Duration duration) {
        /** Validates the components. */
        public File {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Validates and copies the components. */
    public EgressSnapshot {
        Objects.requireNonNull(egressId, "egressId");
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(status, "status");
        files = List.copyOf(files);
    }

    /** The first file, if the egress reported one. */
    public Optional<File> file() {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(0));
    }
}
