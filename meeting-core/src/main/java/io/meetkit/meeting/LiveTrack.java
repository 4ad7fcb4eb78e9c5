package io.meetkit.meeting;

import java.util.Objects;

/**
 * A track a participant publishes in the live LiveKit room.
 *
 * @param sid LiveKit's track id ({@code TR_…})
 * @param name the track name
 * @param kind {@code audio}, {@code video} or {@code data}
 * @param source {@code camera}, {@code microphone}, {@code screen_share}, {@code screen_share_audio} or {@code unknown}
 * @param muted whether it is muted
 */
public record LiveTrack(String sid, String name, String kind, String source, boolean muted) {
    /** Validates the components. */
    public LiveTrack {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
    }
}
