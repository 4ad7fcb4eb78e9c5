package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void advancesAndSetsAndItsZonedViewsFollow() {
        MutableClock clock = new MutableClock(T0);
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));

        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(T0.plusSeconds(90));
        assertThat(paris.instant()).isEqualTo(T0.plusSeconds(90));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        clock.set(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(clock.withZone(clock.getZone())).isSameAs(clock);
    }

    @Test
    void concurrentAdvancesAreNeverLost() throws Exception {
        MutableClock clock = new MutableClock(T0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4_000; i++) {
            pool.execute(() -> clock.advance(Duration.ofMillis(1)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(4));
    }
}
