package io.meetkit.examples.boot;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The seed's meeting system: admins create and manage meetings, users list them and get tokens to join, recordings
 * go to S3. Users and JWT authentication are the application's; meetings, tokens, recordings and LiveKit webhooks
 * come from {@code meeting-spring-starter}.
 *
 * <p>Run it with {@code ./mvnw -B -ntp -pl examples/spring-boot-app -am spring-boot:run}: without configuration it
 * uses an H2 file under {@code ./data}, an in-process LiveKit simulation and an in-process S3.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MeetingApplication {

    /** Created by Spring. */
    public MeetingApplication() {}

    /**
     * Starts the application.
     *
     * @param args Spring Boot's command-line arguments, for example {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(MeetingApplication.class, args);
    }

    /** The clock of the application, MeetKit included (tests may replace it). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
