package io.meetkit.spring;

import io.meetkit.StoreException;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stores: JDBC when meeting-jdbc and one {@code DataSource} are present, else in-memory. */
final class MeetKitStoresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MeetKitStoresConfiguration.class);

    private MeetKitStoresConfiguration() {}

    /** JDBC stores on the application's DataSource, creating the schema as {@code meetkit.jdbc.initialize-schema} says. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.meetkit.jdbc.JdbcStores")
    @ConditionalOnSingleCandidate(DataSource.class)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean(MeetKitStores.class)
        JdbcStores meetKitJdbcStores(DataSource dataSource, MeetKitProperties properties) {
            MeetKitProperties.Jdbc jdbc = properties.getJdbc();
            JdbcStores stores = JdbcStores.builder(dataSource)
                    .tablePrefix(jdbc.getTablePrefix())
                    .build();
            boolean initialize = switch (jdbc.getInitializeSchema()) {
                case ALWAYS -> true;
                case NEVER -> false;
                case EMBEDDED -> isEmbedded(dataSource);
            };
            if (initialize) {
                stores.initializeSchema();
                log.info(
                        "MeetKit uses JDBC stores ({}, tables {}*), schema initialized",
                        stores.dialect(),
                        stores.tablePrefix());
            } else {
                log.info(
                        "MeetKit uses JDBC stores ({}, tables {}*); the schema is the application's to create"
                                + " (meetkit.jdbc.initialize-schema={})",
                        stores.dialect(),
                        stores.tablePrefix(),
                        jdbc.getInitializeSchema().name().toLowerCase(Locale.ROOT));
            }
            return stores;
        }

        /** In-memory databases only, as Spring Boot's own schema initialization decides "embedded". */
        static boolean isEmbedded(DataSource dataSource) {
            try (Connection c = dataSource.getConnection()) {
                String url = String.valueOf(c.getMetaData().getURL()).toLowerCase(Locale.ROOT);
                return url.startsWith("jdbc:h2:mem:")
                        || url.startsWith("jdbc:hsqldb:mem:")
                        || url.startsWith("jdbc:derby:memory:");
            } catch (SQLException e) {
                throw new StoreException(
                        "cannot read the DataSource's URL to decide meetkit.jdbc.initialize-schema", true, e);
            }
        }
    }

    /** In-memory stores, with a warning that nothing is persisted. */
    @Configuration(proxyBeanMethods = false)
    static class InMemory {

        @Bean
        @ConditionalOnMissingBean
        MeetKitStores meetKitStores() {
            log.warn("MeetKit uses in-memory stores: meetings, recordings and webhook ids are NOT persisted and not"
                    + " shared between instances. Add io.meetkit:meeting-jdbc and a DataSource for production.");
            return new InMemoryStores();
        }
    }
}
