package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.setInstant;

import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.store.LeaseStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link LeaseStore} in a SQL table ({@code <prefix>leases}, primary key {@code name}), like ShedLock's JDBC
 * provider: acquiring is one statement that inserts the lease, or takes it over if it expired or is already ours
 * (PostgreSQL {@code INSERT … ON CONFLICT DO UPDATE … WHERE}, H2 {@code MERGE}). Times are the caller's, so the
 * instances' clocks should agree within a small fraction of the lease time.
 *
 * <p>Names and owners longer than 255 characters are refused with {@link InvalidRequestException}; database failures
 * throw {@link StoreException}. Thread-safe; get it from {@link JdbcStores#leases()}.
 */
public final class JdbcLeaseStore implements LeaseStore {

    static final int NAME_MAX = 255;
    private static final int MAX_RETRIES = 50;

    private final JdbcAccess jdbc;
    private final String table;
    private final String acquireSql;

    JdbcLeaseStore(JdbcAccess jdbc, JdbcDialect dialect, String prefix) {
        this.jdbc = jdbc;
        this.table = prefix + "leases";
        this.acquireSql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + table + " AS l (name, owner, locked_until) VALUES (?, ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, locked_until = EXCLUDED.locked_until"
                        + " WHERE l.owner = EXCLUDED.owner OR l.locked_until <= ?";
            case H2 ->
                "MERGE INTO " + table + " l USING (VALUES (CAST(? AS VARCHAR(" + NAME_MAX + ")), CAST(? AS"
                        + " VARCHAR(" + NAME_MAX + ")), CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s(name, owner,"
                        + " locked_until) ON l.name = s.name"
                        + " WHEN MATCHED AND (l.owner = s.owner OR l.locked_until <= ?) THEN UPDATE SET owner = s.owner,"
                        + " locked_until = s.locked_until"
                        + " WHEN NOT MATCHED THEN INSERT (name, owner, locked_until) VALUES (s.name, s.owner,"
                        + " s.locked_until)";
        };
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if the name or owner is longer than 255 characters
     */
    @Override
    public boolean tryAcquire(String name, String owner, Instant now, Instant until) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        JdbcAccess.limits()
                .check("name", name, NAME_MAX)
                .check("owner", owner, NAME_MAX)
                .throwIfAny();
        return jdbc.withConnection("lease acquisition", c -> {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(acquireSql)) {
                    ps.setString(1, name);
                    ps.setString(2, owner);
                    setInstant(ps, 3, until);
                    setInstant(ps, 4, now);
                    return ps.executeUpdate() == 1;
                } catch (SQLException e) {
                    // H2: a concurrent insert or change of the same lease; the next MERGE sees it
                    boolean retry = JdbcAccess.isUniqueViolation(e) || JdbcAccess.isConcurrentUpdate(e);
                    if (!retry || attempt >= MAX_RETRIES) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public boolean release(String name, String owner) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        return jdbc.update("lease release", "DELETE FROM " + table + " WHERE name = ? AND owner = ?", ps -> {
                    ps.setString(1, name);
                    ps.setString(2, owner);
                })
                > 0;
    }
}
