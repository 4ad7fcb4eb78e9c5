package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema files in the jar and how JdbcStores reads them. */
class SchemaResourcesTest {

    /** Every Flyway migration, in version order. */
    static final java.util.List<String> MIGRATIONS = java.util.List.of(
            "V1__meetkit_schema.sql",
            "V2__meetkit_names.sql",
            "V3__meetkit_outbox.sql",
            "V4__meetkit_participant_bans.sql",
            "V5__meetkit_role_permissions.sql",
            "V6__meetkit_recording_stop.sql",
            "V7__meetkit_meeting_limits.sql");

    private static final java.util.List<String> TABLES = java.util.List.of(
            "meetkit_meetings",
            "meetkit_recordings",
            "meetkit_name_reservations",
            "meetkit_name_numbers",
            "meetkit_name_freed",
            "meetkit_webhook_events",
            "meetkit_leases",
            "meetkit_outbox_events",
            "meetkit_outbox_sequences",
            "meetkit_outbox_cursors",
            "meetkit_outbox_deliveries",
            "meetkit_participant_bans");

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaResourcesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void flywayMigrationsAreTheShippedSchema(JdbcDialect dialect) throws IOException {
        String base = "db/migration/meetkit/" + dialect.id() + "/";
        java.util.List<String> migrated = new java.util.ArrayList<>();
        for (String migration : MIGRATIONS) {
            migrated.addAll(JdbcStores.statements(resource(base + migration)));
        }
        assertThat(JdbcStores.statements(resource(dialect.schemaResource())))
                .as("the shipped schema is every migration's statements, in order")
                .containsExactlyElementsOf(migrated);
        String drop = resource(dialect.dropResource());
        for (String table : TABLES) {
            assertThat(drop).contains("DROP TABLE IF EXISTS " + table + ";");
            assertThat(resource(dialect.schemaResource())).contains("CREATE TABLE IF NOT EXISTS " + table + " (");
        }
        assertThat(dialect.flywayLocation()).isEqualTo("classpath:db/migration/meetkit/" + dialect.id());
        assertThat(resource(dialect.dropResource())).contains("DROP TABLE IF EXISTS meetkit_meetings");
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void unfinishedStatusesMatchTheSchema(JdbcDialect dialect) throws IOException {
        assertThat(JdbcRecordingStore.UNFINISHED).isEqualTo("('STARTING', 'ACTIVE', 'ENDING')");
        assertThat(resource(dialect.schemaResource())).contains("status IN " + JdbcRecordingStore.UNFINISHED);
    }

    @Test
    void splitsScriptsIntoStatements() {
        assertThat(JdbcStores.statements("-- a comment; with a semicolon\nCREATE TABLE a (x int);\n\n"
                        + "  -- another\nCREATE INDEX b ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x int)", "CREATE INDEX b ON a (x)");
    }

    @Test
    void detectsDialectsByProductName() {
        assertThat(JdbcDialect.fromProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.fromProductName("H2")).isEqualTo(JdbcDialect.H2);
        assertThatThrownBy(() -> JdbcDialect.fromProductName("MySQL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MySQL");
    }

    @Test
    void refusesBadTablePrefixes() {
        var builder = JdbcStores.builder(new JdbcStoreContracts.UnreachableDataSource());
        assertThatThrownBy(() -> builder.tablePrefix("meetkit; DROP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meetkit; DROP");
        assertThatThrownBy(() -> builder.tablePrefix("1x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tablePrefix("Upper_")).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.tablePrefix("app_").dialect(JdbcDialect.H2).build().tablePrefix())
                .isEqualTo("app_");
    }
}
