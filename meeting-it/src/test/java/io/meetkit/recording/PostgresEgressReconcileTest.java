package io.meetkit.recording;

import io.meetkit.jdbc.JdbcStores;
import io.meetkit.store.PostgresPerClass;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link EgressReconcileTest} on JdbcStores over a real PostgreSQL: the recordings the job creates, binds and ends are
 * rows in one shared database.
 */
class PostgresEgressReconcileTest extends EgressReconcileTest {

    private static final PostgresPerClass PG = new PostgresPerClass("egress-reconcile");

    private static JdbcStores jdbcStores() {
        return PG.stores();
    }

    @AfterAll
    static void stopPostgres() {
        PG.close();
    }

    @BeforeEach
    void onPostgres() {
        kit.close();
        kit = kit(jdbcStores(), Clock.systemUTC(), true, false, Duration.ofSeconds(10));
        current = kit;
    }
}
