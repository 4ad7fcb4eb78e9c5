package io.meetkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs {@link FakeLatencyBenchmark}'s measurement once, small, during {@code verify} (no timing asserted). */
class FakeLatencyBenchmarkSmokeTest {

    @Test
    void measuresEveryCall() throws Exception {
        long[] us = FakeLatencyBenchmark.measure(5);

        assertThat(us).hasSize(5);
        assertThat(java.util.Arrays.stream(us).min().orElseThrow()).isPositive();
        assertThat(FakeLatencyBenchmark.percentile(new long[] {5, 1, 3, 2, 4}, 50))
                .isEqualTo(3);
        assertThat(FakeLatencyBenchmark.percentile(new long[] {5, 1, 3, 2, 4}, 99))
                .isEqualTo(5);
        assertThat(FakeLatencyBenchmark.mean(new long[] {1, 2, 3})).isEqualTo(2);
    }
}
