package io.meetkit.testkit;

/**
 * A simulated join that LiveKit would refuse, with the HTTP status and message LiveKit's join path answers a client
 * with ({@code pkg/service/rtcservice.go}, {@code pkg/service/utils.go} {@code ValidateConnectRequest}): 401 for a bad
 * token or missing {@code roomJoin} grant, 400 without identity or room, 404 for a missing room when auto-create is
 * off, 500 when the room is full ("room has exceeded its max participants"). Nothing changed in the fake.
 *
 * <p>An {@link IllegalStateException}, as the fake's joins into a full room threw before. Immutable.
 */
public final class JoinRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the exception.
     *
     * @param status  the HTTP status LiveKit answers with
     * @param message LiveKit's message
     */
    public JoinRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status LiveKit answers the join with */
    public int status() {
        return status;
    }
}
