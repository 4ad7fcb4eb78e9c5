package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.getRequiredInstant;
import static io.meetkit.jdbc.JdbcAccess.getUuid;
import static io.meetkit.jdbc.JdbcAccess.setInstant;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ParticipantNameStore} in SQL tables: {@code <prefix>name_reservations} with primary key
 * {@code (meeting_id, name_key)}, a unique index on {@code (meeting_id, identity)} and each name's base and number
 * ({@code base_key}, {@code suffix}, see {@link ParticipantNameStore#suffixOf}) indexed with its expiry;
 * {@code <prefix>name_numbers}, each base name's next never-used number; and {@code <prefix>name_freed}, the pool of
 * numbers freed by a release or a purge.
 *
 * <p>{@link #reserve} costs the same few statements whatever the number: one query reads whether the exact name is
 * held, the smallest freed number and the smallest expired one; then either the exact name is claimed, or the freed
 * number is taken out of the pool (a {@code DELETE} whose update count says whether this caller won it), or the next
 * number is drawn from the counter (PostgreSQL: {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}; H2: an
 * {@code UPDATE} and a read in one transaction), and the name is claimed with one atomic statement that inserts it
 * or takes over an expired reservation of it (PostgreSQL: {@code INSERT … ON CONFLICT (meeting_id, name_key) DO UPDATE
 * … WHERE expires_at <= now}; H2: the equivalent standard {@code MERGE}). The primary key keeps it correct across any
 * number of instances; the counter hands each caller its own number, so concurrent joins with the same name do not
 * collide. A number held by a name typed with it ({@code Guest_3}) is skipped. Times are the caller's {@code now},
 * never the database clock.
 *
 * <p>Values longer than their columns are refused with {@link InvalidRequestException} before any SQL runs; database
 * failures throw {@link StoreException}. Thread-safe; get it from {@link JdbcStores#participantNames()}.
 */
public final class JdbcParticipantNameStore implements ParticipantNameStore {

    static final int NAME_MAX = 320;
    /** Room for the longest number, {@code _999999999}. */
    static final int SUFFIX_ROOM = 10;

    static final int BASE_NAME_MAX = NAME_MAX - SUFFIX_ROOM;
    static final int IDENTITY_MAX = 255;
    static final int ROLE_MAX = 64;

    /**
     * How many rounds one reservation may lose to concurrent ones (or skip numbers held by typed names) before it
     * gives up; far beyond any real contention, so it is no cap on the number of same names.
     */
    private static final int MAX_ROUNDS = 10_000;

    private enum Claim {
        CLAIMED,
        TAKEN,
        IDENTITY_TAKEN,
        RETRY
    }

    /** What the probe read: whether the exact name is live, the smallest freed and the smallest expired number. */
    private record Probe(boolean exactLive, int freed, int expired) {}

    private static final String COLUMNS =
            "meeting_id, name_key, display_name, identity, role, reserved_at, expires_at, base_key, suffix";

    private final JdbcAccess jdbc;
    private final JdbcDialect dialect;
    private final String table;
    private final String numbers;
    private final String freed;
    private final String identityConstraint;
    private final String claimSql;
    private final String probeSql;
    private final String nextNumberSql;
    private final String releaseSql;

    JdbcParticipantNameStore(JdbcAccess jdbc, JdbcDialect dialect, String prefix) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.table = prefix + "name_reservations";
        this.numbers = prefix + "name_numbers";
        this.freed = prefix + "name_freed";
        this.identityConstraint = prefix + "name_reservations_identity_uq";
        this.claimSql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + table + " AS r (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (meeting_id, name_key) DO UPDATE SET display_name = EXCLUDED.display_name,"
                        + " identity = EXCLUDED.identity, role = EXCLUDED.role, reserved_at = EXCLUDED.reserved_at,"
                        + " expires_at = EXCLUDED.expires_at, base_key = EXCLUDED.base_key, suffix = EXCLUDED.suffix"
                        + " WHERE r.expires_at <= ?";
            case H2 ->
                "MERGE INTO " + table + " r USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR(" + NAME_MAX
                        + ")), CAST(? AS VARCHAR(" + NAME_MAX + ")), CAST(? AS VARCHAR(" + IDENTITY_MAX
                        + ")), CAST(? AS VARCHAR(" + ROLE_MAX + ")), CAST(? AS TIMESTAMP(6) WITH TIME ZONE),"
                        + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE), CAST(? AS VARCHAR(" + NAME_MAX + ")),"
                        + " CAST(? AS INTEGER))) s(" + COLUMNS + ")"
                        + " ON r.meeting_id = s.meeting_id AND r.name_key = s.name_key"
                        + " WHEN MATCHED AND r.expires_at <= ? THEN UPDATE SET display_name = s.display_name,"
                        + " identity = s.identity, role = s.role, reserved_at = s.reserved_at, expires_at = s.expires_at,"
                        + " base_key = s.base_key, suffix = s.suffix"
                        + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.meeting_id, s.name_key,"
                        + " s.display_name, s.identity, s.role, s.reserved_at, s.expires_at, s.base_key, s.suffix)";
        };
        this.probeSql = "SELECT (SELECT COUNT(*) FROM " + table
                + " WHERE meeting_id = ? AND name_key = ? AND expires_at > ?) AS exact_live,"
                + " (SELECT MIN(suffix) FROM " + freed + " WHERE meeting_id = ? AND base_key = ?) AS freed_min,"
                + " (SELECT MIN(suffix) FROM " + table
                + " WHERE meeting_id = ? AND base_key = ? AND expires_at <= ? AND suffix > 1) AS expired_min";
        this.releaseSql = switch (dialect) {
            case POSTGRESQL -> "DELETE FROM " + table + " WHERE meeting_id = ? AND identity = ? RETURNING name_key";
            case H2 ->
                "SELECT name_key FROM OLD TABLE (DELETE FROM " + table + " WHERE meeting_id = ? AND identity = ?)";
        };
        this.nextNumberSql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + numbers + " AS n (meeting_id, base_key, next_suffix) VALUES (?, ?, 3)"
                        + " ON CONFLICT (meeting_id, base_key) DO UPDATE SET next_suffix = n.next_suffix + 1"
                        + " RETURNING next_suffix - 1";
            case H2 -> "UPDATE " + numbers + " SET next_suffix = next_suffix + 1 WHERE meeting_id = ? AND base_key = ?";
        };
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the base name, identity or role is longer than its column (a base name
     *     leaves room for the longest number; without an identity, room for it in the identity column)
     */
    @Override
    public NameReservation reserve(
            UUID meetingId, String baseName, @Nullable String identity, String role, Instant now, Instant expiresAt) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        JdbcAccess.limits()
                // without an identity the name is the identity, numbered or not
                .check("name", baseName, identity == null ? IDENTITY_MAX - SUFFIX_ROOM : BASE_NAME_MAX)
                .check("identity", identity, IDENTITY_MAX)
                .check("role", role, ROLE_MAX)
                .throwIfAny();
        String baseKey = ParticipantNameStore.nameKey(baseName);
        return jdbc.withConnection("name reservation", c -> {
            boolean exactBlocked = false;
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (identity != null) {
                    Optional<NameReservation> held;
                    try {
                        held = changeColumns(c, meetingId, identity, now, "role = ?, expires_at = ?", 2, ps -> {
                            ps.setString(1, role);
                            setInstant(ps, 2, expiresAt);
                        });
                    } catch (SQLException e) {
                        if (JdbcAccess.isConcurrentUpdate(e)) {
                            continue;
                        }
                        throw e;
                    }
                    if (held.isPresent()) {
                        return held.get();
                    }
                    // an expired reservation of this identity must not block its new one
                    deleteExpiredIdentity(c, meetingId, identity, now);
                }
                Probe probe = probe(c, meetingId, baseKey, now);
                if (!probe.exactLive() && !exactBlocked) {
                    String id = identity != null ? identity : baseName;
                    Claim claim = claim(c, meetingId, baseName, id, role, now, expiresAt);
                    if (claim == Claim.CLAIMED) {
                        return new NameReservation(meetingId, baseName, id, role, now, expiresAt);
                    }
                    if (claim == Claim.IDENTITY_TAKEN) {
                        if (identity != null) {
                            continue; // the identity got a reservation concurrently: the next round renews it
                        }
                        // the name is someone else's identity: free it only if that reservation expired
                        exactBlocked = deleteExpiredIdentity(c, meetingId, id, now) == 0;
                    }
                    continue; // taken concurrently, or to retry: read again
                }
                NameReservation r =
                        reserveNumbered(c, meetingId, baseName, baseKey, identity, role, now, expiresAt, probe);
                if (r != null) {
                    return r;
                }
            }
            throw new ConflictException(
                    ConflictException.NAME_UNAVAILABLE,
                    "reserving '" + baseName + "' kept losing to concurrent reservations; try again");
        });
    }

    /**
     * One round of reserving a numbered variant: the smallest of the freed, the expired and the next number.
     *
     * @return the reservation, or {@code null} to go another round
     */
    private @Nullable NameReservation reserveNumbered(
            Connection c,
            UUID meetingId,
            String baseName,
            String baseKey,
            @Nullable String identity,
            String role,
            Instant now,
            Instant expiresAt,
            Probe probe)
            throws SQLException {
        int suffix;
        boolean fromExpired = false;
        if (probe.freed() > 0 && (probe.expired() == 0 || probe.freed() <= probe.expired())) {
            suffix = probe.freed();
            if (deleteFreed(c, meetingId, baseKey, suffix) == 0) {
                return null; // another reservation took it first
            }
        } else if (probe.expired() > 0) {
            suffix = probe.expired();
            fromExpired = true;
        } else {
            suffix = nextNumber(c, meetingId, baseKey);
        }
        String candidate = ParticipantNameStore.candidate(baseName, suffix);
        String id = identity != null ? identity : candidate;
        for (int retry = 0; retry < MAX_ROUNDS; retry++) {
            Claim claim;
            try {
                claim = claim(c, meetingId, candidate, id, role, now, expiresAt);
            } catch (SQLException | RuntimeException e) {
                if (!fromExpired) {
                    giveBack(c, meetingId, baseKey, suffix, e);
                }
                throw e;
            }
            switch (claim) {
                case CLAIMED:
                    return new NameReservation(meetingId, candidate, id, role, now, expiresAt);
                case TAKEN:
                    return null; // a name typed with this number, or a concurrent takeover of the expired one
                case IDENTITY_TAKEN:
                    if (identity != null) {
                        if (!fromExpired) {
                            giveBack(c, meetingId, baseKey, suffix, null);
                        }
                        return null; // the identity got a reservation concurrently: the next round renews it
                    }
                    if (deleteExpiredIdentity(c, meetingId, id, now) > 0) {
                        continue;
                    }
                    if (fromExpired) {
                        // skipped for good: the name is another live participant's identity
                        JdbcAccess.update(
                                c,
                                "DELETE FROM " + table + " WHERE meeting_id = ? AND name_key = ? AND expires_at <= ?",
                                ps -> {
                                    ps.setObject(1, meetingId);
                                    ps.setString(2, ParticipantNameStore.nameKey(candidate));
                                    setInstant(ps, 3, now);
                                });
                    }
                    return null;
                case RETRY:
                    continue;
                default:
                    throw new IllegalStateException("unknown claim result");
            }
        }
        throw new ConflictException(
                ConflictException.NAME_UNAVAILABLE, "too much concurrent change while reserving '" + candidate + "'");
    }

    private Probe probe(Connection c, UUID meetingId, String baseKey, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(probeSql)) {
            ps.setObject(1, meetingId);
            ps.setString(2, baseKey);
            setInstant(ps, 3, now);
            ps.setObject(4, meetingId);
            ps.setString(5, baseKey);
            ps.setObject(6, meetingId);
            ps.setString(7, baseKey);
            setInstant(ps, 8, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Probe(rs.getLong(1) > 0, rs.getInt(2), rs.getInt(3));
            }
        }
    }

    /** Draws the next never-used number of a base name. */
    private int nextNumber(Connection c, UUID meetingId, String baseKey) throws SQLException {
        if (dialect == JdbcDialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement(nextNumberSql)) {
                ps.setObject(1, meetingId);
                ps.setString(2, baseKey);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }
        while (true) {
            Integer drawn = JdbcAccess.inTransaction(c, tx -> {
                int updated = JdbcAccess.update(tx, nextNumberSql, ps -> {
                    ps.setObject(1, meetingId);
                    ps.setString(2, baseKey);
                });
                if (updated == 0) {
                    try {
                        JdbcAccess.update(
                                tx,
                                "INSERT INTO " + numbers + " (meeting_id, base_key, next_suffix) VALUES (?, ?, 3)",
                                ps -> {
                                    ps.setObject(1, meetingId);
                                    ps.setString(2, baseKey);
                                });
                        return 2;
                    } catch (SQLException e) {
                        if (JdbcAccess.isUniqueViolation(e)) {
                            return null; // created concurrently: update it
                        }
                        throw e;
                    }
                }
                return JdbcAccess.query(
                                        tx,
                                        "SELECT next_suffix FROM " + numbers + " WHERE meeting_id = ? AND base_key = ?",
                                        ps -> {
                                            ps.setObject(1, meetingId);
                                            ps.setString(2, baseKey);
                                        },
                                        rs -> rs.getInt(1))
                                .get(0)
                        - 1;
            });
            if (drawn != null) {
                return drawn;
            }
        }
    }

    private int deleteFreed(Connection c, UUID meetingId, String baseKey, int suffix) throws SQLException {
        return JdbcAccess.update(
                c, "DELETE FROM " + freed + " WHERE meeting_id = ? AND base_key = ? AND suffix = ?", ps -> {
                    ps.setObject(1, meetingId);
                    ps.setString(2, baseKey);
                    ps.setInt(3, suffix);
                });
    }

    /** Puts a number this caller drew but could not use back into the pool, so that it is not lost. */
    private void giveBack(Connection c, UUID meetingId, String baseKey, int suffix, @Nullable Throwable failure) {
        try {
            insertFreed(c, meetingId, baseKey, suffix);
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private void insertFreed(Connection c, UUID meetingId, String baseKey, int suffix) throws SQLException {
        String sql = dialect == JdbcDialect.POSTGRESQL
                ? "INSERT INTO " + freed + " (meeting_id, base_key, suffix) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                : "MERGE INTO " + freed + " (meeting_id, base_key, suffix) KEY (meeting_id, base_key, suffix)"
                        + " VALUES (?, ?, ?)";
        JdbcAccess.update(c, sql, ps -> {
            ps.setObject(1, meetingId);
            ps.setString(2, baseKey);
            ps.setInt(3, suffix);
        });
    }

    /** One atomic attempt at one name: insert it, or take over an expired reservation of it. */
    private Claim claim(
            Connection c,
            UUID meetingId,
            String candidate,
            String identity,
            String role,
            Instant now,
            Instant expiresAt)
            throws SQLException {
        String key = ParticipantNameStore.nameKey(candidate);
        try (PreparedStatement ps = c.prepareStatement(claimSql)) {
            ps.setObject(1, meetingId);
            ps.setString(2, key);
            ps.setString(3, candidate);
            ps.setString(4, identity);
            ps.setString(5, role);
            setInstant(ps, 6, now);
            setInstant(ps, 7, expiresAt);
            ps.setString(8, ParticipantNameStore.baseKeyOf(key));
            ps.setInt(9, ParticipantNameStore.suffixOf(key));
            setInstant(ps, 10, now);
            return ps.executeUpdate() == 1 ? Claim.CLAIMED : Claim.TAKEN;
        } catch (SQLException e) {
            if (JdbcAccess.isUniqueViolation(e)) {
                // H2's MERGE raced with another insert of the same name; PostgreSQL only gets here for the identity
                return JdbcAccess.violates(e, identityConstraint) ? Claim.IDENTITY_TAKEN : Claim.RETRY;
            }
            if (JdbcAccess.isConcurrentUpdate(e)) {
                return Claim.RETRY;
            }
            throw e;
        }
    }

    /**
     * Deletes the expired reservation of {@code identity}, if there is one, and puts its number into the pool.
     *
     * @return how many were deleted (0 or 1)
     */
    private int deleteExpiredIdentity(Connection c, UUID meetingId, String identity, Instant now) throws SQLException {
        String delete = "DELETE FROM " + table + " WHERE meeting_id = ? AND identity = ? AND expires_at <= ?";
        String sql = dialect == JdbcDialect.POSTGRESQL
                ? delete + " RETURNING name_key"
                : "SELECT name_key FROM OLD TABLE (" + delete + ")";
        List<String> deleted = JdbcAccess.query(
                c,
                sql,
                ps -> {
                    ps.setObject(1, meetingId);
                    ps.setString(2, identity);
                    setInstant(ps, 3, now);
                },
                rs -> rs.getString(1));
        for (String key : deleted) {
            int suffix = ParticipantNameStore.suffixOf(key);
            if (suffix > 1) {
                insertFreed(c, meetingId, ParticipantNameStore.baseKeyOf(key), suffix);
            }
        }
        return deleted.size();
    }

    @Override
    public Optional<NameReservation> findByIdentity(UUID meetingId, String identity, Instant now) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(now, "now");
        if (identity.length() > IDENTITY_MAX) {
            return Optional.empty();
        }
        return jdbc.queryOne(
                "name reservation lookup",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ? AND identity = ? AND expires_at > ?",
                ps -> {
                    ps.setObject(1, meetingId);
                    ps.setString(2, identity);
                    setInstant(ps, 3, now);
                },
                JdbcParticipantNameStore::map);
    }

    @Override
    public List<NameReservation> list(UUID meetingId, Instant now) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(now, "now");
        return jdbc.query(
                "name reservation list",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ? AND expires_at > ?",
                ps -> {
                    ps.setObject(1, meetingId);
                    setInstant(ps, 2, now);
                },
                JdbcParticipantNameStore::map);
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the role is longer than its column
     */
    @Override
    public Optional<NameReservation> updateRole(UUID meetingId, String identity, String role, Instant now) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(now, "now");
        JdbcAccess.limits().check("role", role, ROLE_MAX).throwIfAny();
        return jdbc.withConnection(
                "name reservation role change",
                c -> changeColumns(c, meetingId, identity, now, "role = ?", 1, ps -> ps.setString(1, role)));
    }

    @Override
    public Optional<NameReservation> renew(UUID meetingId, String identity, Instant now, Instant expiresAt) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        return jdbc.withConnection(
                "name reservation renewal",
                c -> changeColumns(
                        c, meetingId, identity, now, "expires_at = ?", 1, ps -> setInstant(ps, 1, expiresAt)));
    }

    /**
     * Sets columns of the live reservation of {@code identity} and reads it back, in one transaction on {@code c}.
     *
     * @param set the SET list, with {@code setParams} parameters that {@code setBinder} binds from index 1
     * @return the changed reservation, or empty if there is no live one
     */
    private Optional<NameReservation> changeColumns(
            Connection c,
            UUID meetingId,
            String identity,
            Instant now,
            String set,
            int setParams,
            JdbcAccess.Binder setBinder)
            throws SQLException {
        if (identity.length() > IDENTITY_MAX) {
            return Optional.empty();
        }
        return JdbcAccess.inTransaction(c, tx -> {
            int updated = JdbcAccess.update(
                    tx,
                    "UPDATE " + table + " SET " + set + " WHERE meeting_id = ? AND identity = ? AND expires_at > ?",
                    ps -> {
                        setBinder.bind(ps);
                        ps.setObject(setParams + 1, meetingId);
                        ps.setString(setParams + 2, identity);
                        setInstant(ps, setParams + 3, now);
                    });
            if (updated != 1) {
                return Optional.<NameReservation>empty();
            }
            return JdbcAccess.query(
                            tx,
                            "SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ? AND identity = ?",
                            ps -> {
                                ps.setObject(1, meetingId);
                                ps.setString(2, identity);
                            },
                            JdbcParticipantNameStore::map)
                    .stream()
                    .findFirst();
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>A numbered name's number goes to the pool of its base name in the same transaction.
     */
    @Override
    public boolean release(UUID meetingId, String identity) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        if (identity.length() > IDENTITY_MAX) {
            return false;
        }
        // one statement deletes the identity's reservation (unique per meeting) and returns its key; the freed
        // number, if any, is stored in the same transaction
        return jdbc.inTransaction("name release", c -> {
            List<String> keys = JdbcAccess.query(
                    c,
                    releaseSql,
                    ps -> {
                        ps.setObject(1, meetingId);
                        ps.setString(2, identity);
                    },
                    rs -> rs.getString(1));
            if (keys.isEmpty()) {
                return false;
            }
            int suffix = ParticipantNameStore.suffixOf(keys.get(0));
            if (suffix > 1) {
                insertFreed(c, meetingId, ParticipantNameStore.baseKeyOf(keys.get(0)), suffix);
            }
            return true;
        });
    }

    /** {@inheritDoc} The meeting's freed numbers and counters go too, so its numbering starts over. */
    @Override
    public int releaseAll(UUID meetingId) {
        Objects.requireNonNull(meetingId, "meetingId");
        return jdbc.inTransaction("name release", c -> {
            int n = JdbcAccess.update(
                    c, "DELETE FROM " + table + " WHERE meeting_id = ?", ps -> ps.setObject(1, meetingId));
            JdbcAccess.update(c, "DELETE FROM " + freed + " WHERE meeting_id = ?", ps -> ps.setObject(1, meetingId));
            JdbcAccess.update(c, "DELETE FROM " + numbers + " WHERE meeting_id = ?", ps -> ps.setObject(1, meetingId));
            return n;
        });
    }

    /** {@inheritDoc} The numbers of the deleted numbered names go to their pools in the same transaction. */
    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        String pool = dialect == JdbcDialect.POSTGRESQL
                ? "INSERT INTO " + freed + " (meeting_id, base_key, suffix) SELECT meeting_id, base_key, suffix FROM "
                        + table + " WHERE expires_at <= ? AND suffix > 1 ON CONFLICT DO NOTHING"
                : "MERGE INTO " + freed + " (meeting_id, base_key, suffix) KEY (meeting_id, base_key, suffix)"
                        + " SELECT meeting_id, base_key, suffix FROM " + table
                        + " WHERE expires_at <= ? AND suffix > 1";
        return jdbc.inTransaction("expired name purge", c -> {
            JdbcAccess.update(c, pool, ps -> setInstant(ps, 1, now));
            return JdbcAccess.update(
                    c, "DELETE FROM " + table + " WHERE expires_at <= ?", ps -> setInstant(ps, 1, now));
        });
    }

    private static NameReservation map(ResultSet rs) throws SQLException {
        return new NameReservation(
                getUuid(rs, "meeting_id"),
                rs.getString("display_name"),
                rs.getString("identity"),
                rs.getString("role"),
                getRequiredInstant(rs, "reserved_at"),
                getRequiredInstant(rs, "expires_at"));
    }
}
