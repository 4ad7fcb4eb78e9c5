package io.meetkit.examples.boot.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /auth}: login, refresh, logout, registration and the current user. Thread-safe. */
@RestController
@RequestMapping(path = "/auth", produces = "application/json")
@Tag(name = "auth", description = "Users, access tokens (15 minutes) and rotating refresh tokens (7 days)")
class AuthController {

    /** Username and password. */
    record LoginRequest(@Nullable String username, @Nullable String password) {}

    /** A refresh token, for refresh and logout. */
    record RefreshRequest(@Nullable String refreshToken) {}

    /** A new user; {@code role} is USER unless an admin asks for ADMIN. */
    record RegisterRequest(
            @Nullable String username,
            @Nullable String password,
            @Nullable Role role) {}

    /** A user, without the password hash. */
    record UserView(UUID id, String username, Role role, Instant createdAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.role(), u.createdAt());
        }
    }

    /** Tokens: send {@code accessToken} as {@code Authorization: Bearer ...}; keep {@code refreshToken} secret. */
    record TokenResponse(
            String accessToken,
            @Schema(example = "Bearer") String tokenType,

            @Schema(description = "seconds until the access token expires", example = "900")
            long expiresIn,

            @Schema(description = "single use: each refresh returns a new one")
            String refreshToken,

            @Schema(description = "seconds until the refresh token expires", example = "604800")
            long refreshExpiresIn,

            UserView user) {
        static TokenResponse of(AuthService.Tokens t) {
            return new TokenResponse(
                    t.accessToken(),
                    "Bearer",
                    t.accessTtl().toSeconds(),
                    t.refreshToken(),
                    t.refreshTtl().toSeconds(),
                    UserView.of(t.user()));
        }
    }

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping(path = "/login", consumes = "application/json")
    @Operation(summary = "Log in", description = "Returns an access token and a new refresh token family.")
    @SecurityRequirements
    @ApiResponse(responseCode = "200", description = "logged in")
    @ApiResponse(responseCode = "401", description = "wrong username or password (code invalid_credentials)")
    TokenResponse login(@RequestBody LoginRequest body) {
        return TokenResponse.of(
                auth.login(required(body.username(), "username"), required(body.password(), "password")));
    }

    @PostMapping(path = "/refresh", consumes = "application/json")
    @Operation(
            summary = "Rotate a refresh token",
            description = "Uses up the refresh token and returns a new access"
                    + " token and refresh token. Presenting an already rotated token revokes its whole family.")
    @SecurityRequirements
    @ApiResponse(responseCode = "200", description = "rotated")
    @ApiResponse(responseCode = "401", description = "unknown, expired, revoked or reused refresh token")
    TokenResponse refresh(@RequestBody RefreshRequest body) {
        return TokenResponse.of(auth.refresh(required(body.refreshToken(), "refreshToken")));
    }

    @PostMapping(path = "/logout", consumes = "application/json")
    @Operation(
            summary = "Log out",
            description = "Revokes the refresh token's family. Access tokens already handed"
                    + " out stay valid until they expire (at most 15 minutes).")
    @SecurityRequirements
    @ApiResponse(responseCode = "204", description = "revoked (also for unknown tokens)")
    ResponseEntity<Void> logout(@RequestBody RefreshRequest body) {
        auth.logout(required(body.refreshToken(), "refreshToken"));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/register", consumes = "application/json")
    @Operation(
            summary = "Create a user",
            description = "Anyone may create a USER; only an admin (with a bearer" + " token) may create an ADMIN.")
    @ApiResponse(responseCode = "201", description = "created")
    @ApiResponse(responseCode = "400", description = "bad username or password (code invalid_request)")
    @ApiResponse(responseCode = "403", description = "role ADMIN asked for without an admin token")
    @ApiResponse(responseCode = "409", description = "username taken (code username_taken)")
    ResponseEntity<UserView> register(@RequestBody RegisterRequest body, @Nullable Authentication caller) {
        Role role = body.role() == null ? Role.USER : body.role();
        if (role == Role.ADMIN && !isAdmin(caller)) {
            throw new AuthException(HttpStatus.FORBIDDEN, "forbidden", "only an admin may create an admin");
        }
        User user = auth.register(required(body.username(), "username"), required(body.password(), "password"), role);
        return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(user));
    }

    @GetMapping("/me")
    @Operation(summary = "The current user")
    @ApiResponse(responseCode = "200", description = "the user of the access token")
    @ApiResponse(responseCode = "401", description = "no or bad access token")
    UserView me(Authentication caller) {
        return auth.user(UUID.fromString(caller.getName()))
                .map(UserView::of)
                .orElseThrow(() -> new AuthException(HttpStatus.NOT_FOUND, "not_found", "the user no longer exists"));
    }

    @ExceptionHandler(AuthException.class)
    ResponseEntity<ProblemDetail> refused(AuthException e, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status(), String.valueOf(e.getMessage()));
        p.setType(URI.create("urn:meetkit-example:problem:" + e.code()));
        p.setInstance(URI.create(request.getRequestURI()));
        p.setProperty("code", e.code());
        return ResponseEntity.status(e.status()).body(p);
    }

    private static boolean isAdmin(@Nullable Authentication caller) {
        return caller != null
                && caller.getAuthorities().stream()
                        .anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
    }

    private static String required(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new AuthException(HttpStatus.BAD_REQUEST, "invalid_request", name + " is required");
        }
        return value;
    }
}
