package io.meetkit.examples.boot.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Creates the first admin on a database without one: username {@code app.auth.admin.username}, password
 * {@code app.auth.admin.password} ({@code APP_ADMIN_PASSWORD}) or, when that is empty, a random one printed once.
 */
final class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AuthService auth;
    private final AuthProperties.Admin admin;
    private final SecureRandom random;

    AdminBootstrap(AuthService auth, AuthProperties.Admin admin, SecureRandom random) {
        this.auth = auth;
        this.admin = admin;
        this.random = random;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (auth.anyAdmin()) {
            return;
        }
        String password = admin.password();
        boolean generated = password == null || password.isEmpty();
        if (generated) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        try {
            auth.register(admin.username(), password, Role.ADMIN);
        } catch (AuthException e) {
            if ("username_taken".equals(e.code())) {
                log.warn(
                        "No admin exists, and the username {} (app.auth.admin.username) belongs to a user: no admin"
                                + " was created. Choose another app.auth.admin.username.",
                        admin.username());
                return;
            }
            throw new IllegalStateException("app.auth.admin is invalid: " + e.getMessage(), e);
        }
        if (generated) {
            log.warn(
                    "\n\n    Created the admin user '{}' with the generated password:  {}\n"
                            + "    It is printed only this once. Set APP_ADMIN_PASSWORD to choose it on a new database.\n",
                    admin.username(),
                    password);
        } else {
            log.info("Created the admin user '{}' with the password from app.auth.admin.password", admin.username());
        }
    }
}
