package io.meetkit.bench.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import org.junit.jupiter.api.Test;

/**
 * Runs the join-path harness for a moment on the in-memory stores (the JDBC run needs PostgreSQL and minutes, so it
 * is left to the benchmark itself): joins are counted, every join holds its reservation, and cached rooms are not
 * created again inside the window.
 */
class JoinPathBenchmarkTest {

    @Test
    void harnessCountsJoinsThatEachHoldTheirOwnName() throws Exception {
        try (FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start()) {
            JoinPathBenchmark.Result r = JoinPathBenchmark.run(new InMemoryStores(), liveKit, 4, 5, 0, 200);

            assertThat(r.latencies()).isNotEmpty().isSorted();
            assertThat(r.joinsPerSecond()).isEqualTo(r.latencies().length / 0.2);
            assertThat(r.reservations()).isGreaterThan(r.latencies().length);
            assertThat(r.createRoomCalls()).isZero();
            assertThat(liveKit.requests("CreateRoom")).hasSize(5);
            assertThat(r.percentileMs(50)).isPositive().isLessThanOrEqualTo(r.percentileMs(99));
            assertThat(r.percentileMs(100)).isEqualTo(r.latencies()[r.latencies().length - 1] / 1e6);
        }
    }
}
