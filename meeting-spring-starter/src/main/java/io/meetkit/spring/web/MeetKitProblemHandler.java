package io.meetkit.spring.web;

import io.meetkit.ErrorCode;
import io.meetkit.InvalidRequestException;
import io.meetkit.MeetingException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns failures of MeetKit's controllers (and only theirs) into RFC 9457 {@code application/problem+json} with a
 * stable {@code code}: not found 404, conflict 409, bad input 400 (with {@code violations}), forbidden 403,
 * LiveKit unavailable 503 with {@code Retry-After}, LiveKit misconfigured 502. It takes precedence over Spring's own
 * problem handling ({@link #ORDER}). Thread-safe.
 */
@RestControllerAdvice(basePackageClasses = MeetKitProblemHandler.class)
@Order(MeetKitProblemHandler.ORDER)
public class MeetKitProblemHandler {

    /**
     * The order of MeetKit's exception handlers: ahead of every other {@code @ControllerAdvice}, in particular the
     * {@code ProblemDetailsExceptionHandler} that {@code spring.mvc.problemdetails.enabled=true} adds (order 0), so
     * MeetKit's endpoints keep their {@code code} and {@code violations} whatever that property says. It is
     * scoped to MeetKit's controllers, so it never handles the application's.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final Logger log = LoggerFactory.getLogger(MeetKitProblemHandler.class);

    /** Created by the auto-configuration. */
    public MeetKitProblemHandler() {}

    /**
     * Maps a {@link MeetingException} by its subclass and code.
     *
     * @param e the failure
     * @param request the request, for the problem's {@code instance}
     * @return the problem
     */
    @ExceptionHandler(MeetingException.class)
    public ResponseEntity<ProblemDetail> meetingException(MeetingException e, HttpServletRequest request) {
        HttpStatus status = Problems.status(e);
        if (status.is5xxServerError()) {
            log.warn("{} {} failed: {} ({})", request.getMethod(), request.getRequestURI(), e.getMessage(), e.code());
        }
        ProblemDetail p = problem(status, e.code(), String.valueOf(e.getMessage()), request);
        p.setProperty("retryable", e.retryable());
        e.twirpCode().ifPresent(t -> p.setProperty("twirpCode", t));
        if (e instanceof InvalidRequestException invalid) {
            p.setProperty("violations", Problems.violations(invalid));
        }
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            b.header(HttpHeaders.RETRY_AFTER, Integer.toString(Problems.RETRY_AFTER_SECONDS));
        }
        return b.body(p);
    }

    /**
     * Maps a download of a recording that is still ENDING to 409 {@code recording_state}, retryable, with
     * {@code Retry-After}: the file is being finished and uploaded, so the same request succeeds shortly.
     *
     * @param e the failure
     * @param request the request
     * @return the problem
     */
    @ExceptionHandler(RecordingStillEnding.class)
    public ResponseEntity<ProblemDetail> stillEnding(RecordingStillEnding e, HttpServletRequest request) {
        ProblemDetail p = problem(
                HttpStatus.CONFLICT,
                e.conflict().code(),
                String.valueOf(e.conflict().getMessage()),
                request);
        p.setProperty("retryable", true);
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(Problems.RETRY_AFTER_SECONDS))
                .body(p);
    }

    /**
     * Maps an unreadable body (malformed JSON, wrong types) to 400 {@code malformed_body}.
     *
     * @param e the failure
     * @param request the request
     * @return the problem
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        ErrorCode.MALFORMED_BODY.code(),
                        "the request body is not the JSON this endpoint takes",
                        request));
    }

    /**
     * Maps a path or query parameter of the wrong type (for example a meeting id that is not a UUID) to 400.
     *
     * @param e the failure
     * @param request the request
     * @return the problem
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> typeMismatch(
            MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return invalid(e.getName(), "has an invalid value", request);
    }

    /**
     * Maps a missing required parameter to 400.
     *
     * @param e the failure
     * @param request the request
     * @return the problem
     */
    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ProblemDetail> missingParameter(
            MissingServletRequestParameterException e, HttpServletRequest request) {
        return invalid(e.getParameterName(), "is required", request);
    }

    /**
     * Maps a body of the wrong media type to 415.
     *
     * @param e the failure
     * @param request the request
     * @return the problem
     */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(problem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE.code(),
                        "send application/json",
                        request));
    }

    private static ResponseEntity<ProblemDetail> invalid(String field, String message, HttpServletRequest request) {
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST,
                InvalidRequestException.INVALID_REQUEST,
                "invalid request: " + field + " " + message,
                request);
        p.setProperty("retryable", false);
        p.setProperty("violations", List.of(Map.of("field", field, "message", message)));
        return ResponseEntity.badRequest().body(p);
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail, @Nullable HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(Problems.TYPE_PREFIX + code));
        p.setTitle(status.getReasonPhrase());
        if (request != null) {
            p.setInstance(URI.create(request.getRequestURI()));
        }
        p.setProperty("code", code);
        return p;
    }
}
