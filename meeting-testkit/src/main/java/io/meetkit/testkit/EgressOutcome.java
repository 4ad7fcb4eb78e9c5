package io.meetkit.testkit;

/**
 * What the simulated egress of {@link FakeLiveKitServer} does after {@code StartRoomCompositeEgress} answered
 * {@code EGRESS_STARTING}; chosen with {@link FakeLiveKitServer#egressOutcome(EgressOutcome)} for egresses started
 * afterwards.
 */
public enum EgressOutcome {
    /**
     * Becomes {@code EGRESS_ACTIVE} after the activation delay ({@code egress_updated}); {@code StopEgress} then
     * makes it {@code EGRESS_ENDING}, uploads the MP4 and ends {@code EGRESS_COMPLETE} ({@code egress_ended}).
     */
    COMPLETE,
    /** Stays {@code EGRESS_STARTING} until stopped (then {@code EGRESS_ABORTED}) or moved by a test method. */
    STAY_STARTING,
    /** After the activation delay ends {@code EGRESS_FAILED} with an error, without ever being active. */
    FAIL,
    /**
     * Becomes active, then, after the activation delay again, ends {@code EGRESS_LIMIT_REACHED} with the file
     * uploaded, as when the egress hits its maximum duration.
     */
    LIMIT_REACHED
}
