package io.meetkit.jdbc;

/** Every store contract and the JDBC behaviour on H2. */
class H2StoresTest extends JdbcStoreContracts {

    @Override
    TestDatabase db() {
        return TestDatabase.h2();
    }
}
