package io.meetkit.bench.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.InMemoryParticipantNameStore;
import org.junit.jupiter.api.Test;

/**
 * Runs the names-at-scale harness briefly on the in-memory store (the PostgreSQL run takes minutes, so it is left to
 * the benchmark itself): every bucket is timed, every reservation got its expected number, and the contended run
 * hands out distinct names.
 */
class NameScaleBenchmarkTest {

    @Test
    void bucketsAreTimedAndContentionStaysCorrect() throws Exception {
        InMemoryParticipantNameStore store = new InMemoryParticipantNameStore();
        long[] buckets = NameScaleBenchmark.buckets(store, 500, 100);
        assertThat(buckets).hasSize(5).doesNotContain(0L);

        NameScaleBenchmark.Contention c = NameScaleBenchmark.contention(store, 4, 50);
        assertThat(c.allDistinct()).isTrue();
        assertThat(c.distinctPerSecond()).isPositive();
        assertThat(c.samePerSecond()).isPositive();
    }
}
