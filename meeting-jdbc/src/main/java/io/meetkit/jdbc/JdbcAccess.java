package io.meetkit.jdbc;

import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.StoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC plumbing all stores share: one connection per operation, try-with-resources, and the translation of
 * {@link SQLException} into {@link StoreException}. Thread-safe (it holds only the data source).
 */
final class JdbcAccess {

    /** Work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** SQLStates after which the same call may succeed: the connection, the server or a lock got in the way. */
    private static final Set<String> RETRYABLE_STATES = Set.of(
            "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
            "53000", "53100", "53200", "53300", "53400", // insufficient resources, too many connections
            "40001", "40P01", // serialization failure, deadlock
            "HYT00", "90131"); // H2: lock timeout, concurrent update

    /** The connection of the transaction {@link #transaction} runs on this thread, for every JdbcAccess. */
    private static final ThreadLocal<Connection> CURRENT = new ThreadLocal<>();

    private final DataSource dataSource;
    /** The connection of this data source's transaction that {@link #transaction} runs on this thread. */
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    JdbcAccess(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} on a connection of its own. If the pool hands out connections without auto-commit, the work
     * is committed (or rolled back when it fails) before the connection goes back.
     */
    <T> T withConnection(String what, SqlWork<T> work) {
        Connection joined = bound.get();
        if (joined != null) {
            return onBound(what, joined, work);
        }
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) {
                return work.run(c);
            }
            return commitOrRollback(c, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction: all of it or nothing. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        Connection joined = bound.get();
        if (joined != null) {
            return onBound(what, joined, work);
        }
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction on a connection the caller holds: all of it or nothing, and the
     * connection's auto-commit is as it was afterwards. The one transaction helper of every JDBC store.
     */
    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        if (c == CURRENT.get()) {
            return work.run(c); // part of the caller's transaction, which commits it
        }
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            return commitOrRollback(c, work);
        } finally {
            if (autoCommit && !c.isClosed()) {
                resetAutoCommit(c);
            }
        }
    }

    private static <T> T onBound(String what, Connection c, SqlWork<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} as one transaction: every store call it makes on this data source, on this thread, uses one
     * connection, committed when the work returns and rolled back when it throws. A nested call joins the outer
     * transaction.
     */
    <T> T transaction(java.util.function.Supplier<T> work) {
        if (bound.get() != null) {
            return work.get();
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            Connection outer = CURRENT.get();
            bound.set(c);
            CURRENT.set(c);
            try {
                T result = work.get();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                bound.remove();
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
                if (autoCommit && !c.isClosed()) {
                    resetAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw failure("transaction", e);
        }
    }

    private static <T> T commitOrRollback(Connection c, SqlWork<T> work) throws SQLException {
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection; the pool discards it
        }
    }

    /** Executes one update statement on its own connection. */
    int update(String what, String sql, Binder binder) {
        return withConnection(what, c -> update(c, sql, binder));
    }

    /** Runs one query on its own connection. */
    <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
        return withConnection(what, c -> query(c, sql, binder, mapper));
    }

    /** Runs one query on its own connection and returns its first row. */
    <T> Optional<T> queryOne(String what, String sql, Binder binder, RowMapper<T> mapper) {
        List<T> rows = query(what, sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    // ---- errors

    /** Returns the store exception for a failed operation; its message names the operation and the SQLState. */
    static StoreException failure(String what, SQLException e) {
        boolean retryable = isRetryable(e);
        return new StoreException(
                what + " failed (SQLState " + e.getSQLState() + (retryable ? ", retryable" : "") + "): "
                        + e.getClass().getSimpleName(),
                retryable,
                e);
    }

    /**
     * Whether the failure came from the connection, the server's state or a lock, not from the statement: looks at
     * the exception, its causes and its chained SQL exceptions.
     */
    static boolean isRetryable(Throwable failure) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < 32) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || RETRYABLE_STATES.contains(state))) {
                    return true;
                }
                if (s.getNextException() != null) {
                    todo.add(s.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return false;
    }

    /** Whether the failure is a unique-key violation (SQLState 23505 on PostgreSQL and H2). */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Whether a unique violation names {@code constraint} (PostgreSQL quotes it, H2 upper-cases it). */
    static boolean violates(SQLException e, String constraint) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains(constraint.toLowerCase(Locale.ROOT));
    }

    /** Whether H2 refused an update because another transaction changed the same row: retrying works. */
    static boolean isConcurrentUpdate(SQLException e) {
        return "90131".equals(e.getSQLState()) || e.getErrorCode() == 90131;
    }

    // ---- values

    static void setInstant(PreparedStatement ps, int i, @Nullable Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    static @Nullable Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant getRequiredInstant(ResultSet rs, String column) throws SQLException {
        return Objects.requireNonNull(getInstant(rs, column), column);
    }

    static UUID getUuid(ResultSet rs, String column) throws SQLException {
        return Objects.requireNonNull(rs.getObject(column, UUID.class), column);
    }

    static void setNullableString(PreparedStatement ps, int i, @Nullable String s) throws SQLException {
        if (s == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, s);
        }
    }

    static void setNullableLong(PreparedStatement ps, int i, @Nullable Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static @Nullable Long getNullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Escapes {@code \}, {@code %} and {@code _} so that the text matches itself in {@code LIKE … ESCAPE '\'}. */
    static String likeLiteral(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' || ch == '%' || ch == '_') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    // ---- input limits, checked before any SQL runs

    /** Collects violations of column lengths, so that an over-long value fails with a clear message, not SQL. */
    static final class Limits {
        private final List<Violation> violations = new ArrayList<>();

        Limits check(String field, @Nullable String value, int max) {
            if (value != null && value.length() > max) {
                violations.add(new Violation(field, "must be at most " + max + " characters: " + value.length()));
            }
            return this;
        }

        /** @throws InvalidRequestException naming every over-long field */
        void throwIfAny() {
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations, null);
            }
        }
    }

    static Limits limits() {
        return new Limits();
    }
}
