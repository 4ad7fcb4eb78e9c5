package io.meetkit.recording;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.store.StoppablePostgres;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link EgressReconcileTest} on JdbcStores over a real PostgreSQL: the recordings the job creates, binds and ends are
 * rows in one shared database.
 */
class PostgresEgressReconcileTest extends EgressReconcileTest {

    private static StoppablePostgres postgres;
    private static HikariDataSource pool;

    private static synchronized JdbcStores jdbcStores() {
        if (postgres == null) {
            postgres = StoppablePostgres.start();
            pool = postgres.pool("egress-reconcile", 8);
            JdbcStores.create(pool).initializeSchema();
        }
        return JdbcStores.create(pool);
    }

    @AfterAll
    static void stopPostgres() {
        if (pool != null) {
            pool.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void onPostgres() {
        kit.close();
        kit = kit(jdbcStores(), Clock.systemUTC(), true, false, Duration.ofSeconds(10));
        current = kit;
    }
}
