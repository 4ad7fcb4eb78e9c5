package io.meetkit.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import java.util.List;
import java.util.UUID;

/**
 * The stores a test runs on, one of each kind MeetKit ships: in memory, JDBC on H2 and JDBC on the shared embedded
 * PostgreSQL. For {@code @EnumSource} tests that hold the same behaviour on every store.
 */
enum StoreKind {
    IN_MEMORY,
    H2,
    POSTGRESQL;

    /**
     * Fresh stores of this kind: for a JDBC kind the database is cleaned and a new pool opened, added to
     * {@code closing} for the test to close.
     *
     * @param poolPrefix the pool name's prefix, which the test's name makes easy to find in a thread dump
     * @param poolSize the pool's size
     * @param closing where the pool is added
     * @return the stores
     */
    MeetKitStores open(String poolPrefix, int poolSize, List<AutoCloseable> closing) {
        if (this == IN_MEMORY) {
            return new InMemoryStores();
        }
        TestDatabase db = this == H2 ? TestDatabase.h2() : TestDatabase.postgres();
        db.clean();
        HikariDataSource pool = db.pool(poolPrefix + "-" + UUID.randomUUID(), poolSize);
        closing.add(pool);
        return JdbcStores.create(pool);
    }
}
