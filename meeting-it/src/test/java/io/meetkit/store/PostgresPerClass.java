package io.meetkit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.jdbc.JdbcStores;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@link StoppablePostgres} and one pool for a test class: started on first use with MeetKit's schema, shared by
 * the class's tests, closed by the class's {@code @AfterAll}. Thread-safe.
 */
public final class PostgresPerClass implements AutoCloseable {

    private final String poolName;
    private @Nullable StoppablePostgres postgres;
    private @Nullable HikariDataSource pool;

    /**
     * Creates the holder; nothing starts until {@link #stores()} or {@link #pool()}.
     *
     * @param poolName the pool's name, seen in Hikari's log lines
     */
    public PostgresPerClass(String poolName) {
        this.poolName = poolName;
    }

    /** The PostgreSQL, started (with the schema) on first use. */
    public synchronized StoppablePostgres postgres() {
        pool();
        return Objects.requireNonNull(postgres);
    }

    /** The pool of 8 connections, started (with the schema) on first use. */
    public synchronized HikariDataSource pool() {
        if (pool == null) {
            postgres = StoppablePostgres.start();
            pool = postgres.pool(poolName, 8);
            JdbcStores.create(pool).initializeSchema();
        }
        return pool;
    }

    /** New JdbcStores over the shared pool. */
    public JdbcStores stores() {
        return JdbcStores.create(pool());
    }

    /** Closes the pool and stops the PostgreSQL, if they were started. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
