package io.meetkit.examples.boot.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code app.auth.*}: access and refresh tokens, and the admin created on first start.
 *
 * @param jwtSecret the HS256 key of access tokens, at least 32 bytes ({@code APP_JWT_SECRET}); when empty, one is
 *     generated on first start and kept in the database
 * @param issuer the {@code iss} of access tokens
 * @param accessTokenTtl how long an access token is valid, 15 minutes by default
 * @param refreshTokenTtl how long a refresh token is valid, 7 days by default
 * @param admin the admin created on first start
 */
@ConfigurationProperties("app.auth")
record AuthProperties(
        @Nullable String jwtSecret,
        @DefaultValue("meetkit-example") String issuer,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("7d") Duration refreshTokenTtl,
        @DefaultValue Admin admin) {

    static final int MIN_SECRET_BYTES = 32;

    AuthProperties {
        if (jwtSecret != null
                && !jwtSecret.isEmpty()
                && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("app.auth.jwt-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, it has " + jwtSecret.getBytes(StandardCharsets.UTF_8).length);
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("app.auth.access-token-ttl must be positive: " + accessTokenTtl);
        }
        if (refreshTokenTtl.isNegative() || refreshTokenTtl.isZero()) {
            throw new IllegalArgumentException("app.auth.refresh-token-ttl must be positive: " + refreshTokenTtl);
        }
    }

    /** Hides the secret. */
    @Override
    public String toString() {
        return "AuthProperties[issuer=" + issuer + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl="
                + refreshTokenTtl + ", admin=" + admin + "]";
    }

    /**
     * The admin created on first start, when the database has no admin.
     *
     * @param username the admin's username
     * @param password the admin's password ({@code APP_ADMIN_PASSWORD}); when empty, one is generated and printed once
     */
    record Admin(
            @DefaultValue("admin") String username,
            @Nullable String password) {

        /** Hides the password. */
        @Override
        public String toString() {
            return "Admin[username=" + username + "]";
        }
    }
}
