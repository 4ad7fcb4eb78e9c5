package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.WebhookEventLog;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link WebhookEventLog}: each event id is first seen once, also when several
 * instances receive it at the same moment ({@link #otherInstance(WebhookEventLog)}). Extend it and return a fresh,
 * empty log from {@link #createStore()}.
 */
public abstract class WebhookEventLogContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** How long ids are remembered in these tests. */
    protected static final Duration TTL = Duration.ofMinutes(10);

    /** The log under test, fresh for every test. */
    protected WebhookEventLog log;

    /** Creates the contract. */
    protected WebhookEventLogContract() {}

    /** Returns a fresh, empty log. Called before every test. */
    protected abstract WebhookEventLog createStore();

    /** Returns a second instance over the same data as {@code log}; the default is {@code log} itself. */
    protected WebhookEventLog otherInstance(WebhookEventLog log) {
        return log;
    }

    @BeforeEach
    final void setUpStore() {
        log = createStore();
    }

    /** First-seen checks. */
    @Nested
    class FirstSeen {

        @Test
        @DisplayName("an id is first seen once; other ids are independent")
        void onceEach() {
            assertThat(log.firstSeen("EV_1", T0, T0.plus(TTL))).isTrue();
            assertThat(log.firstSeen("EV_1", T0.plusSeconds(1), T0.plus(TTL))).isFalse();
            assertThat(log.firstSeen("EV_2", T0, T0.plus(TTL))).isTrue();
        }

        @Test
        @DisplayName("after its record expired an id is seen first again")
        void expiredIsNew() {
            assertThat(log.firstSeen("EV_1", T0, T0.plusSeconds(60))).isTrue();
            assertThat(log.firstSeen("EV_1", T0.plusSeconds(59), T0.plus(TTL))).isFalse();
            assertThat(log.firstSeen("EV_1", T0.plusSeconds(60), T0.plus(TTL))).isTrue();
            assertThat(log.firstSeen("EV_1", T0.plusSeconds(61), T0.plus(TTL))).isFalse();
        }

        @Test
        @DisplayName("a forgotten id is handled again")
        void forgetting() {
            log.firstSeen("EV_1", T0, T0.plus(TTL));
            log.forget("EV_1");
            log.forget("EV_unknown");
            assertThat(log.firstSeen("EV_1", T0, T0.plus(TTL))).isTrue();
        }

        @Test
        @DisplayName("contains says whether an id is recorded and unexpired, and records nothing")
        void containsReadsOnly() {
            assertThat(log.contains("EV_1", T0)).isFalse();
            assertThat(log.contains("EV_1", T0)).isFalse();
            assertThat(log.firstSeen("EV_1", T0, T0.plusSeconds(60))).isTrue();
            assertThat(log.contains("EV_1", T0.plusSeconds(59))).isTrue();
            assertThat(otherInstance(log).contains("EV_1", T0.plusSeconds(59))).isTrue();
            assertThat(log.contains("EV_1", T0.plusSeconds(60))).isFalse();
            assertThat(log.contains("EV_2", T0)).isFalse();
            log.forget("EV_1");
            assertThat(log.contains("EV_1", T0)).isFalse();
        }

        @Test
        void purgesExpired() {
            log.firstSeen("EV_1", T0, T0.plusSeconds(10));
            log.firstSeen("EV_2", T0, T0.plusSeconds(20));
            log.firstSeen("EV_3", T0, T0.plusSeconds(30));
            assertThat(log.purgeExpired(T0.plusSeconds(20))).isEqualTo(2);
            assertThat(log.purgeExpired(T0.plusSeconds(20))).isZero();
            assertThat(log.firstSeen("EV_3", T0.plusSeconds(20), T0.plus(TTL))).isFalse();
            assertThat(log.firstSeen("EV_2", T0.plusSeconds(20), T0.plus(TTL))).isTrue();
        }

        @Test
        @DisplayName("of 16 concurrent deliveries on two instances exactly one is first")
        void oneOfConcurrentDeliveries() {
            WebhookEventLog other = otherInstance(log);
            var outcomes =
                    Concurrently.run(16, i -> () -> (i % 2 == 0 ? log : other).firstSeen("EV_race", T0, T0.plus(TTL)));
            assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
            assertThat(outcomes.stream().filter(o -> Boolean.TRUE.equals(o.value())))
                    .hasSize(1);
        }
    }
}
