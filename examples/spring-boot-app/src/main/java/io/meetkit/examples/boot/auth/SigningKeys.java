package io.meetkit.examples.boot.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Resolves the HS256 key of access tokens: configured, or generated once and kept in {@code app_settings}. */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    static final String SETTING = "access-token-hs256-key";

    private SigningKeys() {}

    /**
     * Returns the configured key, or the one stored in the database, or a new random 256-bit key that it stores
     * (with a warning, because tokens then depend on the database row rather than on the deployment's secrets).
     */
    static SecretKey resolve(AuthProperties properties, JdbcClient jdbc, SecureRandom random) {
        String configured = properties.jwtSecret();
        if (configured != null && !configured.isEmpty()) {
            return key(configured.getBytes(StandardCharsets.UTF_8));
        }
        Optional<String> stored = read(jdbc);
        if (stored.isPresent()) {
            return key(Base64.getDecoder().decode(stored.get()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        try {
            jdbc.sql("INSERT INTO app_settings (setting_name, setting_value) VALUES (?, ?)")
                    .params(SETTING, Base64.getEncoder().encodeToString(bytes))
                    .update();
            log.warn("app.auth.jwt-secret (APP_JWT_SECRET) is not set: generated a random 256-bit access-token key"
                    + " and stored it in the database (app_settings). Set APP_JWT_SECRET (at least 32 bytes) in"
                    + " production.");
            return key(bytes);
        } catch (DuplicateKeyException e) {
            // another instance generated it first
            return key(Base64.getDecoder().decode(read(jdbc).orElseThrow(() -> e)));
        }
    }

    private static Optional<String> read(JdbcClient jdbc) {
        return jdbc.sql("SELECT setting_value FROM app_settings WHERE setting_name = ?")
                .param(SETTING)
                .query(String.class)
                .optional();
    }

    private static SecretKey key(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
