package io.meetkit.examples.boot.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as {@code application/problem+json} with a {@code code}, for the application's chain and for the bearer
 * tokens of MeetKit's {@code /api/**} chain: {@code invalid_token} for a bearer token that fails verification (with
 * RFC 6750's {@code WWW-Authenticate: Bearer error="invalid_token"}), {@code unauthenticated} when none was sent,
 * {@code forbidden} when the user lacks the role. Spring Security's default bearer entry point answers with an empty
 * body. The detail never repeats the token. Stateless and thread-safe.
 */
final class ProblemAuthHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof InvalidBearerTokenException
                || e instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            write(response, HttpStatus.UNAUTHORIZED, "invalid_token", "the bearer token is invalid or expired");
        } else {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "authentication is required");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, "forbidden", "this operation needs another role");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        // code and detail are constants above: nothing to escape
        String json = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
