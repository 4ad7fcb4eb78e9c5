package io.meetkit.bench.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs the relay benchmark's straight-HTTP baseline for a moment (the PostgreSQL runs need minutes, so they are left
 * to the benchmark itself): every post reaches the receiver, signed, and a rate comes out.
 */
class OutboxRelayBenchmarkTest {

    @Test
    void straightHttpBaselineDeliversEveryPost() throws Exception {
        assertThat(OutboxRelayBenchmark.straightHttp(40, 2)).isPositive();
    }
}
