package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.getRequiredInstant;
import static io.meetkit.jdbc.JdbcAccess.getUuid;
import static io.meetkit.jdbc.JdbcAccess.setInstant;
import static io.meetkit.jdbc.JdbcAccess.setNullableString;

import io.meetkit.ConflictException;
import io.meetkit.StoreException;
import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.EventOutbox;
import io.meetkit.store.NewOutboxEvent;
import io.meetkit.store.OutboxDelivery;
import io.meetkit.store.OutboxEvent;
import io.meetkit.store.OutboxLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An {@link EventOutbox} in four SQL tables: {@code <prefix>outbox_events} (the log; its identity column is the
 * position), {@code <prefix>outbox_sequences} (each meeting's last sequence: the row is locked by an append until its
 * transaction ends, so a meeting's events commit in sequence order), {@code <prefix>outbox_cursors} (each endpoint's
 * place in the log) and {@code <prefix>outbox_deliveries} (one row per event and endpoint).
 *
 * <p>Positions come from the identity column, so an append that rolls back leaves a hole, and one that commits late
 * shows up after higher positions: {@link #readAfter} stops before a hole younger than
 * {@link OutboxLimits#GAP_SETTLE}. Database failures throw {@link StoreException}. Thread-safe; get it from
 * {@link JdbcStores#eventOutbox()}.
 */
public final class JdbcEventOutbox implements EventOutbox {

    private static final String EVENT_COLUMNS = "e.event_position, e.event_id, e.meeting_id, e.meeting_sequence,"
            + " e.event_type, e.occurred_at, e.appended_at, e.data";
    private static final int MAX_RETRIES = 50;

    private final JdbcAccess jdbc;
    private final JdbcDialect dialect;
    private final String events;
    private final String sequences;
    private final String cursors;
    private final String deliveries;
    private final String appendSql;

    JdbcEventOutbox(JdbcAccess jdbc, JdbcDialect dialect, String prefix) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.events = prefix + "outbox_events";
        this.sequences = prefix + "outbox_sequences";
        this.cursors = prefix + "outbox_cursors";
        this.deliveries = prefix + "outbox_deliveries";
        String columns = " (event_id, meeting_id, meeting_sequence, event_type, occurred_at, appended_at, data)";
        this.appendSql = dialect == JdbcDialect.POSTGRESQL
                ? "WITH next_sequence AS (INSERT INTO " + sequences + " AS s (meeting_id, last_sequence) VALUES (?, 1)"
                        + " ON CONFLICT (meeting_id) DO UPDATE SET last_sequence = s.last_sequence + 1"
                        + " RETURNING last_sequence) INSERT INTO " + events + columns
                        + " SELECT ?, ?, n.last_sequence, ?, ?, ?, ? FROM next_sequence n"
                        + " RETURNING event_position, meeting_sequence"
                : "SELECT event_position, meeting_sequence FROM FINAL TABLE (INSERT INTO " + events + columns
                        + " VALUES (?, ?, ?, ?, ?, ?, ?))";
    }

    @Override
    public OutboxEvent append(NewOutboxEvent event, Instant now) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        if (dialect == JdbcDialect.POSTGRESQL) {
            // one statement: the sequence upsert (its row stays locked until the transaction ends) and the insert
            return jdbc.withConnection("outbox append", c -> insert(c, event, now, appendSql, 0));
        }
        return jdbc.inTransaction(
                "outbox append", c -> insert(c, event, now, appendSql, nextSequence(c, event.meetingId())));
    }

    private OutboxEvent insert(Connection c, NewOutboxEvent event, Instant now, String sql, long sequence)
            throws SQLException {
        long position;
        long stored;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (dialect == JdbcDialect.POSTGRESQL) {
                ps.setObject(i++, event.meetingId());
            }
            ps.setObject(i++, event.id());
            ps.setObject(i++, event.meetingId());
            if (dialect != JdbcDialect.POSTGRESQL) {
                ps.setLong(i++, sequence);
            }
            ps.setString(i++, event.type());
            setInstant(ps, i++, event.occurredAt());
            setInstant(ps, i++, now);
            ps.setString(i, event.data());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                position = rs.getLong(1);
                stored = rs.getLong(2);
            }
        } catch (SQLException e) {
            if (JdbcAccess.isUniqueViolation(e) && JdbcAccess.violates(e, "outbox_events_id_uq")) {
                throw new ConflictException(ConflictException.ALREADY_EXISTS, "event " + event.id() + " exists");
            }
            throw e;
        }
        return new OutboxEvent(
                position, event.id(), event.meetingId(), stored, event.type(), event.occurredAt(), now, event.data());
    }

    /** H2: takes the meeting's next sequence; its row stays locked until the transaction ends. */
    private long nextSequence(Connection c, UUID meetingId) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM FINAL TABLE (UPDATE " + sequences
                    + " SET last_sequence = last_sequence + 1 WHERE meeting_id = ?)")) {
                ps.setObject(1, meetingId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            } catch (SQLException e) {
                if (!JdbcAccess.isConcurrentUpdate(e) || attempt >= MAX_RETRIES) {
                    throw e;
                }
                continue;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO " + sequences + " (meeting_id, last_sequence) VALUES (?, 1)")) {
                ps.setObject(1, meetingId);
                ps.executeUpdate();
                return 1;
            } catch (SQLException e) {
                // H2: another append inserted the row a moment ago; the next UPDATE waits for it
                if (!JdbcAccess.isUniqueViolation(e) || attempt >= MAX_RETRIES) {
                    throw e;
                }
            }
        }
    }

    @Override
    public List<OutboxEvent> readAfter(long afterPosition, int limit, Instant now) {
        OutboxLimits.checkPosition(afterPosition);
        OutboxLimits.checkLimit(limit);
        Objects.requireNonNull(now, "now");
        return jdbc.withConnection("outbox read", c -> readAfter(c, afterPosition, limit, now));
    }

    private List<OutboxEvent> readAfter(Connection c, long afterPosition, int limit, Instant now) throws SQLException {
        List<OutboxEvent> rows = JdbcAccess.query(
                c,
                "SELECT " + EVENT_COLUMNS + " FROM " + events + " e WHERE e.event_position > ?"
                        + " ORDER BY e.event_position FETCH FIRST ? ROWS ONLY",
                ps -> {
                    ps.setLong(1, afterPosition);
                    ps.setInt(2, limit);
                },
                JdbcEventOutbox::event);
        return settled(rows, afterPosition, now);
    }

    /**
     * The rows up to the first hole that an append still committing may fill. A reader from the start (position 0)
     * does not wait for the hole before the oldest stored event: purged events and positions of rolled-back appends
     * are there.
     */
    static List<OutboxEvent> settled(List<OutboxEvent> rows, long afterPosition, Instant now) {
        Instant settledBefore = now.minus(OutboxLimits.GAP_SETTLE);
        long expected = afterPosition == 0 && !rows.isEmpty() ? rows.get(0).position() : afterPosition + 1;
        List<OutboxEvent> out = new ArrayList<>(rows.size());
        for (OutboxEvent e : rows) {
            if (e.position() != expected && !e.appendedAt().isBefore(settledBefore)) {
                break;
            }
            out.add(e);
            expected = e.position() + 1;
        }
        return out;
    }

    @Override
    public Optional<OutboxEvent> findById(UUID id) {
        Objects.requireNonNull(id, "id");
        return jdbc.queryOne(
                "outbox find",
                "SELECT " + EVENT_COLUMNS + " FROM " + events + " e WHERE e.event_id = ?",
                ps -> ps.setObject(1, id),
                JdbcEventOutbox::event);
    }

    @Override
    public int enqueue(String endpoint, Set<String> types, int limit, Instant now) {
        OutboxLimits.checkEndpoint(endpoint);
        Objects.requireNonNull(types, "types");
        OutboxLimits.checkLimit(limit);
        Objects.requireNonNull(now, "now");
        if (!ensureCursor(endpoint)) {
            return 0;
        }
        return jdbc.inTransaction("outbox enqueue", c -> {
            List<Long> cursor = JdbcAccess.query(
                    c,
                    "SELECT event_position FROM " + cursors + " WHERE endpoint = ? FOR UPDATE",
                    ps -> ps.setString(1, endpoint),
                    rs -> rs.getLong(1));
            if (cursor.isEmpty()) {
                return 0; // H2: another instance's cursor is not visible yet; the next call sees it
            }
            List<OutboxEvent> next = readAfter(c, cursor.get(0), limit, now);
            if (next.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + deliveries
                    + " (endpoint, event_position, status, attempts, next_attempt_at, last_error, updated_at)"
                    + " VALUES (?, ?, 'PENDING', 0, ?, NULL, ?)")) {
                int batched = 0;
                for (OutboxEvent e : next) {
                    if (types.isEmpty() || types.contains(e.type())) {
                        ps.setString(1, endpoint);
                        ps.setLong(2, e.position());
                        setInstant(ps, 3, now);
                        setInstant(ps, 4, now);
                        ps.addBatch();
                        batched++;
                    }
                }
                if (batched > 0) {
                    ps.executeBatch();
                }
            }
            JdbcAccess.update(c, "UPDATE " + cursors + " SET event_position = ? WHERE endpoint = ?", ps -> {
                ps.setLong(1, next.get(next.size() - 1).position());
                ps.setString(2, endpoint);
            });
            return next.size();
        });
    }

    /** Creates the endpoint's cursor before the oldest event; false when there is no event yet. */
    private boolean ensureCursor(String endpoint) {
        return jdbc.withConnection("outbox cursor", c -> {
            boolean exists = !JdbcAccess.query(
                            c,
                            "SELECT 1 FROM " + cursors + " WHERE endpoint = ?",
                            ps -> ps.setString(1, endpoint),
                            rs -> 1)
                    .isEmpty();
            if (exists) {
                return true;
            }
            List<Long> oldest = JdbcAccess.query(c, "SELECT min(event_position) FROM " + events, ps -> {}, rs -> {
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            });
            if (oldest.isEmpty() || oldest.get(0) == null) {
                return false;
            }
            String sql = dialect == JdbcDialect.POSTGRESQL
                    ? "INSERT INTO " + cursors + " (endpoint, event_position) VALUES (?, ?)"
                            + " ON CONFLICT (endpoint) DO NOTHING"
                    : "MERGE INTO " + cursors + " t USING (VALUES (CAST(? AS VARCHAR(" + OutboxLimits.ENDPOINT_MAX
                            + ")), CAST(? AS BIGINT))) s(endpoint, event_position) ON t.endpoint = s.endpoint"
                            + " WHEN NOT MATCHED THEN INSERT (endpoint, event_position)"
                            + " VALUES (s.endpoint, s.event_position)";
            try {
                JdbcAccess.update(c, sql, ps -> {
                    ps.setString(1, endpoint);
                    ps.setLong(2, oldest.get(0) - 1);
                });
            } catch (SQLException e) {
                if (!JdbcAccess.isUniqueViolation(e) && !JdbcAccess.isConcurrentUpdate(e)) {
                    throw e; // otherwise H2: another instance created it a moment ago
                }
            }
            return true;
        });
    }

    @Override
    public List<OutboxDelivery> pending(String endpoint, int limit) {
        return deliveries(endpoint, DeliveryStatus.PENDING, 0, limit);
    }

    @Override
    public void update(List<OutboxDelivery> changed, Instant now) {
        Objects.requireNonNull(changed, "deliveries");
        Objects.requireNonNull(now, "now");
        if (changed.isEmpty()) {
            return;
        }
        jdbc.inTransaction("outbox delivery update", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + deliveries
                    + " SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?"
                    + " WHERE endpoint = ? AND event_position = ?")) {
                for (OutboxDelivery d : changed) {
                    ps.setString(1, d.status().name());
                    ps.setInt(2, d.attempts());
                    setInstant(ps, 3, d.nextAttemptAt());
                    setNullableString(ps, 4, d.lastError());
                    setInstant(ps, 5, now);
                    ps.setString(6, d.endpoint());
                    ps.setLong(7, d.event().position());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<OutboxDelivery> deliveries(String endpoint, DeliveryStatus status, long afterPosition, int limit) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        OutboxLimits.checkPosition(afterPosition);
        OutboxLimits.checkLimit(limit);
        return jdbc.query(
                "outbox deliveries",
                "SELECT " + EVENT_COLUMNS + ", d.endpoint, d.status, d.attempts, d.next_attempt_at, d.last_error"
                        + " FROM " + deliveries + " d JOIN " + events + " e ON e.event_position = d.event_position"
                        + " WHERE d.endpoint = ? AND d.status = ? AND d.event_position > ?"
                        + " ORDER BY d.event_position FETCH FIRST ? ROWS ONLY",
                ps -> {
                    ps.setString(1, endpoint);
                    ps.setString(2, status.name());
                    ps.setLong(3, afterPosition);
                    ps.setInt(4, limit);
                },
                rs -> new OutboxDelivery(
                        rs.getString("endpoint"),
                        event(rs),
                        DeliveryStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempts"),
                        getRequiredInstant(rs, "next_attempt_at"),
                        rs.getString("last_error")));
    }

    @Override
    public long count(String endpoint, DeliveryStatus status) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        return jdbc.queryOne(
                        "outbox delivery count",
                        "SELECT count(*) FROM " + deliveries + " WHERE endpoint = ? AND status = ?",
                        ps -> {
                            ps.setString(1, endpoint);
                            ps.setString(2, status.name());
                        },
                        rs -> rs.getLong(1))
                .orElse(0L);
    }

    @Override
    public int retryFailed(String endpoint, Instant now) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(now, "now");
        return jdbc.update(
                "outbox retry",
                "UPDATE " + deliveries + " SET status = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?"
                        + " WHERE endpoint = ? AND status = 'FAILED'",
                ps -> {
                    setInstant(ps, 1, now);
                    setInstant(ps, 2, now);
                    ps.setString(3, endpoint);
                });
    }

    @Override
    public Set<String> endpoints() {
        return jdbc.inTransaction(
                "outbox endpoints",
                c -> Set.copyOf(
                        JdbcAccess.query(c, "SELECT endpoint FROM " + cursors, ps -> {}, rs -> rs.getString(1))));
    }

    @Override
    public boolean removeEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return jdbc.inTransaction("outbox endpoint removal", c -> {
            JdbcAccess.update(c, "DELETE FROM " + deliveries + " WHERE endpoint = ?", ps -> ps.setString(1, endpoint));
            return JdbcAccess.update(
                            c, "DELETE FROM " + cursors + " WHERE endpoint = ?", ps -> ps.setString(1, endpoint))
                    > 0;
        });
    }

    @Override
    public int purge(Instant appendedBefore) {
        Objects.requireNonNull(appendedBefore, "appendedBefore");
        return jdbc.inTransaction("outbox purge", c -> {
            List<Long> min = JdbcAccess.query(c, "SELECT min(event_position) FROM " + cursors, ps -> {}, rs -> {
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : v;
            });
            long passed = min.isEmpty() ? Long.MAX_VALUE : min.get(0);
            String done = " FROM " + events + " e WHERE e.appended_at < ? AND e.event_position <= ?"
                    + " AND NOT EXISTS (SELECT 1 FROM " + deliveries + " o WHERE o.event_position = e.event_position"
                    + " AND o.status <> 'DELIVERED')";
            JdbcAccess.update(
                    c,
                    "DELETE FROM " + deliveries + " WHERE event_position IN (SELECT e.event_position" + done + ")",
                    ps -> {
                        setInstant(ps, 1, appendedBefore);
                        ps.setLong(2, passed);
                    });
            return JdbcAccess.update(c, "DELETE" + done, ps -> {
                setInstant(ps, 1, appendedBefore);
                ps.setLong(2, passed);
            });
        });
    }

    private static OutboxEvent event(ResultSet rs) throws SQLException {
        return new OutboxEvent(
                rs.getLong("event_position"),
                getUuid(rs, "event_id"),
                getUuid(rs, "meeting_id"),
                rs.getLong("meeting_sequence"),
                rs.getString("event_type"),
                getRequiredInstant(rs, "occurred_at"),
                getRequiredInstant(rs, "appended_at"),
                rs.getString("data"));
    }
}
