package io.meetkit.examples.boot.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code app_refresh_tokens} table: only SHA-256 hashes of tokens, grouped in families (one per login).
 * Thread-safe; rotation is a compare-and-set update, so two concurrent uses of one token cannot both succeed.
 */
@Repository
class RefreshTokenRepository {

    /** A stored refresh token. */
    record StoredToken(
            UUID id,
            UUID familyId,
            UUID userId,
            Instant expiresAt,
            @Nullable Instant rotatedAt,
            @Nullable Instant revokedAt) {}

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID familyId, UUID userId, String tokenHash, Instant createdAt, Instant expiresAt) {
        jdbc.sql("INSERT INTO app_refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, familyId, userId, tokenHash, utc(createdAt), utc(expiresAt))
                .update();
    }

    Optional<StoredToken> findByHash(String tokenHash) {
        return jdbc.sql("SELECT id, family_id, user_id, expires_at, rotated_at, revoked_at FROM app_refresh_tokens"
                        + " WHERE token_hash = ?")
                .param(tokenHash)
                .query(RefreshTokenRepository::map)
                .optional();
    }

    /**
     * Marks a live token rotated.
     *
     * @return {@code false} when it was already rotated or revoked (by a concurrent request)
     */
    boolean markRotated(UUID id, Instant now) {
        return jdbc.sql("UPDATE app_refresh_tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL"
                                + " AND revoked_at IS NULL")
                        .params(utc(now), id)
                        .update()
                == 1;
    }

    /** Revokes every token of a family that is not revoked yet; returns how many. */
    int revokeFamily(UUID familyId, Instant now) {
        return jdbc.sql("UPDATE app_refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")
                .params(utc(now), familyId)
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static StoredToken map(ResultSet rs, int row) throws SQLException {
        Instant expiresAt = instant(rs, "expires_at");
        return new StoredToken(
                rs.getObject("id", UUID.class),
                rs.getObject("family_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                expiresAt == null ? Instant.EPOCH : expiresAt,
                instant(rs, "rotated_at"),
                instant(rs, "revoked_at"));
    }
}
