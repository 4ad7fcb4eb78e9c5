package io.meetkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A test database with two connection pools, as two application instances would have, and one {@link JdbcStores}
 * on each. One PostgreSQL (zonky, PostgreSQL 17) and one H2 database are shared by all tests of a run.
 */
final class TestDatabase {

    private static TestDatabase postgres;
    private static TestDatabase h2;
    private static EmbeddedPostgres embedded;

    final JdbcDialect dialect;
    final HikariDataSource poolA;
    final HikariDataSource poolB;
    final JdbcStores a;
    final JdbcStores b;
    private final String jdbcUrl;
    private final String user;

    private TestDatabase(JdbcDialect dialect, String jdbcUrl, String user) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.poolA = pool("a", 16);
        this.poolB = pool("b", 16);
        this.a = JdbcStores.create(poolA);
        this.b = JdbcStores.create(poolB);
        a.initializeSchema();
    }

    /** The shared PostgreSQL 17, started on first use and stopped when the JVM exits. */
    static synchronized TestDatabase postgres() {
        if (postgres == null) {
            EmbeddedPostgres pg = embeddedPostgres();
            postgres = new TestDatabase(JdbcDialect.POSTGRESQL, pg.getJdbcUrl("postgres", "postgres"), "postgres");
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::closePools));
        }
        return postgres;
    }

    /** The shared in-memory H2 database. */
    static synchronized TestDatabase h2() {
        if (h2 == null) {
            h2 = new TestDatabase(
                    JdbcDialect.H2, "jdbc:h2:mem:meetkit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
        }
        return h2;
    }

    static synchronized EmbeddedPostgres embeddedPostgres() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL (zonky); see the log above", e);
            }
        }
        return embedded;
    }

    /** Returns a new pool on this database; the caller closes it. */
    HikariDataSource pool(String name, int size) {
        return pool(name, size, true);
    }

    /** Returns a new pool on this database whose connections have the given auto-commit; the caller closes it. */
    HikariDataSource pool(String name, int size, boolean autoCommit) {
        HikariConfig config = new HikariConfig();
        config.setAutoCommit(autoCommit);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(size);
        config.setPoolName("test-" + dialect.id() + "-" + name + "-"
                + UUID.randomUUID().toString().substring(0, 4));
        return new HikariDataSource(config);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Deletes every row of MeetKit's tables. */
    void clean() {
        execute(
                poolA,
                "DELETE FROM meetkit_meetings",
                "DELETE FROM meetkit_recordings",
                "DELETE FROM meetkit_name_reservations",
                "DELETE FROM meetkit_name_numbers",
                "DELETE FROM meetkit_name_freed",
                "DELETE FROM meetkit_webhook_events",
                "DELETE FROM meetkit_leases",
                "DELETE FROM meetkit_participant_bans",
                "DELETE FROM meetkit_outbox_deliveries",
                "DELETE FROM meetkit_outbox_cursors",
                "DELETE FROM meetkit_outbox_sequences",
                "DELETE FROM meetkit_outbox_events");
    }

    static void execute(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closePools() {
        poolA.close();
        poolB.close();
    }
}
