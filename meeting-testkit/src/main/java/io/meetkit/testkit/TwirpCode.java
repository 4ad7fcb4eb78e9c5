package io.meetkit.testkit;

import java.util.Locale;
import java.util.Objects;

/**
 * The Twirp error codes with the HTTP status a Twirp server answers them with ({@code ServerHTTPStatusFromErrorCode}
 * in twitchtv/twirp, as LiveKit's server uses it). {@link #code()} is the string that appears in the JSON error body
 * {@code {"code": ..., "msg": ...}}.
 *
 * <p>Immutable and thread-safe.
 */
public enum TwirpCode {
    /** {@code canceled}, HTTP 408. */
    CANCELED("canceled", 408),
    /** {@code unknown}, HTTP 500. */
    UNKNOWN("unknown", 500),
    /** {@code invalid_argument}, HTTP 400. */
    INVALID_ARGUMENT("invalid_argument", 400),
    /** {@code malformed}, HTTP 400: the request body could not be decoded. */
    MALFORMED("malformed", 400),
    /** {@code deadline_exceeded}, HTTP 408. */
    DEADLINE_EXCEEDED("deadline_exceeded", 408),
    /** {@code not_found}, HTTP 404. */
    NOT_FOUND("not_found", 404),
    /** {@code bad_route}, HTTP 404: no such service or method, wrong HTTP method or content type. */
    BAD_ROUTE("bad_route", 404),
    /** {@code already_exists}, HTTP 409. */
    ALREADY_EXISTS("already_exists", 409),
    /** {@code permission_denied}, HTTP 403. */
    PERMISSION_DENIED("permission_denied", 403),
    /** {@code unauthenticated}, HTTP 401; LiveKit also uses it for a token that lacks the needed grant. */
    UNAUTHENTICATED("unauthenticated", 401),
    /** {@code resource_exhausted}, HTTP 403 (Twirp's mapping, not 429). */
    RESOURCE_EXHAUSTED("resource_exhausted", 403),
    /** {@code failed_precondition}, HTTP 412. */
    FAILED_PRECONDITION("failed_precondition", 412),
    /** {@code aborted}, HTTP 409. */
    ABORTED("aborted", 409),
    /** {@code out_of_range}, HTTP 400. */
    OUT_OF_RANGE("out_of_range", 400),
    /** {@code unimplemented}, HTTP 501. */
    UNIMPLEMENTED("unimplemented", 501),
    /** {@code internal}, HTTP 500. */
    INTERNAL("internal", 500),
    /** {@code unavailable}, HTTP 503. */
    UNAVAILABLE("unavailable", 503),
    /** {@code dataloss}, HTTP 500 (Twirp spells this code without an underscore). */
    DATA_LOSS("dataloss", 500);

    private final String code;
    private final int httpStatus;

    TwirpCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /**
     * The code as it appears in a Twirp error body, e.g. {@code "not_found"}.
     *
     * @return the wire code, never empty
     */
    public String code() {
        return code;
    }

    /**
     * The HTTP status a Twirp server answers this code with.
     *
     * @return the HTTP status, e.g. 404
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Looks a code up by its wire string, case-insensitively.
     *
     * @param code the wire code, e.g. {@code "unavailable"}
     * @return the code
     * @throws IllegalArgumentException if no Twirp code has that name
     */
    public static TwirpCode of(String code) {
        Objects.requireNonNull(code, "code");
        String wanted = code.toLowerCase(Locale.ROOT);
        for (TwirpCode c : values()) {
            if (c.code.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a Twirp error code: " + code);
    }

    /**
     * The code a Twirp server would most plausibly put in the body of an error with this HTTP status. Among codes
     * sharing a status it prefers {@code invalid_argument} (400), {@code permission_denied} (403),
     * {@code not_found} (404), {@code deadline_exceeded} (408), {@code already_exists} (409) and {@code internal}
     * (500); 429 gives {@code resource_exhausted}, 502, 503 and 504 give {@code unavailable}, and any other status
     * {@link #UNKNOWN}.
     *
     * @param httpStatus an HTTP status
     * @return the code, never null
     */
    public static TwirpCode forHttpStatus(int httpStatus) {
        switch (httpStatus) {
            case 400:
                return INVALID_ARGUMENT;
            case 401:
                return UNAUTHENTICATED;
            case 403:
                return PERMISSION_DENIED;
            case 404:
                return NOT_FOUND;
            case 408:
                return DEADLINE_EXCEEDED;
            case 409:
                return ALREADY_EXISTS;
            case 412:
                return FAILED_PRECONDITION;
            case 429:
                return RESOURCE_EXHAUSTED;
            case 500:
                return INTERNAL;
            case 501:
                return UNIMPLEMENTED;
            case 502:
            case 503:
            case 504:
                return UNAVAILABLE;
            default:
                return UNKNOWN;
        }
    }
}
