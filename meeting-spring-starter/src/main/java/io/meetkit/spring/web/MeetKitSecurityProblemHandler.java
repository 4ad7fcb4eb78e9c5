package io.meetkit.spring.web;

import io.meetkit.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps an access decision taken inside one of MeetKit's controllers (for example by a
 * {@link ParticipantRoleResolver}) to a 403 problem with code {@code forbidden}. Separate from
 * {@link MeetKitProblemHandler} because it needs Spring Security. Thread-safe.
 */
@RestControllerAdvice(basePackageClasses = MeetKitProblemHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MeetKitSecurityProblemHandler {

    /** Created by the auto-configuration. */
    public MeetKitSecurityProblemHandler() {}

    /**
     * Maps the refusal.
     *
     * @param e the refusal
     * @param request the request
     * @return the problem
     */
    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(MeetKitProblemHandler.problem(
                        HttpStatus.FORBIDDEN,
                        ErrorCode.FORBIDDEN.code(),
                        "this operation needs another role",
                        request));
    }
}
