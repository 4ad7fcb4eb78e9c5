package io.meetkit.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that goes wrong with one request to a {@link FakeLiveKitServer}, armed with
 * {@link FakeLiveKitServer#failNext(int, Fault)}. Faults act before routing and authentication, the way a proxy or
 * an overloaded server in front of LiveKit would.
 *
 * <ul>
 *   <li>{@link #twirp(TwirpCode, String)}: a Twirp error {@code {"code","msg"}} with the code's HTTP status;</li>
 *   <li>{@link #http(int)}: the given HTTP status with a Twirp body whose code fits the status
 *       ({@link TwirpCode#forHttpStatus(int)}), e.g. 503 → {@code unavailable};</li>
 *   <li>{@link #raw(int, String, String)}: any status, content type and body, e.g. a gateway's HTML 502;</li>
 *   <li>{@link #delay(Duration)}: waits, then handles the request normally (its effect happens, late), so a
 *       client with a shorter read timeout fails with a timeout;</li>
 *   <li>{@link #dropConnection()}: closes the TCP connection without any HTTP response, so the client sees an
 *       I/O error ("unexpected end of stream"); the request has no effect.</li>
 * </ul>
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface Fault {

    /**
     * Answers with a Twirp error.
     *
     * @param code the Twirp code; its {@link TwirpCode#httpStatus()} is the HTTP status
     * @param msg  the {@code msg} of the body
     * @return the fault
     * @throws NullPointerException if an argument is null
     */
    static Fault twirp(TwirpCode code, String msg) {
        return new TwirpError(code, msg);
    }

    /**
     * Answers with a Twirp error given by its wire code.
     *
     * @param code the wire code, e.g. {@code "unavailable"}
     * @param msg  the {@code msg} of the body
     * @return the fault
     * @throws IllegalArgumentException if {@code code} is not a Twirp code
     */
    static Fault twirp(String code, String msg) {
        return new TwirpError(TwirpCode.of(code), msg);
    }

    /**
     * Answers with an HTTP status and a Twirp body whose code fits it (e.g. 503 → {@code unavailable}).
     *
     * @param status an HTTP status from 400 to 599
     * @return the fault
     * @throws IllegalArgumentException if {@code status} is outside 400..599
     */
    static Fault http(int status) {
        return new HttpStatus(status);
    }

    /**
     * Answers with exactly this status, content type and body, as something that is not Twirp would.
     *
     * @param status      an HTTP status from 200 to 599
     * @param contentType the {@code Content-Type} header
     * @param body        the body, sent as UTF-8
     * @return the fault
     * @throws IllegalArgumentException if {@code status} is outside 200..599
     */
    static Fault raw(int status, String contentType, String body) {
        return new Raw(status, contentType, body);
    }

    /**
     * Waits this long, then handles the request normally.
     *
     * @param delay how long to wait, positive
     * @return the fault
     * @throws IllegalArgumentException if {@code delay} is zero or negative
     */
    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /**
     * Closes the connection without sending any HTTP response; the request is not handled.
     *
     * @return the fault
     */
    static Fault dropConnection() {
        return DropConnection.INSTANCE;
    }

    /**
     * A Twirp error answer.
     *
     * @param code the Twirp code
     * @param msg  the message
     */
    record TwirpError(TwirpCode code, String msg) implements Fault {
        /**
         * Validates the parts.
         *
         * @throws NullPointerException if a part is null
         */
        public TwirpError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(msg, "msg");
        }
    }

    /**
     * An HTTP status with a fitting Twirp body.
     *
     * @param status the HTTP status
     */
    record HttpStatus(int status) implements Fault {
        /**
         * Validates the status.
         *
         * @throws IllegalArgumentException if the status is outside 400..599
         */
        public HttpStatus {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be an HTTP error status (400..599): " + status);
            }
        }
    }

    /**
     * A raw non-Twirp answer.
     *
     * @param status      the HTTP status
     * @param contentType the content type
     * @param body        the body text
     */
    record Raw(int status, String contentType, String body) implements Fault {
        /**
         * Validates the parts.
         *
         * @throws IllegalArgumentException if the status is outside 200..599
         */
        public Raw {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status must be 200..599: " + status);
            }
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A delay before normal handling.
     *
     * @param delay the delay
     */
    record Delay(Duration delay) implements Fault {
        /**
         * Validates the delay.
         *
         * @throws IllegalArgumentException if the delay is not positive
         */
        public Delay {
            Objects.requireNonNull(delay, "delay");
            if (delay.isZero() || delay.isNegative()) {
                throw new IllegalArgumentException("delay must be positive: " + delay);
            }
        }
    }

    /** A connection closed without an answer. */
    enum DropConnection implements Fault {
        /** The only instance. */
        INSTANCE
    }
}
