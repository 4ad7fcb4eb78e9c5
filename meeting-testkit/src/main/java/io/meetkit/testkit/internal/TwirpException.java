package io.meetkit.testkit.internal;

import io.meetkit.testkit.TwirpCode;
import java.util.Map;
import java.util.Objects;

/**
 * A Twirp error to answer with: {@code {"code","msg","meta"}} and the code's HTTP status. Thrown by the fake's RPC
 * handlers and turned into a response by {@link TwirpHttpHandler}.
 */
public final class TwirpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TwirpCode code;
    private final transient Map<String, String> meta;

    /**
     * Creates the error.
     *
     * @param code the Twirp code
     * @param msg  the message
     */
    public TwirpException(TwirpCode code, String msg) {
        this(code, msg, Map.of());
    }

    /**
     * Creates the error with metadata.
     *
     * @param code the Twirp code
     * @param msg  the message
     * @param meta the {@code meta} object of the body
     */
    public TwirpException(TwirpCode code, String msg, Map<String, String> meta) {
        super(msg, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.meta = Map.copyOf(meta);
    }

    /** @return the Twirp code */
    public TwirpCode code() {
        return code;
    }

    /** @return the meta entries, possibly empty */
    public Map<String, String> meta() {
        return meta;
    }

    /** @return {@code not_found: requested room does not exist} */
    public static TwirpException roomNotFound() {
        return new TwirpException(TwirpCode.NOT_FOUND, "requested room does not exist");
    }

    /** @return {@code not_found: participant does not exist} */
    public static TwirpException participantNotFound() {
        return new TwirpException(TwirpCode.NOT_FOUND, "participant does not exist");
    }

    /** @return {@code not_found: egress does not exist} */
    public static TwirpException egressNotFound() {
        return new TwirpException(TwirpCode.NOT_FOUND, "egress does not exist");
    }

    /**
     * What a LiveKit client gets when a request routed to a room's or participant's node finds no node: psrpc's
     * {@code ErrNoResponse} ({@code livekit/psrpc} {@code errors.go}), after LiveKit's RPC timeout.
     *
     * @return {@code unavailable: no response from servers}
     */
    public static TwirpException noResponse() {
        return new TwirpException(TwirpCode.UNAVAILABLE, "no response from servers");
    }

    /** @return {@code unauthenticated: permissions denied}, LiveKit's answer to a missing grant */
    public static TwirpException permissionsDenied() {
        return new TwirpException(TwirpCode.UNAUTHENTICATED, "permissions denied");
    }
}
