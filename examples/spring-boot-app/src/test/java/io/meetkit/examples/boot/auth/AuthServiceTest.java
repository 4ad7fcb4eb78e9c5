package io.meetkit.examples.boot.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/** Refresh-token expiry and concurrent use, with a clock the test moves, on H2 migrated by the app's Flyway scripts. */
class AuthServiceTest {

    /** A clock the test sets. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    AuthService auth;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/app/h2")
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        AccessTokens tokens =
                new AccessTokens(new SecretKeySpec(new byte[32], "HmacSHA256"), "test", Duration.ofMinutes(15), clock);
        auth = new AuthService(
                new UserRepository(jdbc),
                new RefreshTokenRepository(jdbc),
                tokens,
                new BCryptPasswordEncoder(4),
                new TransactionTemplate(new DataSourceTransactionManager(ds)),
                Duration.ofDays(7),
                clock,
                new SecureRandom());
        auth.register("ivan", "correct horse battery", Role.USER);
    }

    @Test
    void aRefreshTokenExpiresAfterSevenDays() {
        String refresh = auth.login("ivan", "correct horse battery").refreshToken();
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        String next = auth.refresh(refresh).refreshToken();

        clock.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> auth.refresh(next))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.code()).isEqualTo("refresh_token_expired"));
    }

    @Test
    void twoConcurrentUsesOfOneTokenNeverBothSucceed() throws Exception {
        for (int round = 0; round < 10; round++) {
            String refresh = auth.login("ivan", "correct horse battery").refreshToken();
            CountDownLatch start = new CountDownLatch(1);
            Callable<Boolean> use = () -> {
                start.await();
                try {
                    auth.refresh(refresh);
                    return true;
                } catch (AuthException e) {
                    return false;
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(use));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> f : results) {
                    wins += f.get() ? 1 : 0;
                }
                assertThat(wins).as("round %d", round).isLessThanOrEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void loginDoesNotSayWhetherTheUserExists() {
        assertThatThrownBy(() -> auth.login("nobody", "whatever-password"))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_credentials"))
                .hasMessage("wrong username or password");
        assertThatThrownBy(() -> auth.login("ivan", "wrong-password"))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_credentials"))
                .hasMessage("wrong username or password");
    }
}
