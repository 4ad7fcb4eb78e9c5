package io.meetkit.spring;

import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stores: JDBC when meeting-jdbc and one {@code DataSource} are present, else in-memory. */
final class MeetKitStoresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MeetKitStoresConfiguration.class);

    private MeetKitStoresConfiguration() {}

    /** JDBC stores (filled in once meeting-jdbc's {@code JdbcStores} exists). */
    @Configuration(proxyBeanMethods = false)
    static class Jdbc {}

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
