package io.meetkit.meeting;

/**
 * A source of media a participant may publish, as LiveKit's {@code canPublishSources} grant names them
 * ({@code TrackSource} in livekit/protocol's {@code livekit_models.proto}).
 */
public enum MediaSource {
    /** The camera ({@code camera}). */
    CAMERA("camera"),
    /** The microphone ({@code microphone}). */
    MICROPHONE("microphone"),
    /** A shared screen's video ({@code screen_share}). */
    SCREEN_SHARE("screen_share"),
    /** A shared screen's audio ({@code screen_share_audio}). */
    SCREEN_SHARE_AUDIO("screen_share_audio");

    private final String grantName;

    MediaSource(String grantName) {
        this.grantName = grantName;
    }

    /** Returns the name LiveKit's token grant uses, for example {@code screen_share}. */
    public String grantName() {
        return grantName;
    }
}
