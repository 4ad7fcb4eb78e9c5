package io.meetkit.recording;

/**
 * Where a recording is in its life, mapped one to one from LiveKit's {@code EgressStatus} (an unknown status is
 * {@link #FAILED}). Finished states never change again.
 */
public enum RecordingStatus {
    /** The egress was requested and is starting. */
    STARTING,
    /** The egress is recording. */
    ACTIVE,
    /** Stop was requested; the file is being finished. */
    ENDING,
    /** The file is stored. */
    COMPLETE,
    /** The egress failed. */
    FAILED,
    /** The egress was aborted (for example it never became active). */
    ABORTED,
    /** The egress hit a limit (duration or size) and stopped. */
    LIMIT_REACHED;

    /** Returns {@code true} for COMPLETE, FAILED, ABORTED and LIMIT_REACHED: states that never change again. */
    public boolean isFinished() {
        return this == COMPLETE || this == FAILED || this == ABORTED || this == LIMIT_REACHED;
    }
}
