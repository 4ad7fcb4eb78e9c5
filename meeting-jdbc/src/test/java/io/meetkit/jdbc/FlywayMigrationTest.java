package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.ConflictException;
import io.meetkit.meeting.Meeting;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The shipped Flyway migrations create a schema the stores work on, on H2 and on PostgreSQL. */
class FlywayMigrationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void migratesH2() {
        try (HikariDataSource ds = pool("jdbc:h2:mem:flyway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa")) {
            migrateAndUse(ds, JdbcDialect.H2);
        }
    }

    @Test
    void migratesPostgres() {
        String database =
                "flyway_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase.execute(TestDatabase.postgres().poolA, "CREATE DATABASE " + database);
        String url = TestDatabase.embeddedPostgres().getJdbcUrl("postgres", database);
        try (HikariDataSource ds = pool(url, "postgres")) {
            migrateAndUse(ds, JdbcDialect.POSTGRESQL);
        }
    }

    private static void migrateAndUse(HikariDataSource ds, JdbcDialect dialect) {
        MigrateResult result = Flyway.configure()
                .dataSource(ds)
                .locations(dialect.flywayLocation())
                .load()
                .migrate();
        assertThat(result.migrationsExecuted).isEqualTo(SchemaResourcesTest.MIGRATIONS.size());
        String last = SchemaResourcesTest.MIGRATIONS.get(SchemaResourcesTest.MIGRATIONS.size() - 1);
        assertThat(result.targetSchemaVersion).isEqualTo(last.substring(1, last.indexOf("__")));

        JdbcStores stores = JdbcStores.create(ds);
        assertThat(stores.dialect()).isEqualTo(dialect);
        UUID id = UUID.randomUUID();
        Meeting m = Meeting.builder()
                .id(id)
                .roomName("room-" + id)
                .title("Flyway")
                .createdBy("u")
                .moderatorSecret("m")
                .speakerSecret("s")
                .createdAt(T0)
                .updatedAt(T0)
                .build();
        stores.meetings().insert(m);
        assertThat(stores.meetings().findById(id)).contains(m);
        stores.recordings().insert(recording(id));
        assertThatThrownBy(() -> stores.recordings().insert(recording(id)))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.RECORDING_IN_PROGRESS));
        assertThat(stores.participantNames()
                        .reserve(id, "Alice", null, "SPEAKER", T0, T0.plusSeconds(60))
                        .displayName())
                .isEqualTo("Alice");
        // initializeSchema() on a Flyway-migrated database changes nothing
        stores.initializeSchema();
        assertThat(stores.meetings().findById(id)).contains(m);
    }

    private static Recording recording(UUID meetingId) {
        return Recording.builder()
                .id(UUID.randomUUID())
                .meetingId(meetingId)
                .status(RecordingStatus.STARTING)
                .objectKey("k")
                .startedBy("u")
                .createdAt(T0)
                .updatedAt(T0)
                .build();
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setMaximumPoolSize(2);
        return new HikariDataSource(c);
    }
}
