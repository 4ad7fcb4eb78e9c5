package io.meetkit.bench.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.testkit.FakeLiveKitServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/**
 * Runs the webhook-ingest benchmark tiny on its embedded PostgreSQL, both paths twice over the same database: each run
 * checks itself that every webhook was processed, every reservation it made was released and the outbox holds two
 * events per pair (the baseline makes the same writes), and fails otherwise.
 */
class WebhookIngestBenchmarkTest {

    @Test
    void bothPathsProcessEveryPairAndLeaveNoReservation() throws Exception {
        try (EmbeddedPostgres pg = BenchmarkPostgres.start();
                HikariDataSource ds = BenchmarkPostgres.pool(pg.getJdbcUrl("postgres", "postgres"), 4);
                FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start();
                MeetKit kit = WebhookIngestBenchmark.kit(ds, liveKit)) {
            for (boolean viaKit : new boolean[] {true, false, false, true}) {
                WebhookIngestBenchmark.Result r = WebhookIngestBenchmark.run(kit, ds, liveKit, 30, 4, 3, viaKit);

                assertThat(r.webhooks()).isEqualTo(60);
                assertThat(r.seconds()).isPositive();
                assertThat(r.perSecond()).isEqualTo(60 / r.seconds());
            }
        }
    }

    @Test
    void loadAverageIsThreeNumbersOrNotAvailable() {
        assertThat(WebhookIngestBenchmark.loadAverage()).matches("n/a|\\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+");
    }
}
