/**
 * MeetKit's stores on PostgreSQL and H2 with plain JDBC: {@link io.meetkit.jdbc.JdbcStores} gives all five stores
 * of {@link io.meetkit.store.MeetKitStores} from one {@link javax.sql.DataSource}. The schema ships in the jar
 * ({@code io/meetkit/jdbc/schema-postgresql.sql}, {@code schema-h2.sql}, the drop scripts, and the same DDL as
 * Flyway migrations under {@code db/migration/meetkit/<dialect>/}).
 */
@NullMarked
package io.meetkit.jdbc;

import org.jspecify.annotations.NullMarked;
