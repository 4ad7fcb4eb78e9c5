package io.meetkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.ConflictException;
import io.meetkit.MeetKit;
import io.meetkit.MeetingException;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.maintenance.JobRun;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.RecordingsPolicy;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingOptions;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.cluster.MeetKitCluster;
import io.meetkit.testkit.s3.InProcessS3;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole flow on two MeetKit instances over one real PostgreSQL and one FakeLiveKitServer whose webhooks go to a
 * seeded random instance (issue 14, "The harness this needs"): create; tokens on both instances; join, leave,
 * rejoin; recording started on one instance and stopped on the other, the egress events going to either; kick; end;
 * delete under each policy; maintenance on both. Each run injects one fault at one step (a store that drops between
 * two statements, PostgreSQL stopped, a LiveKit call whose answer comes after MeetKit's timeout while its effect
 * happens, S3 unreachable); the step's calls that fail are retried once the fault is lifted, as an app would, and
 * after the run, once webhooks and maintenance have settled, the cluster's invariants must hold.
 */
class ClusterFlowTest {

    private static final String BUCKET = "recordings";
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(700);
    /** The seeds' base; replay or explore with {@code -Dmeetkit.cluster.seed=<n>} (each run adds its index). */
    private static final long SEED = Long.getLong("meetkit.cluster.seed", 1414L);

    private static StoppablePostgres postgres;
    private static final List<HikariDataSource> pools = new ArrayList<>();
    private static InProcessS3 s3;
    private static FakeLiveKitServer fake;

    private @Nullable MeetKitCluster cluster;
    /** Whether a call of the faulty step failed (the fault met it). */
    private boolean failedSinceFault;
    /** Whether the fault of this run met a call of its step. */
    private boolean faultHit;

    enum Step {
        CREATE,
        TOKENS,
        JOIN,
        LEAVE_REJOIN,
        RECORD_START,
        RECORD_STOP,
        KICK,
        END,
        DELETE,
        MAINTENANCE
    }

    enum FaultKind {
        STORE,
        POSTGRES,
        LIVEKIT,
        S3
    }

    @BeforeAll
    static void start() {
        postgres = StoppablePostgres.start();
        try (HikariDataSource setup = postgres.pool("cluster-setup", 1)) {
            JdbcStores.create(setup).initializeSchema();
        }
        for (int i = 0; i < 2; i++) {
            pools.add(postgres.pool("cluster-" + i, 4));
        }
        s3 = InProcessS3.start(BUCKET);
        fake = FakeLiveKitServer.builder()
                .egressStorage(s3.client(), BUCKET)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        fake.close();
        s3.close();
        pools.forEach(HikariDataSource::close);
        postgres.close();
    }

