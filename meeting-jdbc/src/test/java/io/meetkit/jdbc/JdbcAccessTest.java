package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.StoreException;
import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which SQL failures are retryable, and the LIKE escaping. */
class JdbcAccessTest {

    @Test
    void connectionServerAndLockFailuresAreRetryable() {
        for (String state : new String[] {"08001", "08006", "57P01", "57P03", "53300", "40001", "40P01", "HYT00"}) {
            assertThat(JdbcAccess.isRetryable(new SQLException("x", state)))
                    .as(state)
                    .isTrue();
        }
        assertThat(JdbcAccess.isRetryable(new SQLTransientConnectionException("pool timeout")))
                .isTrue();
        assertThat(JdbcAccess.isRetryable(new SQLException("I/O", null, new EOFException())))
                .isTrue();
        SQLException chained = new SQLException("batch", "XX000");
        chained.setNextException(new SQLException("conn", "08003"));
        assertThat(JdbcAccess.isRetryable(chained)).isTrue();
    }

    @Test
    void statementFailuresAreNotRetryable() {
        for (String state : new String[] {"42P01", "23505", "22001", "XX000"}) {
            assertThat(JdbcAccess.isRetryable(new SQLException("x", state)))
                    .as(state)
                    .isFalse();
        }
        assertThat(JdbcAccess.isRetryable(new SQLException("no state"))).isFalse();
    }

    @Test
    void failureNamesTheOperationAndKeepsTheCause() {
        SQLException cause = new SQLException("Connection refused", "08001");
        StoreException e = JdbcAccess.failure("meeting insert", cause);
        assertThat(e.getMessage()).contains("meeting insert").contains("08001");
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void likeLiteralEscapesWildcards() {
        assertThat(JdbcAccess.likeLiteral("100%_a\\b")).isEqualTo("100\\%\\_a\\\\b");
    }
}
