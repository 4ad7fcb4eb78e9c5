package io.meetkit.recording;

/** How a room-composite recording arranges the participants' videos (LiveKit's built-in egress layouts). */
public enum RecordingLayout {
    /** Everyone in a grid. */
    GRID("grid"),
    /** The active speaker large, the others in a strip. */
    SPEAKER("speaker"),
    /** Only the active speaker. */
    SINGLE_SPEAKER("single-speaker");

    private final String liveKitName;

    RecordingLayout(String liveKitName) {
        this.liveKitName = liveKitName;
    }

    /** Returns the layout name LiveKit egress expects, for example {@code single-speaker}. */
    public String liveKitName() {
        return liveKitName;
    }
}
