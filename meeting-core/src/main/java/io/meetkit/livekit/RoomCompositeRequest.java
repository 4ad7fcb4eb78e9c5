package io.meetkit.livekit;

import io.meetkit.recording.EgressS3Upload;
import io.meetkit.recording.RecordingEncoding;
import io.meetkit.recording.RecordingLayout;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A room-composite egress to one MP4 file: what {@link LiveKitGateway#startRoomCompositeEgress} sends as
 * {@code StartRoomCompositeEgress} with an {@code EncodedFileOutput}.
 *
 * @param roomName the room to record
 * @param layout the layout
 * @param audioOnly whether only audio is recorded
 * @param encoding the encoding preset
 * @param filepath the object key of the file, for example {@code recordings/<meetingId>/<recordingId>.mp4}
 * @param upload the S3 settings for the egress, or {@code null} for the egress's own storage configuration
 */
public record RoomCompositeRequest(
        String roomName,
        RecordingLayout layout,
        boolean audioOnly,
        RecordingEncoding encoding,
        String filepath,
        @Nullable EgressS3Upload upload) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the room name or file path is blank
     */
    public RoomCompositeRequest {
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(filepath, "filepath");
        if (roomName.isBlank()) {
            throw new IllegalArgumentException("roomName must not be blank");
        }
        if (filepath.isBlank()) {
            throw new IllegalArgumentException("filepath must not be blank");
        }
    }
}
