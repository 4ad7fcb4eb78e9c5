package io.meetkit;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog of every stable error code: each {@link MeetingException#code()} MeetKit can throw, and the few codes
 * the Spring starter's REST API answers without a {@code MeetingException} (marked {@link #restOnly()}). The codes
 * are API: they never change meaning, and a new one is added here first ({@link MeetingException}'s constructor
 * refuses a code this catalog does not list). docs/architecture.md's "Error codes" table lists the same codes and
 * meanings; a test keeps the two equal.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErrorCode {
    // invalid input
    /** The request broke an input rule; the exception's violations name each field. */
    INVALID_REQUEST("invalid_request", "the request broke an input rule; the violations name each field"),

    // not found
    /** The meeting id or room name is unknown. */
    MEETING_NOT_FOUND("meeting_not_found", "the meeting id or room name is unknown"),
    /** The recording id is unknown. */
    RECORDING_NOT_FOUND("recording_not_found", "the recording id is unknown"),
    /** The participant is not in the meeting's LiveKit room. */
    PARTICIPANT_NOT_FOUND("participant_not_found", "the participant is not in the meeting's LiveKit room"),
    /** LiveKit answered {@code not_found} (or a track the participant does not publish). */
    LIVEKIT_NOT_FOUND("livekit_not_found", "LiveKit answered not_found"),

    // conflicts
    /** An update carried a version that is no longer the stored one: someone else changed the thing first. */
    STALE_VERSION("stale_version", "the version sent is no longer the stored one: read again and retry"),
    /** The meeting is CLOSED: no tokens, no recordings. */
    MEETING_CLOSED("meeting_closed", "the meeting is CLOSED: no tokens, no recordings"),
    /** The meeting has a live LiveKit room and the deletion policy says fail. */
    MEETING_HAS_ACTIVE_MEETING(
            "meeting_has_active_meeting", "the meeting has a live LiveKit room and the deletion policy says fail"),
    /** The meeting has recordings and the deletion policy says fail. */
    MEETING_HAS_RECORDINGS("meeting_has_recordings", "the meeting has recordings and the deletion policy says fail"),
    /** A second unfinished recording of the same meeting was refused. */
    RECORDING_IN_PROGRESS("recording_in_progress", "the meeting already has an unfinished recording"),
    /** The recording is not in a state that allows the call. */
    RECORDING_STATE("recording_state", "the recording is not in a state that allows the call"),
    /** An insert collided with an existing id or unique name. */
    ALREADY_EXISTS("already_exists", "an insert collided with an existing id or unique name"),
    /** No free display name could be reserved. */
    NAME_UNAVAILABLE("name_unavailable", "no free display name could be reserved"),
    /** LiveKit answered {@code already_exists}, {@code aborted} or {@code failed_precondition}. */
    LIVEKIT_CONFLICT("livekit_conflict", "LiveKit answered already_exists, aborted or failed_precondition"),

    /** The meeting has no live LiveKit room, or nobody is in it (a recording needs both). */
    MEETING_NOT_LIVE("meeting_not_live", "the meeting has no live LiveKit room, or nobody is in it"),
    /** The participant's recorded role is no longer in the role policy. */
    ROLE_UNKNOWN("role_unknown", "the participant's recorded role is no longer in the role policy"),

    // permission
    /** The participant's role does not allow the call (for example recording as a SPEAKER). */
    PERMISSION_DENIED("permission_denied", "the participant's role does not allow the call"),
    /** The participant identity was kicked from the meeting and may not rejoin until its last token expired. */
    PARTICIPANT_BANNED(
            "participant_banned", "the participant was kicked and may not rejoin until its last token has expired"),
    /** The meeting's settings do not allow recording. */
    RECORDING_DISABLED("recording_disabled", "the meeting's settings do not allow recording"),

    // participant tokens: TokenRejectedException.Reason
    /** No participant token was given (null, empty or blank). */
    TOKEN_MISSING_TOKEN("token_missing_token", "no participant token was given"),
    /** The participant token is not a compact JWS, or a claim has the wrong type. */
    TOKEN_MALFORMED(
            "token_malformed",
            "the participant token is not a compact JWS, a claim has the wrong type, or a date is out of range"),
    /** The participant token's {@code alg} is not HS256. */
    TOKEN_ALG_NOT_ALLOWED("token_alg_not_allowed", "the participant token's alg is not HS256"),
    /** The participant token's signature does not match. */
    TOKEN_BAD_SIGNATURE("token_bad_signature", "the participant token's signature does not match"),
    /** The participant token has no {@code exp}. */
    TOKEN_MISSING_EXP("token_missing_exp", "the participant token has no exp"),
    /** The participant token expired longer ago than the clock skew. */
    TOKEN_EXPIRED("token_expired", "the participant token expired longer ago than the clock skew"),
    /** The participant token's {@code nbf} or {@code iat} lies further ahead than the clock skew. */
    TOKEN_NOT_YET_VALID("token_not_yet_valid", "the participant token's nbf or iat lies beyond the clock skew"),
    /** The participant token has no {@code iss}. */
    TOKEN_MISSING_ISS("token_missing_iss", "the participant token has no iss"),
    /** The participant token's {@code iss} is not this MeetKit's API key. */
    TOKEN_WRONG_ISSUER("token_wrong_issuer", "the participant token's iss is not MeetKit's API key"),

    // LiveKit webhooks: WebhookRejectedException.Reason
    /** The webhook's {@code Authorization} header is missing or blank. */
    WEBHOOK_MISSING_AUTH("webhook_missing_auth", "the webhook's Authorization header is missing or blank"),
    /** The webhook's {@code Authorization} header is not a compact JWS. */
    WEBHOOK_MALFORMED("webhook_malformed", "the webhook's Authorization header is not a compact JWS"),
    /** The webhook token's algorithm is not HS256. */
    WEBHOOK_ALG_NOT_ALLOWED("webhook_alg_not_allowed", "the webhook token's alg is not HS256"),
    /** The webhook token's signature does not verify with the API secret. */
    WEBHOOK_BAD_SIGNATURE("webhook_bad_signature", "the webhook token's signature does not verify"),
    /** The webhook token has no {@code exp}. */
    WEBHOOK_MISSING_EXP("webhook_missing_exp", "the webhook token has no exp"),
    /** The webhook token expired longer ago than the clock skew. */
    WEBHOOK_EXPIRED("webhook_expired", "the webhook token expired longer ago than the clock skew"),
    /** The webhook token's {@code nbf} or {@code iat} lies further ahead than the clock skew. */
    WEBHOOK_NOT_YET_VALID("webhook_not_yet_valid", "the webhook token's nbf or iat lies beyond the clock skew"),
    /** The webhook token has no {@code iss}. */
    WEBHOOK_MISSING_ISS("webhook_missing_iss", "the webhook token has no iss"),
    /** The webhook token's {@code iss} is not MeetKit's API key. */
    WEBHOOK_UNKNOWN_API_KEY("webhook_unknown_api_key", "the webhook token's iss is not MeetKit's API key"),
    /** The webhook token's {@code sha256} is missing or does not match the raw body. */
    WEBHOOK_BODY_HASH_MISMATCH("webhook_body_hash_mismatch", "the webhook token's sha256 does not match the body"),
    /** The webhook body is larger than the limit; it was not read beyond it. */
    WEBHOOK_BODY_TOO_LARGE("webhook_body_too_large", "the webhook body is larger than the limit"),
    /** The webhook body is authentic but not a LiveKit {@code WebhookEvent}. */
    WEBHOOK_MALFORMED_BODY("webhook_malformed_body", "the webhook body is authentic but not a WebhookEvent"),

    // outside failures
    /** LiveKit could not be reached, timed out or answered unavailable; retryable. */
    LIVEKIT_UNAVAILABLE("livekit_unavailable", "LiveKit could not be reached, timed out or was unavailable"),
    /** LiveKit refused MeetKit's credentials or grants (bad key, secret or URL); not retryable. */
    LIVEKIT_MISCONFIGURED("livekit_misconfigured", "LiveKit refused MeetKit's key, secret or grants"),
    /** The recording storage (S3) failed. */
    STORAGE_FAILURE("storage_failure", "the recording storage (S3) failed"),
    /** The store (the database) failed. */
    STORE_FAILURE("store_failure", "the store (the database) failed"),

    // the Spring starter's REST API only
    /** REST API: the request is not authenticated. */
    UNAUTHENTICATED("unauthenticated", "REST API: the request is not authenticated", true),
    /** REST API: the user's role does not allow the operation. */
    FORBIDDEN("forbidden", "REST API: the user's role does not allow the operation", true),
    /** REST API: the body is not the JSON the endpoint takes. */
    MALFORMED_BODY("malformed_body", "REST API: the body is not the JSON the endpoint takes", true),
    /** REST API: the body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", "REST API: the body is not application/json", true),
    /** REST API: the requested byte range lies outside the recording's file. */
    RANGE_NOT_SATISFIABLE("range_not_satisfiable", "REST API: the byte range lies outside the file", true);

    private static final Map<String, ErrorCode> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final String code;
    private final String meaning;
    private final boolean restOnly;

    ErrorCode(String code, String meaning) {
        this(code, meaning, false);
    }

    ErrorCode(String code, String meaning, boolean restOnly) {
        this.code = code;
        this.meaning = meaning;
        this.restOnly = restOnly;
    }

    /**
     * Returns the stable code, lower snake case, as {@link MeetingException#code()} and problem responses carry it.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns what the code means, in one line.
     *
     * @return the meaning
     */
    public String meaning() {
        return meaning;
    }

    /**
     * Returns whether only the Spring starter's REST API answers with this code (no {@link MeetingException}
     * carries it).
     *
     * @return {@code true} for the REST API's own codes
     */
    public boolean restOnly() {
        return restOnly;
    }

    /**
     * Finds the catalog entry of a code.
     *
     * @param code a stable code such as {@code meeting_not_found}
     * @return the entry, or empty if the catalog has no such code
     */
    public static Optional<ErrorCode> of(String code) {
        return Optional.ofNullable(BY_CODE.get(Objects.requireNonNull(code, "code")));
    }

    /**
     * Returns the catalog entry of a code that a {@link MeetingException} may carry.
     *
     * @param code a stable code
     * @return the entry
     * @throws IllegalArgumentException if the catalog has no such code, or only the REST API uses it
     */
    static ErrorCode thrown(String code) {
        ErrorCode e = of(code).orElseThrow(() -> new IllegalArgumentException(
                "'" + code + "' is not in io.meetkit.ErrorCode: add it to the catalog first"));
        if (e.restOnly) {
            throw new IllegalArgumentException("'" + code + "' is a REST API code, not a MeetingException's");
        }
        return e;
    }
}
