package io.meetkit.livekit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitMisconfiguredException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed Twirp response from LiveKit into MeetKit's exceptions, as the architecture's mapping says. Not API.
 */
public final class TwirpErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private TwirpErrors() {}

    /**
     * Maps a non-2xx answer.
     *
     * @param rpc the RPC name, for example {@code CreateRoom}
     * @param httpStatus the HTTP status
     * @param body the response body (Twirp JSON {@code {code,msg}}, or plain text for LiveKit's auth middleware)
     */
    public static MeetingException fromResponse(String rpc, int httpStatus, @Nullable String body) {
        String code = null;
        String msg = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    code = textOrNull(node.get("code"));
                    msg = textOrNull(node.get("msg"));
                }
            } catch (IOException notJson) {
                msg = body.strip();
            }
        }
        if (code == null) {
            code = codeForStatus(httpStatus);
        }
        String message = "LiveKit " + rpc + " failed: HTTP " + httpStatus + " " + code
                + (msg == null || msg.isEmpty() ? "" : ": " + truncate(msg));
        return fromCode(code, message);
    }

    /**
     * Maps a Twirp error code to MeetKit's exception.
     *
     * @param code the Twirp code, for example {@code not_found}
     * @param message the message to carry
     */
    public static MeetingException fromCode(String code, String message) {
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "not_found" -> new NotFoundException(NotFoundException.LIVEKIT_NOT_FOUND, message, code);
            case "unauthenticated", "permission_denied", "bad_route", "unimplemented" ->
                new LiveKitMisconfiguredException(message, code);
            case "invalid_argument", "malformed", "out_of_range" ->
                new InvalidRequestException(List.of(new InvalidRequestException.Violation("livekit", message)), code);
            case "already_exists", "aborted", "failed_precondition" ->
                new ConflictException(ConflictException.LIVEKIT_CONFLICT, message, code);
            default -> new LiveKitUnavailableException(message, code, null);
        };
    }

    /** Twirp's code for an HTTP status when the body carries none (LiveKit's auth middleware answers in text). */
    static String codeForStatus(int status) {
        return switch (status) {
            case 400 -> "invalid_argument";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 408 -> "deadline_exceeded";
            case 409 -> "already_exists";
            case 412 -> "failed_precondition";
            case 501 -> "unimplemented";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "unknown";
        };
    }

    /** Wraps an I/O error or timeout of a LiveKit call: always retryable. */
    public static LiveKitUnavailableException fromIo(String rpc, Throwable cause) {
        String kind = cause instanceof java.io.InterruptedIOException ? "timed out" : "failed";
        return new LiveKitUnavailableException(
                "LiveKit " + rpc + " " + kind + ": " + cause.getClass().getSimpleName(), null, cause);
    }

    private static @Nullable String textOrNull(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
