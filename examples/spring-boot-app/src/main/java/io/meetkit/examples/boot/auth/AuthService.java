package io.meetkit.examples.boot.auth;

import io.meetkit.examples.boot.auth.RefreshTokenRepository.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users and their tokens: login, refresh-token rotation with family revocation on reuse, logout and registration.
 * Thread-safe.
 */
final class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final int MIN_PASSWORD_LENGTH = 8;
    /** BCrypt reads at most 72 bytes; longer passwords would be silently truncated. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** Tokens handed out at login and refresh. */
    record Tokens(String accessToken, Duration accessTtl, String refreshToken, Duration refreshTtl, User user) {}

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final AccessTokens accessTokens;
    private final PasswordEncoder passwords;
    private final TransactionTemplate tx;
    private final Duration refreshTtl;
    private final Clock clock;
    private final SecureRandom random;
    /** Compared against when the username is unknown, so that a login takes as long either way. */
    private final String dummyHash;

    AuthService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            AccessTokens accessTokens,
            PasswordEncoder passwords,
            TransactionTemplate tx,
            Duration refreshTtl,
            Clock clock,
            SecureRandom random) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.passwords = passwords;
        this.tx = tx;
        this.refreshTtl = refreshTtl;
        this.clock = clock;
        this.random = random;
        this.dummyHash = Objects.requireNonNull(passwords.encode("not-a-real-password"));
    }

    /**
     * Checks the username and password and starts a new token family.
     *
     * @throws AuthException 401 {@code invalid_credentials} when either is wrong (without saying which)
     */
    Tokens login(String username, String password) {
        Optional<User> user = users.findByUsername(normalize(username));
        String hash = user.map(User::passwordHash).orElse(dummyHash);
        boolean matches = passwords.matches(password, hash);
        if (user.isEmpty() || !matches) {
            throw new AuthException(HttpStatus.UNAUTHORIZED, "invalid_credentials", "wrong username or password");
        }
        return issue(user.get(), UUID.randomUUID());
    }

    /**
     * Rotates a refresh token: the presented one is used up, a new one of the same family is returned with a new
     * access token. Presenting a token that was already rotated means it leaked (or a client replayed it): the whole
     * family is revoked, so neither the thief nor the user can go on with it.
     *
     * @throws AuthException 401 with {@code invalid_refresh_token}, {@code refresh_token_expired},
     *     {@code refresh_token_revoked} or {@code refresh_token_reused}
     */
    Tokens refresh(String refreshToken) {
        Instant now = clock.instant();
        StoredToken stored = refreshTokens
                .findByHash(hash(refreshToken))
                .orElseThrow(() ->
                        new AuthException(HttpStatus.UNAUTHORIZED, "invalid_refresh_token", "unknown refresh token"));
        if (stored.revokedAt() != null) {
            throw new AuthException(HttpStatus.UNAUTHORIZED, "refresh_token_revoked", "the refresh token is revoked");
        }
        if (stored.rotatedAt() != null) {
            throw reused(stored, now);
        }
        if (!now.isBefore(stored.expiresAt())) {
            throw new AuthException(HttpStatus.UNAUTHORIZED, "refresh_token_expired", "the refresh token expired");
        }
        User user = users.findById(stored.userId())
                .orElseThrow(() -> new AuthException(
                        HttpStatus.UNAUTHORIZED, "invalid_refresh_token", "the user no longer exists"));
        Tokens next = tx.execute(
                status -> refreshTokens.markRotated(stored.id(), now) ? issue(user, stored.familyId()) : null);
        if (next == null) {
            // a concurrent request rotated it first: the same token was used twice
            throw reused(stored, now);
        }
        return next;
    }

    private AuthException reused(StoredToken stored, Instant now) {
        int revoked = refreshTokens.revokeFamily(stored.familyId(), now);
        log.warn(
                "A rotated refresh token of user {} was presented again: revoked its family {} ({} tokens)",
                stored.userId(),
                stored.familyId(),
                revoked);
        return new AuthException(
                HttpStatus.UNAUTHORIZED,
                "refresh_token_reused",
                "the refresh token was already used; this session is revoked, log in again");
    }

    /** Revokes the family of a refresh token (the session); unknown tokens are ignored. */
    void logout(String refreshToken) {
        refreshTokens
                .findByHash(hash(refreshToken))
                .ifPresent(t -> refreshTokens.revokeFamily(t.familyId(), clock.instant()));
    }

    /**
     * Creates a user.
     *
     * @throws AuthException 400 {@code invalid_request} for a bad username or password, 409 {@code username_taken}
     */
    User register(String username, String password, Role role) {
        String name = normalize(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new AuthException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_request",
                    "username must be 3 to 64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or"
                            + " digit: " + username);
        }
        if (password.length() < MIN_PASSWORD_LENGTH
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new AuthException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_request",
                    "password must have at least " + MIN_PASSWORD_LENGTH + " characters and at most "
                            + MAX_PASSWORD_BYTES + " bytes");
        }
        User user = new User(
                UUID.randomUUID(), name, Objects.requireNonNull(passwords.encode(password)), role, clock.instant());
        if (!users.insert(user)) {
            throw new AuthException(HttpStatus.CONFLICT, "username_taken", "username is taken: " + name);
        }
        return user;
    }

    Optional<User> user(UUID id) {
        return users.findById(id);
    }

    boolean anyAdmin() {
        return users.anyWithRole(Role.ADMIN);
    }

    private Tokens issue(User user, UUID familyId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        refreshTokens.insert(UUID.randomUUID(), familyId, user.id(), hash(refresh), now, now.plus(refreshTtl));
        return new Tokens(accessTokens.issue(user), accessTokens.ttl(), refresh, refreshTtl, user);
    }

    private static String normalize(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    static String hash(String refreshToken) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
