package io.meetkit.store;

import io.meetkit.recording.RecordingStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The filters of a recording page.
 *
 * @param meetingId only this meeting's recordings, or {@code null}
 * @param status only this status, or {@code null}
 */
public record RecordingFilter(
        @Nullable UUID meetingId, @Nullable RecordingStatus status) {

    /** No filter. */
    public static final RecordingFilter ALL = new RecordingFilter(null, null);
}
