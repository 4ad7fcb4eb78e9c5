package io.meetkit.spring.web;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitMisconfiguredException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.WebhookRejectedException;
import io.meetkit.participant.TokenRejectedException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** How MeetKit's failures become RFC 9457 problems: status, type and stable code. */
final class Problems {

    /** The {@code type} URI prefix of MeetKit's problems; the stable code follows. */
    static final String TYPE_PREFIX = "urn:meetkit:problem:";

    /** Seconds a client should wait before retrying after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;

    private Problems() {}

    static HttpStatus status(MeetingException e) {
        if (e instanceof WebhookRejectedException w) {
            if (w.reason().authentication()) {
                return HttpStatus.UNAUTHORIZED;
            }
            return w.reason() == WebhookRejectedException.Reason.BODY_TOO_LARGE
                    ? HttpStatus.valueOf(413)
                    : HttpStatus.BAD_REQUEST; // 413 is renamed in Spring 7
        }
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof InvalidRequestException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof PermissionDeniedException || e instanceof TokenRejectedException) {
            return HttpStatus.FORBIDDEN;
        }
        if (e instanceof LiveKitMisconfiguredException) {
            return HttpStatus.BAD_GATEWAY;
        }
        // LiveKitUnavailableException (always retryable), RecordingStorageException, StoreException and any other
        // failure: 503 if retrying can help, else 500
        return e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /** Writes a problem without a JSON library (used by the security filter chain, before MVC). */
    static void write(
            HttpServletResponse response, HttpStatus status, String code, String detail, @Nullable String instance)
            throws IOException {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "type", TYPE_PREFIX + code).append(',');
        field(json, "title", status.getReasonPhrase()).append(',');
        json.append("\"status\":").append(status.value()).append(',');
        field(json, "detail", detail).append(',');
        if (instance != null) {
            field(json, "instance", instance).append(',');
        }
        field(json, "code", code).append('}');
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    static List<Map<String, String>> violations(InvalidRequestException e) {
        return e.violations().stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList();
    }
}
