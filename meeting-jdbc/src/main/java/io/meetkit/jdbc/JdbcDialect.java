package io.meetkit.jdbc;

import java.util.Locale;
import java.util.Objects;

/**
 * The databases MeetKit's JDBC stores support. The SQL that differs between them lives in the stores, chosen by
 * this value: PostgreSQL uses {@code INSERT … ON CONFLICT} and partial unique indexes, H2 uses standard
 * {@code MERGE} and a generated column.
 */
public enum JdbcDialect {
    /** PostgreSQL 15 or newer. */
    POSTGRESQL("postgresql"),
    /** H2 2.2 or newer, for tests and local development. */
    H2("h2");

    private final String id;

    JdbcDialect(String id) {
        this.id = id;
    }

    /** The short name used in resource names: {@code postgresql} or {@code h2}. */
    public String id() {
        return id;
    }

    /** The classpath resource of this dialect's schema script, for example {@code io/meetkit/jdbc/schema-h2.sql}. */
    public String schemaResource() {
        return "io/meetkit/jdbc/schema-" + id + ".sql";
    }

    /** The classpath resource of this dialect's drop script. */
    public String dropResource() {
        return "io/meetkit/jdbc/schema-drop-" + id + ".sql";
    }

    /** The Flyway location of this dialect's migrations, for example {@code classpath:db/migration/meetkit/h2}. */
    public String flywayLocation() {
        return "classpath:db/migration/meetkit/" + id;
    }

    /**
     * Returns the dialect of a JDBC {@code DatabaseMetaData.getDatabaseProductName()}.
     *
     * @throws IllegalArgumentException if the product is neither PostgreSQL nor H2
     */
    public static JdbcDialect fromProductName(String productName) {
        Objects.requireNonNull(productName, "productName");
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("unsupported database (MeetKit supports PostgreSQL and H2): " + productName);
    }
}
