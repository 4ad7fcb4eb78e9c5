package io.meetkit.examples.boot;

import io.meetkit.jdbc.JdbcStores;
import io.meetkit.store.MeetKitStores;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies the schema with Flyway, on H2 and on PostgreSQL: first MeetKit's migrations (shipped in meeting-jdbc under
 * {@code db/migration/meetkit/<vendor>}, with their own history table {@code meetkit_schema_history}, so that
 * MeetKit's versions never collide with the application's), then the application's ({@code db/migration/app/<vendor>},
 * Spring Boot's Flyway, history table {@code app_schema_history}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseMigrations {

    /** The history table of MeetKit's migrations. */
    static final String MEETKIT_HISTORY = "meetkit_schema_history";

    @Bean
    FlywayMigrationStrategy meetKitMigrationsFirst() {
        return appFlyway -> {
            DataSource dataSource = appFlyway.getConfiguration().getDataSource();
            Flyway.configure(appFlyway.getConfiguration().getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/meetkit/" + vendor(dataSource))
                    .table(MEETKIT_HISTORY)
                    .failOnMissingLocations(true)
                    // the application's tables may be there already; version 0 keeps MeetKit's V1 applicable
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            appFlyway.migrate();
        };
    }

    /**
     * MeetKit's JDBC stores on the application's data source, created after the migrations ran. (The starter backs
     * off its own stores for this bean.)
     */
    @Bean
    @DependsOnDatabaseInitialization
    MeetKitStores meetKitStores(DataSource dataSource) {
        return JdbcStores.create(dataSource);
    }

    /** {@code h2} or {@code postgresql}: the folder of the dialect's migrations, as Boot's {@code {vendor}}. */
    static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(c.getMetaData().getURL());
            if (driver != DatabaseDriver.H2 && driver != DatabaseDriver.POSTGRESQL) {
                throw new IllegalStateException(
                        "this example has migrations for H2 and PostgreSQL only, not " + driver.getId());
            }
            return driver.getId();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database to migrate it", e);
        }
    }
}
