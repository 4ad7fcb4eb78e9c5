package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.setInstant;

import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.store.WebhookEventLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link WebhookEventLog} in a SQL table ({@code <prefix>webhook_events}) whose primary key is the event id: the
 * first-seen check is one statement that inserts the id or takes over its expired row (PostgreSQL
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <= now}, H2 {@code MERGE}), so of several instances that
 * receive the same event exactly one sees it first.
 *
 * <p>Event ids longer than 255 characters are refused with {@link InvalidRequestException}; database failures throw
 * {@link StoreException}. Thread-safe; get it from {@link JdbcStores#webhookEvents()}.
 */
public final class JdbcWebhookEventLog implements WebhookEventLog {

    static final int EVENT_ID_MAX = 255;
    private static final int MAX_RETRIES = 50;

    private final JdbcAccess jdbc;
    private final String table;
    private final String firstSeenSql;

    JdbcWebhookEventLog(JdbcAccess jdbc, JdbcDialect dialect, String prefix) {
        this.jdbc = jdbc;
        this.table = prefix + "webhook_events";
        this.firstSeenSql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + table + " AS e (event_id, expires_at) VALUES (?, ?)"
                        + " ON CONFLICT (event_id) DO UPDATE SET expires_at = EXCLUDED.expires_at"
                        + " WHERE e.expires_at <= ?";
            case H2 ->
                "MERGE INTO " + table + " e USING (VALUES (CAST(? AS VARCHAR(" + EVENT_ID_MAX + ")),"
                        + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s(event_id, expires_at) ON e.event_id = s.event_id"
                        + " WHEN MATCHED AND e.expires_at <= ? THEN UPDATE SET expires_at = s.expires_at"
                        + " WHEN NOT MATCHED THEN INSERT (event_id, expires_at) VALUES (s.event_id, s.expires_at)";
        };
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the event id is longer than 255 characters
     */
    @Override
    public boolean firstSeen(String eventId, Instant now, Instant expiresAt) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        JdbcAccess.limits().check("eventId", eventId, EVENT_ID_MAX).throwIfAny();
        return jdbc.withConnection("webhook first-seen check", c -> {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(firstSeenSql)) {
                    ps.setString(1, eventId);
                    setInstant(ps, 2, expiresAt);
                    setInstant(ps, 3, now);
                    return ps.executeUpdate() == 1;
                } catch (SQLException e) {
                    if (JdbcAccess.isUniqueViolation(e)) {
                        return false; // H2: another instance inserted it a moment ago
                    }
                    if (!JdbcAccess.isConcurrentUpdate(e) || attempt >= MAX_RETRIES) {
                        throw e;
                    }
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the event id is longer than 255 characters
     */
    @Override
    public boolean contains(String eventId, Instant now) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(now, "now");
        JdbcAccess.limits().check("eventId", eventId, EVENT_ID_MAX).throwIfAny();
        return jdbc.withConnection("webhook seen check", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM " + table + " WHERE event_id = ? AND expires_at > ?")) {
                ps.setString(1, eventId);
                setInstant(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void forget(String eventId) {
        Objects.requireNonNull(eventId, "eventId");
        jdbc.update(
                "webhook event forget", "DELETE FROM " + table + " WHERE event_id = ?", ps -> ps.setString(1, eventId));
    }

    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return jdbc.update(
                "webhook event purge", "DELETE FROM " + table + " WHERE expires_at <= ?", ps -> setInstant(ps, 1, now));
    }
}
