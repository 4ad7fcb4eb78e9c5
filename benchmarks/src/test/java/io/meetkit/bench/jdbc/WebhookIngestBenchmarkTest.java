package io.meetkit.bench.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.testkit.FakeLiveKitServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
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

    /**
     * The baseline issues what MeetKit's JDBC stores issue on this path, statement for statement and in order, as
     * PostgreSQL's statement log shows them: it fails when the stores change and the baseline was not changed along.
     */
    @Test
    void baselineIssuesTheStatementsTheKitIssues() throws Exception {
        List<List<String>> both = WebhookIngestBenchmark.trace();

        assertThat(both.get(0))
                .as("the kit's statements for one joined/left pair")
                .contains("BEGIN", "COMMIT")
                .anyMatch(sql -> sql.startsWith("DELETE FROM meetkit_name_reservations"));
        assertThat(both.get(1)).as("the baseline's statements").isEqualTo(both.get(0));
    }

    @Test
    void loadAverageIsThreeNumbersOrNotAvailable() {
        assertThat(WebhookIngestBenchmark.loadAverage()).matches("n/a|\\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+");
    }
}
