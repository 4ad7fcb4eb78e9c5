package io.meetkit.meeting;

/**
 * Where a meeting is in its life.
 *
 * <pre>
 *            create                room_started (webhook)
 *  (new) ─────────────▶ OPEN ─────────────────────────▶ ACTIVE
 *                        ▲ │ close()                      │ room_finished: endAction NONE → OPEN,
 *             reopen()   │ ▼                              │ CLOSE → CLOSED, DELETE → deleted
 *                       CLOSED ◀──────────────────────────┘
 * </pre>
 */
public enum MeetingStatus {
    /** Nobody is in the LiveKit room; tokens are issued. */
    OPEN,
    /** LiveKit reported the room started: a meeting is live. */
    ACTIVE,
    /** Closed by the application or by the end action: tokens are refused until {@code reopen()}. */
    CLOSED
}
