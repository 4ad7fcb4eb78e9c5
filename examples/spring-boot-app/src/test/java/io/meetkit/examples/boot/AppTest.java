package io.meetkit.examples.boot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application on a random port, on an in-memory H2 database and the embedded local services. Every test class
 * with this annotation shares one application context (Spring's test context cache), so the suite starts it once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = MeetingApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:meetkit-app-test;DB_CLOSE_DELAY=-1",
            "app.auth.admin.username=admin",
            "app.auth.admin.password=" + AppTest.ADMIN_PASSWORD,
            "app.auth.jwt-secret=" + AppTest.JWT_SECRET
        })
@interface AppTest {
    String ADMIN_PASSWORD = "admin-password-for-tests";
    String JWT_SECRET = "a-test-only-access-token-key-of-32-bytes-or-more";
}
