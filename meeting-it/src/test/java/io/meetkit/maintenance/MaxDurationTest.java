package io.meetkit.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.event.MeetingEvent;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.StoppablePostgres;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.MutableClock;
import io.meetkit.testkit.cluster.MeetKitCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code maxDurationMinutes} ends the meeting (issue 16, item 4), as OpenVidu Meet's
 * {@code RoomScheduledTasksService.enforceMeetingMaxDurationGC} (branch {@code feat/meeting-control-parity},
 * {@code meet-ce/backend/src/services/room-scheduled-tasks.service.ts}) does: a periodic sweep over the active rooms
 * that have a limit, measured from the room session's start, ending the expired ones by deleting the LiveKit room.
 * Here the job {@value Maintenance#MEETING_MAX_DURATION} of two instances sharing one store (in-memory, and
 * JdbcStores over a real PostgreSQL with one pool each); one {@link MutableClock} drives both instances and the fake,
 * so LiveKit's session start and MeetKit's clock agree.
 */
class MaxDurationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static StoppablePostgres postgres;
    private static final List<HikariDataSource> pools = new ArrayList<>();

    private final MutableClock clock = new MutableClock(T0);
    private final List<MeetingEvent> events = new CopyOnWriteArrayList<>();
    private @Nullable FakeLiveKitServer fake;
    private @Nullable MeetKitCluster cluster;

    @BeforeAll
    static void startPostgres() {
        postgres = StoppablePostgres.start();
        for (int i = 0; i < 2; i++) {
            pools.add(postgres.pool("max-duration-" + i, 4));
        }
        JdbcStores.create(pools.get(0)).initializeSchema();
    }

    @AfterAll
    static void stopPostgres() {
        pools.forEach(HikariDataSource::close);
        postgres.close();
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    static Stream<Arguments> stores() {
        Supplier<Supplier<MeetKitStores>> memory = () -> {
            InMemoryStores shared = new InMemoryStores();
            return () -> shared;
        };
        Supplier<Supplier<MeetKitStores>> jdbc = () -> {
            try (Connection c = pools.get(0).getConnection();
                    Statement st = c.createStatement()) {
                for (String table : List.of("meetings", "name_reservations", "webhook_events", "leases")) {
                    st.execute("DELETE FROM meetkit_" + table);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            int[] next = {0};
            return () -> JdbcStores.create(pools.get(next[0]++ % 2));
        };
        return Stream.of(Arguments.of("in-memory", memory), Arguments.of("PostgreSQL", jdbc));
    }

    private MeetKitCluster cluster(Supplier<Supplier<MeetKitStores>> stores) {
        fake = FakeLiveKitServer.builder().clock(clock).build().start();
        cluster = MeetKitCluster.builder()
                .instances(2)
                .stores(stores.get())
                .liveKit(fake)
                .configure((i, b) -> b.clock(clock).listener(events::add))
                .seed(16)
                .build();
        return cluster;
    }

    private Meeting create(MeetKit kit, @Nullable Integer limit) {
        MeetingSettings.Builder settings = MeetingSettings.builder();
        if (limit != null) {
            settings.maxDurationMinutes(limit);
        }
        return kit.meetings()
                .create(CreateMeeting.builder("Webinar", "host")
                        .settings(settings.build())
                        .build());
    }

    private void join(MeetKit kit, Meeting m, String name) {
        fake.join(kit.tokens().issue(m.id(), TokenRequest.of(name, "SPEAKER")).token());
        cluster.deliverWebhooks();
    }

    private Meeting stored(UUID id) {
        return cluster.instance(1).meetings().get(id).orElseThrow();
    }

    private long ended(UUID id) {
        return events.stream()
                .filter(e -> e instanceof MeetingEvent.MeetingEnded end
                        && end.meeting().id().equals(id))
                .count();
    }

    /** Runs maintenance on both instances at {@code clock}'s time; returns this job's runs. */
    private List<JobRun> runBoth() {
        List<JobRun> runs = new ArrayList<>();
        for (MeetKit kit : cluster.instances()) {
            runs.add(kit.maintenance()
                    .runOnce()
                    .job(Maintenance.MEETING_MAX_DURATION)
                    .orElseThrow());
        }
        cluster.deliverWebhooks();
        return runs;
    }

    /**
     * The cluster's invariants, but for the webhook log: the clock jumps past the webhook ids' lifetime, so
     * maintenance rightly purged the ids of the deliveries made before.
     */
    private static void assertInvariants(MeetKitCluster c) {
        assertThat(c.violations())
                .filteredOn(v -> !v.endsWith("is not in the store's webhook log"))
                .as("seed %d", c.seed())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName(
            "the session's limit ends the meeting once, on one of two instances, with MeetingEnded; no limit never")
    void endsAtTheLimit(String name, Supplier<Supplier<MeetKitStores>> stores) {
        MeetKitCluster c = cluster(stores);
        Meeting limited = create(c.instance(0), 30);
        Meeting unlimited = create(c.instance(0), null);
        clock.advance(Duration.ofMinutes(5));
        join(c.instance(1), limited, "Alice");
        join(c.instance(0), unlimited, "Bob");
        Instant started = stored(limited.id()).startedAt().orElseThrow();
        assertThat(stored(limited.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(stored(limited.id()).maxDurationReachedAt()).contains(started.plus(Duration.ofMinutes(30)));

        // one second short of the limit, measured from the session's start (not from the meeting's creation)
        clock.set(started.plus(Duration.ofMinutes(30)).minusSeconds(1));
        List<JobRun> early = runBoth();
        assertThat(early).extracting(JobRun::affected).containsOnly(0);
        assertThat(stored(limited.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(fake.requests("DeleteRoom")).isEmpty();

        // at the limit: the lease lets one instance run the job, which ends the meeting and names it
        clock.advance(Duration.ofMinutes(1));
        List<JobRun> due = runBoth();
        assertThat(due).extracting(JobRun::status).containsExactlyInAnyOrder(JobRun.Status.RAN, JobRun.Status.SKIPPED);
        JobRun ran = due.stream()
                .filter(r -> r.status() == JobRun.Status.RAN)
                .findFirst()
                .orElseThrow();
        assertThat(ran.affected()).isEqualTo(1);
        assertThat(ran.detail())
                .contains(limited.id().toString())
                .doesNotContain(unlimited.id().toString());
        Meeting after = stored(limited.id());
        assertThat(after.status()).isEqualTo(MeetingStatus.OPEN);
        assertThat(after.endedAt()).contains(clock.instant());
        assertThat(fake.requests("DeleteRoom")).hasSize(1);
        assertThat(fake.room(limited.roomName())).isEmpty();
        assertThat(fake.room(unlimited.roomName())).isPresent();
        assertThat(ended(limited.id())).isEqualTo(1);

        // both instances run the job again (their leases given back): nothing is ended twice
        List<MaintenanceReport> settled = c.settle();
        assertThat(settled)
                .flatExtracting(MaintenanceReport::jobs)
                .filteredOn(r -> r.job().equals(Maintenance.MEETING_MAX_DURATION))
                .extracting(JobRun::affected)
                .containsOnly(0);
        assertThat(ended(limited.id())).isEqualTo(1);
        assertThat(fake.requests("DeleteRoom")).hasSize(1);
        assertThat(stored(unlimited.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
        assertInvariants(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName("a new session after the end is measured from its own start")
    void newSessionHasItsOwnLimit(String name, Supplier<Supplier<MeetKitStores>> stores) {
        MeetKitCluster c = cluster(stores);
        Meeting m = create(c.instance(0), 10);
        join(c.instance(0), m, "Alice");
        clock.advance(Duration.ofMinutes(10));
        c.settle();
        assertThat(stored(m.id()).status()).isEqualTo(MeetingStatus.OPEN);
        assertThat(ended(m.id())).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        join(c.instance(1), m, "Alice");
        Meeting second = stored(m.id());
        assertThat(second.status()).isEqualTo(MeetingStatus.ACTIVE);
        clock.advance(Duration.ofMinutes(9));
        c.settle();
        assertThat(stored(m.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
        clock.advance(Duration.ofMinutes(1));
        c.settle();
        assertThat(stored(m.id()).status()).isEqualTo(MeetingStatus.OPEN);
        assertThat(ended(m.id())).isEqualTo(2);
        assertInvariants(c);
    }
}
