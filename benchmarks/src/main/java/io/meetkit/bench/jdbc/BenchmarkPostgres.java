package io.meetkit.bench.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** The PostgreSQL every benchmark in this package runs on, and its connection pool: one set of settings for all. */
final class BenchmarkPostgres {

    private BenchmarkPostgres() {}

    /** Starts PostgreSQL 17 in-process (zonky) with fsync off, 256 MB shared buffers and 100 connections. */
    static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "100")
                .start();
    }

    /** A HikariCP pool of exactly {@code size} connections as user {@code postgres}. */
    static HikariDataSource pool(String jdbcUrl, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername("postgres");
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        return new HikariDataSource(c);
    }
}