    @AfterEach
    void closeCluster() {
        postgres.restart();
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Every step with a store failure and a PostgreSQL stop; a LiveKit fault at the steps that call LiveKit (create,
     * tokens, join and leave make no LiveKit call: tokens carry the room's configuration, LiveKit creates the room on
     * the join, and the joins are the fake's; after the deletions maintenance finds no room to ask about); S3 off at
     * the step that deletes recordings. Each run checks that its fault met a call of its step.
     */
    static Stream<Arguments> faults() {
        List<Arguments> out = new ArrayList<>();
        for (Step step : Step.values()) {
            out.add(Arguments.of(step, FaultKind.STORE));
            out.add(Arguments.of(step, FaultKind.POSTGRES));
        }
        for (Step step : List.of(Step.RECORD_START, Step.RECORD_STOP, Step.KICK, Step.END, Step.DELETE)) {
            out.add(Arguments.of(step, FaultKind.LIVEKIT));
        }
        out.add(Arguments.of(Step.DELETE, FaultKind.S3));
        return out.stream();
    }

    @Test
    @DisplayName("without faults the flow ends with every meeting deleted, and the invariants hold")
    void noFault() {
        Flow flow = run(null, null);
        for (UUID id : List.of(flow.main, flow.live, flow.empty)) {
            assertThat(cluster.instance(0).meetings().get(id))
                    .as("meeting %s", id)
                    .isEmpty();
        }
        assertThat(flow.recording).isNotNull();
        assertThat(fake.egresses())
                .singleElement()
                .satisfies(e -> assertThat(e.getStatus()).isEqualTo(EgressStatus.EGRESS_COMPLETE));
        assertThat(s3.keys(BUCKET, "recordings/" + flow.main + "/")).isEmpty();
        assertThat(cluster.deliveries()).isNotEmpty();
        assertThat(cluster.deliveries().values().stream()
                        .flatMap(List::stream)
                        .map(d -> d.instance())
                        .distinct())
                .as("webhooks went to both instances")
                .containsExactlyInAnyOrder(0, 1);
    }

    @ParameterizedTest(name = "{1} fault at {0}")
    @MethodSource("faults")
    void faultAtStep(Step step, FaultKind kind) {
        run(step, kind);
        assertThat(faultHit)
                .as("the %s fault met a call of %s (seed %d)", kind, step, cluster.seed())
                .isTrue();
    }

    // ------------------------------------------------------------------ the flow

    /** What the flow created, for the steps after. */
    private static final class Flow {
        UUID main;
        UUID live;
        UUID empty;

        @Nullable
        ParticipantToken alice;

        @Nullable
        ParticipantToken bob;

        @Nullable
        ParticipantToken carol;

        @Nullable
        UUID recording;
    }

    private Flow run(@Nullable Step faultStep, @Nullable FaultKind kind) {
        clearTables();
        fake.reset();
        cluster = MeetKitCluster.builder()
                .instances(2)
                .stores(new Supplier<MeetKitStores>() {
                    private int next;

                    @Override
                    public MeetKitStores get() {
                        return JdbcStores.create(pools.get(next++));
                    }
                })
                .liveKit(fake)
                .recordingStorage(() -> s3.recordingStorage(BUCKET).build())
                .configure((i, b) -> b.callTimeout(CALL_TIMEOUT).recordingStartTimeout(Duration.ofSeconds(1)))
                .seed(SEED + (faultStep == null ? 0 : faultStep.ordinal() * 10L + kind.ordinal()))
                .shuffleWebhooks(Boolean.getBoolean("meetkit.cluster.shuffle"))
                .build();
        Random faults = new Random(cluster.seed());
        int storeBefore = 0;
        int storageBefore = 0;
        faultHit = false;
        Flow flow = new Flow();
        try {
            for (Step step : Step.values()) {
                boolean faulty = step == faultStep;
                if (faulty) {
                    storeBefore = storeFailures();
                    storageBefore = cluster.storageFailures();
                    failedSinceFault = false;
                    inject(step, kind, faults);
                }
                int failedDeliveries = failedDeliveries();
                runStep(step, flow, faulty);
                if (faulty) {
                    failedSinceFault |= failedDeliveries() > failedDeliveries;
                    faultHit = hit(kind, storeBefore, storageBefore);
                }
                heal();
                cluster.deliverWebhooks();
            }
            awaitNoEgressEnding();
            cluster.settle();
            awaitNoEgressEnding();
            cluster.settle();
            cluster.assertInvariants();
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("fault " + kind + " at " + faultStep + ", seed " + cluster.seed() + ": " + e, e);
        }
        return flow;
    }

    /** The LiveKit call each step is about, for its LiveKit fault; null for the step's first call of any kind. */
    private static @Nullable String rpcOf(Step step) {
        return switch (step) {
            case RECORD_START -> "StartRoomCompositeEgress";
            case RECORD_STOP -> "StopEgress";
            case KICK -> "RemoveParticipant";
            case END -> "DeleteRoom";
            default -> null;
        };
    }

    /** Whether the injected fault met a call of the step (else the run would test nothing). */
    private boolean hit(FaultKind kind, int storeFailuresBefore, int storageFailuresBefore) {
        return switch (kind) {
            case STORE, POSTGRES -> storeFailures() > storeFailuresBefore || failedSinceFault;
            case LIVEKIT -> fake.pendingFaults() == 0;
            case S3 -> cluster.storageFailures() > storageFailuresBefore;
        };
    }

    private int storeFailures() {
        return cluster.stores(0).failures() + cluster.stores(1).failures();
    }

    private void inject(Step step, FaultKind kind, Random random) {
        switch (kind) {
            case STORE -> {
                // the database drops between two statements of the step, on both instances
                cluster.stores(0).downAfter(random.nextInt(2));
                cluster.stores(1).downAfter(random.nextInt(2));
            }
            case POSTGRES -> postgres.stop();
            // the call's effect happens, its answer comes after MeetKit's timeout
            case LIVEKIT -> {
                Fault late = Fault.delay(CALL_TIMEOUT.plusMillis(300));
                String rpc = rpcOf(step);
                if (rpc == null) {
                    fake.failNext(1, late);
                } else {
                    fake.failNext(rpc, 1, late);
                }
            }
            case S3 -> cluster.storageDown();
        }
    }

    private void heal() {
        if (!postgres.isRunning()) {
            postgres.restart();
            // the restart cut every pooled connection; the pools would hand each out once more and fail that call
            // (an app sees a few such failures after a restart); start the next calls on fresh connections
            pools.forEach(p -> p.getHikariPoolMXBean().softEvictConnections());
        }
        cluster.heal();
    }

    private void runStep(Step step, Flow f, boolean faulty) {
        MeetKit a = cluster.instance(0);
        MeetKit b = cluster.instance(1);
        switch (step) {
            case CREATE -> {
                f.main = act(faulty, () -> create(a, "Main")).orElseGet(() -> retry(() -> create(b, "Main")));
                f.live = act(faulty, () -> create(b, "Live")).orElseGet(() -> retry(() -> create(a, "Live")));
                f.empty = act(faulty, () -> create(a, "Empty")).orElseGet(() -> retry(() -> create(b, "Empty")));
            }
            case TOKENS -> {
                f.alice = act(faulty, () -> token(a, f.main, "Alice", "MODERATOR"))
                        .orElseGet(() -> retry(() -> token(b, f.main, "Alice", "MODERATOR")));
                f.bob = act(faulty, () -> token(b, f.main, "Bob", "SPEAKER"))
                        .orElseGet(() -> retry(() -> token(a, f.main, "Bob", "SPEAKER")));
                f.carol = act(faulty, () -> token(b, f.live, "Carol", "SPEAKER"))
                        .orElseGet(() -> retry(() -> token(a, f.live, "Carol", "SPEAKER")));
            }
            case JOIN -> {
                fake.join(f.alice.token());
                fake.join(f.bob.token());
                fake.join(f.carol.token());
                cluster.deliverWebhooks();
            }
            case LEAVE_REJOIN -> {
                fake.leaveParticipant(f.bob.room(), f.bob.identity());
                cluster.deliverWebhooks();
                ParticipantToken again = act(faulty, () -> token(a, f.main, "Bob", "SPEAKER"))
                        .orElseGet(() -> retry(() -> token(b, f.main, "Bob", "SPEAKER")));
                fake.join(again.token());
                f.bob = again;
                cluster.deliverWebhooks();
            }
            case RECORD_START -> {
                f.recording = act(faulty, () -> startRecording(a, f.main))
                        .or(() -> retry(() -> unfinished(f.main)))
                        .orElseGet(() -> retry(() -> startRecording(b, f.main)));
            }
            case RECORD_STOP -> {
                cluster.deliverWebhooks(); // the egress events, to either instance
                UUID r = f.recording != null
                        ? f.recording
                        : retry(() -> unfinished(f.main)).orElseThrow();
                act(faulty, () -> b.recordings().stop(r))
                        .orElseGet(() -> retry(() -> a.recordings().stop(r)));
                awaitNoEgressEnding();
            }
            case KICK ->
                act(faulty, () -> {
                            b.meetings().kick(f.main, f.bob.identity());
                            return true;
                        })
                        .orElseGet(() -> {
                            if (fake.participant(f.bob.room(), f.bob.identity()).isPresent()) {
                                a.meetings().kick(f.main, f.bob.identity());
                            }
                            return true;
                        });
            case END ->
                act(faulty, () -> a.meetings().end(f.main))
                        .orElseGet(() -> retry(() -> b.meetings().end(f.main)));
            case DELETE -> {
                cluster.deliverWebhooks();
                // main has a recording: FAIL refuses, CLOSE keeps it (and closes the meeting), FORCE deletes all
                act(faulty, () -> b.meetings().delete(f.main, DeletionPolicy.FAIL_IF_IN_USE));
                act(
                        faulty,
                        () -> a.meetings()
                                .delete(f.main, new DeletionPolicy(LiveMeetingPolicy.FORCE, RecordingsPolicy.CLOSE)));
                act(faulty, () -> b.meetings().delete(f.main, DeletionPolicy.FORCE))
                        .orElseGet(() -> retry(() -> a.meetings().delete(f.main, DeletionPolicy.FORCE)));
                // live (Carol is in it): deleted once the meeting ends
                act(faulty, () -> a.meetings().delete(f.live, DeletionPolicy.DEFAULT_AUTO_DELETE))
                        .orElseGet(() -> retry(() -> b.meetings().delete(f.live, DeletionPolicy.DEFAULT_AUTO_DELETE)));
                fake.leaveParticipant(f.carol.room(), f.carol.identity());
                fake.finishRoom(f.carol.room());
                // empty: nothing in use, FAIL deletes it
                act(faulty, () -> b.meetings().delete(f.empty, DeletionPolicy.FAIL_IF_IN_USE))
                        .orElseGet(() -> retry(() -> a.meetings().delete(f.empty, DeletionPolicy.FAIL_IF_IN_USE)));
            }
            case MAINTENANCE -> {
                for (MeetKit kit : List.of(a, b)) {
                    act(faulty, () -> kit.maintenance().runOnce()).ifPresent(report -> {
                        // a job that fails is reported, not thrown
                        failedSinceFault |= report.jobs().stream().anyMatch(j -> j.status() == JobRun.Status.FAILED);
                    });
                }
            }
        }
    }

    /**
     * Runs one call of a step; when it fails under the injected fault, the fault is lifted and the caller's
     * fallback (the same call, usually on the other instance) runs instead, as an app retries.
     */
    private <T> Optional<T> act(boolean faulty, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (ConflictException e) {
            return Optional.empty(); // a policy that refuses, by design, or an earlier attempt did it
        } catch (MeetingException e) {
            if (!faulty) {
                throw e;
            }
            failedSinceFault = true;
            heal();
            return Optional.empty();
        }
    }

    /**
     * The app's retry after a failure: the call again until it is not refused as retryable (a pool hands out a
     * connection the restart cut once more); a conflict means an earlier attempt did it (null then).
     */
    private static <T> @Nullable T retry(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ConflictException e) {
                return null;
            } catch (MeetingException e) {
                if (!e.retryable() || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private int failedDeliveries() {
        return (int) cluster.deliveries().values().stream()
                .flatMap(List::stream)
                .filter(d -> !d.answered())
                .count();
    }

    private static UUID create(MeetKit kit, String title) {
        return kit.meetings()
                .create(CreateMeeting.builder(title, "ann").build())
                .id();
    }

    private static ParticipantToken token(MeetKit kit, UUID meeting, String name, String role) {
        return kit.tokens().issue(meeting, TokenRequest.of(name, role));
    }

    private static UUID startRecording(MeetKit kit, UUID meeting) {
        return kit.recordings()
                .start(meeting, RecordingOptions.defaults(), "ann")
                .id();
    }

    private Optional<UUID> unfinished(UUID meeting) {
        return cluster.stores(0).delegate().recordings().findUnfinished(meeting).map(Recording::id);
    }

    private static void awaitNoEgressEnding() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fake.egresses().stream().noneMatch(e -> e.getStatus() == EgressStatus.EGRESS_ENDING));
    }

    private static void clearTables() {
        try (Connection c = pools.get(0).getConnection();
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_name LIKE 'meetkit\\_%'"
                    + " AND table_name NOT LIKE '%schema_history%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            st.execute("TRUNCATE " + String.join(", ", tables));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
