package io.meetkit.testkit;

import java.util.Objects;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/**
 * A track that a participant joined through {@link FakeLiveKitServer#joinParticipant} publishes. The fake gives it a
 * {@code TR_…} sid; it shows up in {@code ParticipantInfo.tracks} and can be muted with {@code MutePublishedTrack}.
 *
 * @param type   AUDIO or VIDEO
 * @param source CAMERA, MICROPHONE, SCREEN_SHARE, …
 * @param name   the track name (may be empty)
 * @param muted  whether it starts muted
 */
public record FakeTrack(TrackType type, TrackSource source, String name, boolean muted) {

    /**
     * Validates the parts.
     *
     * @throws NullPointerException if a part is null
     */
    public FakeTrack {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
    }

    /**
     * An unmuted microphone track (AUDIO, MICROPHONE).
     *
     * @return the track
     */
    public static FakeTrack microphone() {
        return new FakeTrack(TrackType.AUDIO, TrackSource.MICROPHONE, "microphone", false);
    }

    /**
     * An unmuted camera track (VIDEO, CAMERA).
     *
     * @return the track
     */
    public static FakeTrack camera() {
        return new FakeTrack(TrackType.VIDEO, TrackSource.CAMERA, "camera", false);
    }

    /**
     * An unmuted screen-share track (VIDEO, SCREEN_SHARE).
     *
     * @return the track
     */
    public static FakeTrack screenShare() {
        return new FakeTrack(TrackType.VIDEO, TrackSource.SCREEN_SHARE, "screen", false);
    }

    /**
     * The same track, muted or not.
     *
     * @param muted whether the copy is muted
     * @return a copy with {@code muted} set
     */
    public FakeTrack withMuted(boolean muted) {
        return new FakeTrack(type, source, name, muted);
    }
}
