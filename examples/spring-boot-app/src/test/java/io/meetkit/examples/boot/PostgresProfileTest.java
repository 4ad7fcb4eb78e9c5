package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code postgres} profile on a real PostgreSQL 17 (zonky): Flyway applies MeetKit's and the application's
 * migrations in their own histories, and users, meetings and refresh tokens work on it.
 */
class PostgresProfileTest {

    @Test
    void theAppRunsOnPostgreSql() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(MeetingApplication.class)
                        .run(
                                "--spring.profiles.active=postgres",
                                "--server.port=0",
                                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                                "--spring.datasource.username=postgres",
                                "--spring.datasource.password=",
                                "--app.auth.admin.password=" + AppTest.ADMIN_PASSWORD,
                                "--spring.jmx.enabled=false")) {
            Http http = RestartTest.http(app);

            String admin = http.login("admin", AppTest.ADMIN_PASSWORD);
            Http.Response meeting = http.post("/api/meetings", admin, Map.of("title", "On PostgreSQL"));
            assertThat(meeting.status()).isEqualTo(201);
            assertThat(http.post(
                                    "/auth/register",
                                    null,
                                    Map.of("username", "heidi", "password", "correct horse battery"))
                            .status())
                    .isEqualTo(201);
            Http.Response login =
                    http.post("/auth/login", null, Map.of("username", "heidi", "password", "correct horse battery"));
            Http.Response refreshed =
                    http.post("/auth/refresh", null, Map.of("refreshToken", login.at("/refreshToken")));
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(http.get("/api/meetings/" + meeting.at("/id"), refreshed.at("/accessToken"))
                            .at("/title"))
                    .isEqualTo("On PostgreSQL");

            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                assertThat(versions(s, "meetkit_schema_history")).contains("1");
                assertThat(versions(s, "app_schema_history")).contains("0", "1");
            }
        }
    }

    private static String versions(Statement s, String table) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery("SELECT version FROM " + table + " WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append(' ');
            }
        }
        return out.toString();
    }
}
