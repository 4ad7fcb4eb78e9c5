package io.meetkit.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meetkit.MeetKit;
import io.meetkit.MutableClock;
import io.meetkit.livekit.WebhookForge;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each maintenance job with a controlled clock, and the leases that make one instance run each job. */
class MaintenanceTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final MeetKitStores stores = new InMemoryStores();
    private final MeetKit kit = kit();

    private MeetKit kit() {
        return MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9") // no LiveKit call: nothing below is live in LiveKit
                .apiKey(WebhookForge.API_KEY)
                .apiSecret(WebhookForge.SECRET)
                .clock(clock)
                .stores(stores)
                .build();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private void deliver(MeetKit k, byte[] body) {
        k.webhooks().handle(body, WebhookForge.sign(body, clock.instant().getEpochSecond()));
    }

    private Meeting expiring(String title, Duration in, DeletionPolicy policy) {
        return kit.meetings()
                .create(CreateMeeting.builder(title, "u")
                        .autoDelete(START.plus(in), policy)
                        .build());
    }

    @Test
    @DisplayName("expired meetings are deleted by their own policy; a live one is scheduled, then deleted when it ends")
    void expiredMeetings() {
        Meeting idle = expiring("Idle", Duration.ofHours(1), DeletionPolicy.FORCE);
        Meeting later = expiring("Later", Duration.ofDays(1), DeletionPolicy.FORCE);
        Meeting live = expiring("Live", Duration.ofHours(1), DeletionPolicy.DEFAULT_AUTO_DELETE);
        Meeting forever =
                kit.meetings().create(CreateMeeting.builder("Forever", "u").build());
        long t = clock.instant().getEpochSecond();
        deliver(kit, WebhookForge.roomEvent("room_started", "EV_1", live.roomName(), "RM_1", t));
        clock.advance(Duration.ofHours(2));

        MaintenanceReport report = kit.maintenance().runOnce();

        JobRun run = report.job(Maintenance.EXPIRED_MEETINGS).orElseThrow();
        assertThat(run.status()).isEqualTo(JobRun.Status.RAN);
        assertThat(run.affected()).isEqualTo(1);
        assertThat(run.detail()).contains("deleted 1").contains("scheduled 1");
        assertThat(kit.meetings().get(idle.id())).isEmpty();
        assertThat(kit.meetings().get(later.id())).isPresent();
        assertThat(kit.meetings().get(forever.id())).isPresent();
        Meeting scheduled = kit.meetings().require(live.id());
        assertThat(scheduled.status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(scheduled.endAction()).isEqualTo(EndAction.DELETE);

        deliver(
                kit,
                WebhookForge.roomFinished(
                        "EV_2", live.roomName(), "RM_1", t, clock.instant().getEpochSecond()));
        assertThat(kit.meetings().get(live.id())).isEmpty();
    }

    @Test
    @DisplayName("expired name reservations are purged, live ones kept")
    void nameReservations() {
        Meeting m = kit.meetings().create(CreateMeeting.builder("Names", "u").build());
        stores.participantNames().reserve(m.id(), "Alice", "alice", "SPEAKER", START, START.plusSeconds(60));
        stores.participantNames().reserve(m.id(), "Bob", "bob", "SPEAKER", START, START.plusSeconds(3600));
        clock.advance(Duration.ofMinutes(2));

        JobRun run =
                kit.maintenance().runOnce().job(Maintenance.NAME_RESERVATIONS).orElseThrow();

        assertThat(run.affected()).isEqualTo(1);
        assertThat(stores.participantNames().list(m.id(), clock.instant()))
                .singleElement()
                .satisfies(r -> assertThat(r.identity()).isEqualTo("bob"));
    }

    @Test
    @DisplayName("webhook ids past their TTL are purged")
    void webhookIds() {
        Meeting m = kit.meetings().create(CreateMeeting.builder("Ids", "u").build());
        deliver(
                kit,
                WebhookForge.roomEvent(
                        "room_started",
                        "EV_1",
                        m.roomName(),
                        "RM_1",
                        clock.instant().getEpochSecond()));
        assertThat(kit.maintenance()
                        .runOnce()
                        .job(Maintenance.WEBHOOK_IDS)
                        .orElseThrow()
                        .affected())
                .isZero();

        clock.advance(Duration.ofHours(2));

        assertThat(kit.maintenance()
                        .runOnce()
                        .job(Maintenance.WEBHOOK_IDS)
                        .orElseThrow()
                        .affected())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("reconciliation does nothing (and calls no LiveKit) when no meeting is ACTIVE")
    void reconciliationIdle() {
        kit.meetings().create(CreateMeeting.builder("Open", "u").build());

        JobRun run =
                kit.maintenance().runOnce().job(Maintenance.ROOM_RECONCILIATION).orElseThrow();

        assertThat(run.status()).isEqualTo(JobRun.Status.RAN);
        assertThat(run.affected()).isZero();
    }

    @Test
    @DisplayName("a failing job is reported and the others still run; names must be unique")
    void failingJob() {
        kit.maintenance().addJob(new MaintenanceJob() {
            @Override
            public String name() {
                return "app.broken";
            }

            @Override
            public JobRun.Result run(Instant now) {
                throw new IllegalStateException("broken on purpose");
            }
        });

        MaintenanceReport report = kit.maintenance().runOnce();

        assertThat(report.job("app.broken").orElseThrow().status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(report.job("app.broken").orElseThrow().detail()).isEqualTo("broken on purpose");
        assertThat(report.jobs())
                .filteredOn(j -> !j.job().equals("app.broken"))
                .hasSize(7)
                .allMatch(j -> j.status() == JobRun.Status.RAN);
        assertThatThrownBy(
                        () -> kit.maintenance().addJob(kit.maintenance().jobs().get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Maintenance.EXPIRED_MEETINGS);
    }

    @Test
    @DisplayName("of two instances sharing one lease store, one runs each job until the lease expires")
    void leases() {
        try (MeetKit other = kit()) {
            MaintenanceReport first = kit.maintenance().runOnce();
            MaintenanceReport second = other.maintenance().runOnce();

            assertThat(first.jobs()).hasSize(7).allMatch(j -> j.status() == JobRun.Status.RAN);
            assertThat(second.jobs()).hasSize(7).allMatch(j -> j.status() == JobRun.Status.SKIPPED);

            clock.advance(Maintenance.DEFAULT_LEASE_TIME.plusSeconds(1));
            assertThat(other.maintenance().runOnce().jobs()).allMatch(j -> j.status() == JobRun.Status.RAN);
            assertThat(kit.maintenance().runOnce().jobs()).allMatch(j -> j.status() == JobRun.Status.SKIPPED);
        }
    }

    @Test
    @DisplayName("two schedulers sharing one lease store run each job once")
    void twoSchedulers() {
        AtomicInteger customRuns = new AtomicInteger();
        ScheduledExecutorService a = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService b = Executors.newSingleThreadScheduledExecutor();
        try (MeetKit other = kit()) {
            for (MeetKit k : List.of(kit, other)) {
                k.maintenance().addJob(new MaintenanceJob() {
                    @Override
                    public String name() {
                        return "app.count";
                    }

                    @Override
                    public JobRun.Result run(Instant now) {
                        return new JobRun.Result(customRuns.incrementAndGet(), null);
                    }
                });
            }

            ScheduledFuture<?> fa = kit.maintenance().schedule(a, Duration.ofHours(1));
            ScheduledFuture<?> fb = other.maintenance().schedule(b, Duration.ofHours(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kit.maintenance().lastReport().isPresent()
                            && other.maintenance().lastReport().isPresent());
            fa.cancel(false);
            fb.cancel(false);

            List<JobRun> all = new java.util.ArrayList<>(
                    kit.maintenance().lastReport().orElseThrow().jobs());
            all.addAll(other.maintenance().lastReport().orElseThrow().jobs());
            for (String job : List.of(
                    Maintenance.EXPIRED_MEETINGS,
                    Maintenance.ROOM_RECONCILIATION,
                    Maintenance.MEETING_MAX_DURATION,
                    Maintenance.NAME_RESERVATIONS,
                    Maintenance.WEBHOOK_IDS,
                    "app.count")) {
                assertThat(all)
                        .filteredOn(j -> j.job().equals(job) && j.status() == JobRun.Status.RAN)
                        .as(job)
                        .hasSize(1);
                assertThat(all)
                        .filteredOn(j -> j.job().equals(job) && j.status() == JobRun.Status.SKIPPED)
                        .as(job)
                        .hasSize(1);
            }
            assertThat(customRuns).hasValue(1);
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }
}
