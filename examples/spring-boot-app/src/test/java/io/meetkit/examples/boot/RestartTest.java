package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application started twice on the same H2 file, as {@code spring-boot:run} would: the first start generates
 * the admin's password and prints it once; after a restart the users, their passwords and the meetings are there.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTest {

    static final Pattern GENERATED = Pattern.compile("generated password:\\s+(\\S+)");

    @TempDir
    Path dir;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(MeetingApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:"
                                + dir.resolve("meetkit").toAbsolutePath(),
                        "--app.auth.admin.password=",
                        "--app.auth.jwt-secret=",
                        "--spring.jmx.enabled=false");
    }

    static Http http(ConfigurableApplicationContext app) {
        return new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0")));
    }

    @Test
    void usersAndMeetingsSurviveARestart(CapturedOutput output) {
        String adminPassword;
        String meetingId;
        try (ConfigurableApplicationContext app = start()) {
            Matcher m = GENERATED.matcher(output.getAll());
            assertThat(m.find()).as("the generated admin password is printed").isTrue();
            adminPassword = m.group(1);
            Http http = http(app);
            String admin = http.login("admin", adminPassword);
            meetingId = http.post("/api/meetings", admin, Map.of("title", "Survives restarts"))
                    .at("/id");
            assertThat(http.post(
                                    "/auth/register",
                                    null,
                                    Map.of("username", "grace", "password", "correct horse battery"))
                            .status())
                    .isEqualTo(201);
        }

        try (ConfigurableApplicationContext app = start()) {
            Http http = http(app);
            String user = http.login("grace", "correct horse battery");
            Http.Response meeting = http.get("/api/meetings/" + meetingId, user);

            assertThat(meeting.status()).isEqualTo(200);
            assertThat(meeting.at("/title")).isEqualTo("Survives restarts");
            assertThat(http.login("admin", adminPassword)).isNotEmpty();
            assertThat(GENERATED.matcher(output.getAll()).results().count())
                    .as("the password is printed only on the first start")
                    .isEqualTo(1);
        }
    }
}
