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

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaResourcesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void flywayMigrationIsTheShippedSchema(JdbcDialect dialect) throws IOException {
        String flyway = resource("db/migration/meetkit/" + dialect.id() + "/V1__meetkit_schema.sql");
        assertThat(flyway).isEqualTo(resource(dialect.schemaResource()));
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
