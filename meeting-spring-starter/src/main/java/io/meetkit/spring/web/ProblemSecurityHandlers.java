package io.meetkit.spring.web;

import io.meetkit.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 of MeetKit's chain as problem+json, with codes {@code unauthenticated} and {@code forbidden}. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final boolean basicChallenge;

    ProblemSecurityHandlers(boolean basicChallenge) {
        this.basicChallenge = basicChallenge;
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        if (basicChallenge) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"MeetKit\"");
        }
        Problems.write(
                response,
                HttpStatus.UNAUTHORIZED,
                ErrorCode.UNAUTHENTICATED.code(),
                "authentication is required",
                request.getRequestURI());
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        Problems.write(
                response,
                HttpStatus.FORBIDDEN,
                ErrorCode.FORBIDDEN.code(),
                "this operation needs another role",
                request.getRequestURI());
    }
}
