package io.meetkit.bench.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import org.junit.jupiter.api.Test;

/**
 * Runs the join-path harness for a moment on the in-memory stores (the JDBC run needs PostgreSQL and minutes, so it
 * is left to the benchmark itself): joins are counted, every join holds its reservation, a roomConfig join makes no
 * LiveKit call at all, and in cached mode rooms are created once and not again inside the window.
 */
class JoinPathBenchmarkTest {

    @Test
    void harnessCountsJoinsThatEachHoldTheirOwnName() throws Exception {
        try (FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start()) {
            JoinPathBenchmark.Result r = JoinPathBenchmark.run(new InMemoryStores(), liveKit, 4, 5, 0, 200, false);

            assertThat(r.latencies()).isNotEmpty().isSorted();
            assertThat(r.joinsPerSecond()).isEqualTo(r.latencies().length / 0.2);
            assertThat(r.reservations()).isGreaterThan(r.latencies().length);
            assertThat(r.liveKitCalls()).isZero();
            assertThat(liveKit.requests())
                    .as("no LiveKit call at all, warm-up included")
                    .isEmpty();
            assertThat(r.percentileMs(50)).isPositive().isLessThanOrEqualTo(r.percentileMs(99));
            assertThat(r.percentileMs(100)).isEqualTo(r.latencies()[r.latencies().length - 1] / 1e6);
        }
    }

    @Test
    void cachedModeCreatesEachRoomOnce() throws Exception {
        try (FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start()) {
            JoinPathBenchmark.Result r = JoinPathBenchmark.run(new InMemoryStores(), liveKit, 4, 5, 0, 200, true);

            assertThat(r.latencies()).isNotEmpty();
            assertThat(r.liveKitCalls()).isZero();
            assertThat(liveKit.requests("CreateRoom")).hasSize(5);
            assertThat(liveKit.rooms()).hasSize(5);
        }
    }
}
