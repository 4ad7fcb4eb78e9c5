package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.getRequiredInstant;
import static io.meetkit.jdbc.JdbcAccess.getUuid;
import static io.meetkit.jdbc.JdbcAccess.setInstant;

import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.store.ParticipantBan;
import io.meetkit.store.ParticipantBanStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link ParticipantBanStore} in a SQL table ({@code <prefix>participant_bans}, primary key
 * {@code (meeting_id, identity)}). {@link #ban} is one atomic upsert that replaces a lapsed or shorter ban and keeps a
 * longer one (PostgreSQL {@code INSERT … ON CONFLICT DO UPDATE … WHERE}, H2 {@code MERGE}), so concurrent kicks on
 * several instances end with the longest ban. Times are the caller's {@code now}, never the database clock.
 *
 * <p>Identities longer than 255 characters are refused with {@link InvalidRequestException}; database failures throw
 * {@link StoreException}. Thread-safe; get it from {@link JdbcStores#participantBans()}.
 */
public final class JdbcParticipantBanStore implements ParticipantBanStore {

    static final int IDENTITY_MAX = 255;
    private static final int MAX_RETRIES = 50;
    private static final String COLUMNS = "meeting_id, identity, banned_at, banned_until";

    private final JdbcAccess jdbc;
    private final String table;
    private final String banSql;

    JdbcParticipantBanStore(JdbcAccess jdbc, JdbcDialect dialect, String prefix) {
        this.jdbc = jdbc;
        this.table = prefix + "participant_bans";
        this.banSql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + table + " AS b (" + COLUMNS + ") VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (meeting_id, identity) DO UPDATE SET banned_at = EXCLUDED.banned_at,"
                        + " banned_until = EXCLUDED.banned_until"
                        + " WHERE b.banned_until <= ? OR b.banned_until < EXCLUDED.banned_until";
            case H2 ->
                "MERGE INTO " + table + " b USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR(" + IDENTITY_MAX
                        + ")), CAST(? AS TIMESTAMP(6) WITH TIME ZONE), CAST(? AS TIMESTAMP(6) WITH TIME ZONE)))"
                        + " s(" + COLUMNS + ") ON b.meeting_id = s.meeting_id AND b.identity = s.identity"
                        + " WHEN MATCHED AND (b.banned_until <= ? OR b.banned_until < s.banned_until) THEN UPDATE SET"
                        + " banned_at = s.banned_at, banned_until = s.banned_until"
                        + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.meeting_id, s.identity,"
                        + " s.banned_at, s.banned_until)";
        };
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the identity is longer than 255 characters
     */
    @Override
    public ParticipantBan ban(UUID meetingId, String identity, Instant now, Instant until) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        JdbcAccess.limits().check("identity", identity, IDENTITY_MAX).throwIfAny();
        return jdbc.withConnection("participant ban", c -> {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(banSql)) {
                    ps.setObject(1, meetingId);
                    ps.setString(2, identity);
                    setInstant(ps, 3, now);
                    setInstant(ps, 4, until);
                    setInstant(ps, 5, now);
                    ps.executeUpdate();
                    break;
                } catch (SQLException e) {
                    // H2: a concurrent insert or change of the same row; the next MERGE sees it
                    boolean retry = JdbcAccess.isUniqueViolation(e) || JdbcAccess.isConcurrentUpdate(e);
                    if (!retry || attempt >= MAX_RETRIES) {
                        throw e;
                    }
                }
            }
            List<ParticipantBan> rows =
                    JdbcAccess.query(c, selectOne(), ps -> bindKey(ps, meetingId, identity), this::map);
            return rows.get(0);
        });
    }

    @Override
    public Optional<ParticipantBan> find(UUID meetingId, String identity, Instant now) {
        Objects.requireNonNull(now, "now");
        return jdbc.queryOne("participant ban lookup", selectOne(), ps -> bindKey(ps, meetingId, identity), this::map)
                .filter(b -> b.until().isAfter(now));
    }

    @Override
    public List<ParticipantBan> list(UUID meetingId, Instant now) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(now, "now");
        return jdbc.query(
                "participant ban list",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ? AND banned_until > ?",
                ps -> {
                    ps.setObject(1, meetingId);
                    setInstant(ps, 2, now);
                },
                this::map);
    }

    @Override
    public boolean lift(UUID meetingId, String identity) {
        return jdbc.update(
                        "participant ban lift",
                        "DELETE FROM " + table + " WHERE meeting_id = ? AND identity = ?",
                        ps -> bindKey(ps, meetingId, identity))
                > 0;
    }

    @Override
    public int liftAll(UUID meetingId) {
        Objects.requireNonNull(meetingId, "meetingId");
        return jdbc.update(
                "participant ban lift all",
                "DELETE FROM " + table + " WHERE meeting_id = ?",
                ps -> ps.setObject(1, meetingId));
    }

    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return jdbc.update(
                "participant ban purge",
                "DELETE FROM " + table + " WHERE banned_until <= ?",
                ps -> setInstant(ps, 1, now));
    }

    private String selectOne() {
        return "SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ? AND identity = ?";
    }

    private static void bindKey(PreparedStatement ps, UUID meetingId, String identity) throws SQLException {
        ps.setObject(1, Objects.requireNonNull(meetingId, "meetingId"));
        ps.setString(2, Objects.requireNonNull(identity, "identity"));
    }

    private ParticipantBan map(ResultSet rs) throws SQLException {
        return new ParticipantBan(
                getUuid(rs, "meeting_id"),
                rs.getString("identity"),
                getRequiredInstant(rs, "banned_at"),
                getRequiredInstant(rs, "banned_until"));
    }
}
