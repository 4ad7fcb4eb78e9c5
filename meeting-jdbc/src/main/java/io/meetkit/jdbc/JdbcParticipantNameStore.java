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
 * A {@link ParticipantNameStore} in a SQL table ({@code <prefix>name_reservations}) with primary key
 * {@code (meeting_id, name_key)} and a unique index on {@code (meeting_id, identity)}.
 *
 * <p>{@link #reserve} needs no lock: it tries the candidates {@code Alice}, {@code Alice_2}, … in order, and each try
 * is one atomic statement that either inserts the name or takes over an expired reservation of it
 * (PostgreSQL: {@code INSERT … ON CONFLICT (meeting_id, name_key) DO UPDATE … WHERE expires_at <= now}; H2: the
 * equivalent standard {@code MERGE}). An update count of 1 means the name is ours; 0 means it is held, so the next
 * candidate is tried. The primary key makes this correct across any number of instances. Times are the caller's
 * {@code now}, never the database clock.
 *
 * <p>Values longer than their columns are refused with {@link InvalidRequestException} before any SQL runs; database
 * failures throw {@link StoreException}. Thread-safe; get it from {@link JdbcStores#participantNames()}.
 */
public final class JdbcParticipantNameStore implements ParticipantNameStore {

    static final int NAME_MAX = 320;
    static final int BASE_NAME_MAX = NAME_MAX - 4; // room for "_100"
    static final int IDENTITY_MAX = 255;
    static final int ROLE_MAX = 64;

    /** How often one candidate is retried after H2 reports a concurrent change of its row. */
    private static final int RETRIES_PER_CANDIDATE = 50;

    private enum Claim {
        CLAIMED,
        TAKEN,
        IDENTITY_TAKEN,
        RETRY
    }

    private static final String COLUMNS = "meeting_id, name_key, display_name, identity, role, reserved_at, expires_at";

    private final JdbcAccess jdbc;
    private final String table;
    private final String identityConstraint;
    private final String claimSql;

    JdbcParticipantNameStore(JdbcAccess jdbc, JdbcDialect dialect, String prefix) {
        this.jdbc = jdbc;
        this.table = prefix + "name_reservations";
        this.identityConstraint = prefix + "name_reservations_identity_uq";
        this.claimSql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + table + " AS r (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (meeting_id, name_key) DO UPDATE SET display_name = EXCLUDED.display_name,"
                        + " identity = EXCLUDED.identity, role = EXCLUDED.role, reserved_at = EXCLUDED.reserved_at,"
                        + " expires_at = EXCLUDED.expires_at WHERE r.expires_at <= ?";
            case H2 ->
                "MERGE INTO " + table + " r USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR(" + NAME_MAX
                        + ")), CAST(? AS VARCHAR(" + NAME_MAX + ")), CAST(? AS VARCHAR(" + IDENTITY_MAX
                        + ")), CAST(? AS VARCHAR(" + ROLE_MAX + ")), CAST(? AS TIMESTAMP(6) WITH TIME ZONE),"
                        + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s(" + COLUMNS + ")"
                        + " ON r.meeting_id = s.meeting_id AND r.name_key = s.name_key"
                        + " WHEN MATCHED AND r.expires_at <= ? THEN UPDATE SET display_name = s.display_name,"
                        + " identity = s.identity, role = s.role, reserved_at = s.reserved_at, expires_at = s.expires_at"
                        + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.meeting_id, s.name_key,"
                        + " s.display_name, s.identity, s.role, s.reserved_at, s.expires_at)";
        };
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the base name, identity or role is longer than its column
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
                .check("name", baseName, BASE_NAME_MAX)
                .check("identity", identity, IDENTITY_MAX)
                .check("role", role, ROLE_MAX)
                .throwIfAny();
        return jdbc.withConnection("name reservation", c -> {
            for (int round = 0; round < RETRIES_PER_CANDIDATE; round++) {
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
                NameReservation r = claimSmallestFree(c, meetingId, baseName, identity, role, now, expiresAt);
                if (r != null) {
                    return r;
                }
                // the identity got a reservation concurrently: take that one (next round renews it)
            }
            throw new ConflictException(
                    ConflictException.NAME_UNAVAILABLE,
                    "identity '" + identity + "' keeps changing its reservation concurrently");
        });
    }

    /**
     * Tries the candidates in order and returns the first claimed, or {@code null} when the given identity turned
     * out to hold a live reservation already.
     */
    private @Nullable NameReservation claimSmallestFree(
            Connection c,
            UUID meetingId,
            String baseName,
            @Nullable String identity,
            String role,
            Instant now,
            Instant expiresAt)
            throws SQLException {
        int retries = 0;
        try (PreparedStatement ps = c.prepareStatement(claimSql)) { // one statement for all candidates
            for (int n = 1; n <= MAX_ATTEMPTS; n++) {
                String candidate = ParticipantNameStore.candidate(baseName, n);
                String id = identity != null ? identity : candidate;
                switch (claim(ps, meetingId, candidate, id, role, now, expiresAt, identityConstraint)) {
                    case CLAIMED:
                        return new NameReservation(meetingId, candidate, id, role, now, expiresAt);
                    case TAKEN:
                        break;
                    case IDENTITY_TAKEN:
                        if (identity != null) {
                            return null;
                        }
                        // the candidate is someone else's identity: free it only if that reservation expired
                        if (deleteExpiredIdentity(c, meetingId, id, now) > 0) {
                            n--;
                        }
                        break;
                    case RETRY:
                        if (++retries > RETRIES_PER_CANDIDATE * MAX_ATTEMPTS) {
                            throw new ConflictException(
                                    ConflictException.NAME_UNAVAILABLE,
                                    "too much concurrent change while reserving '" + baseName + "'");
                        }
                        n--;
                        break;
                    default:
                        throw new IllegalStateException("unknown claim result");
                }
            }
        }
        throw new ConflictException(
                ConflictException.NAME_UNAVAILABLE,
                "no free display name for '" + baseName + "' after " + MAX_ATTEMPTS + " attempts");
    }

    /** One atomic attempt at one candidate. */
    private static Claim claim(
            PreparedStatement ps,
            UUID meetingId,
            String candidate,
            String identity,
            String role,
            Instant now,
            Instant expiresAt,
            String identityConstraint)
            throws SQLException {
        try {
            ps.setObject(1, meetingId);
            ps.setString(2, ParticipantNameStore.nameKey(candidate));
            ps.setString(3, candidate);
            ps.setString(4, identity);
            ps.setString(5, role);
            setInstant(ps, 6, now);
            setInstant(ps, 7, expiresAt);
            setInstant(ps, 8, now);
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

    private int deleteExpiredIdentity(Connection c, UUID meetingId, String identity, Instant now) throws SQLException {
        return JdbcAccess.update(
                c, "DELETE FROM " + table + " WHERE meeting_id = ? AND identity = ?" + " AND expires_at <= ?", ps -> {
                    ps.setObject(1, meetingId);
                    ps.setString(2, identity);
                    setInstant(ps, 3, now);
                });
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

    @Override
    public boolean release(UUID meetingId, String identity) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        return jdbc.update("name release", "DELETE FROM " + table + " WHERE meeting_id = ? AND identity = ?", ps -> {
                    ps.setObject(1, meetingId);
                    ps.setString(2, identity);
                })
                > 0;
    }

    @Override
    public int releaseAll(UUID meetingId) {
        Objects.requireNonNull(meetingId, "meetingId");
        return jdbc.update(
                "name release", "DELETE FROM " + table + " WHERE meeting_id = ?", ps -> ps.setObject(1, meetingId));
    }

    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return jdbc.update(
                "expired name purge", "DELETE FROM " + table + " WHERE expires_at <= ?", ps -> setInstant(ps, 1, now));
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
