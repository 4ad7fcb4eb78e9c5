package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.event.MeetingEvent;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.StoppablePostgres;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.s3.InProcessS3;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code autoRecord} starts a recording (issue 16, item 3): when the first participant joins (or the configured
 * number), exactly once per room session, on whichever of two instances gets the webhook. Both instances share one
 * store and the fake LiveKit hands every webhook to both of them at the same time, as a redelivery to the other
 * instance behind a load balancer would; the store-level guard lets exactly one start the recording. On in-memory
 * stores shared by the two instances and on JdbcStores over a real PostgreSQL (two connection pools).
 */
class AutoRecordTest {

    private static final String BUCKET = "recordings";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static InProcessS3 s3;
    private static FakeLiveKitServer lk;
    private static StoppablePostgres postgres;
    private static final List<HikariDataSource> pools = new ArrayList<>();
    private static final ExecutorService deliveries = Executors.newFixedThreadPool(4);
    private static volatile List<MeetKit> instances = List.of();

    private final List<MeetKit> kits = new ArrayList<>();
    private final List<MeetingEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServers() {
        s3 = InProcessS3.start(BUCKET);
        lk = FakeLiveKitServer.builder()
                .egressStorage(s3.client(), BUCKET)
                .asyncWebhookSink(true)
                .webhookSink((body, auth) -> {
                    // every webhook to both instances at once
                    List<CompletableFuture<?>> both = new ArrayList<>();
                    for (MeetKit k : instances) {
                        both.add(CompletableFuture.runAsync(() -> k.webhooks().handle(body, auth), deliveries));
                    }
                    CompletableFuture.allOf(both.toArray(CompletableFuture[]::new))
                            .join();
                })
                .build()
                .start();
    }

    @AfterAll
    static void stopServers() {
        lk.close();
        s3.close();
        pools.forEach(HikariDataSource::close);
        if (postgres != null) {
            postgres.close();
        }
        deliveries.shutdownNow();
    }

    @AfterEach
    void closeKits() throws InterruptedException {
        lk.awaitWebhookDeliveries(WAIT);
        instances = List.of();
        kits.forEach(MeetKit::close);
        lk.reset();
    }

    static Stream<Arguments> stores() {
        Supplier<List<MeetKitStores>> memory = () -> {
            InMemoryStores shared = new InMemoryStores();
            return List.of(shared, shared);
        };
        Supplier<List<MeetKitStores>> jdbc = AutoRecordTest::postgresStores;
        return Stream.of(Arguments.of("in-memory", memory), Arguments.of("PostgreSQL", jdbc));
    }

    private static synchronized List<MeetKitStores> postgresStores() {
        if (postgres == null) {
            postgres = StoppablePostgres.start();
            pools.add(postgres.pool("auto-record-a", 4));
            pools.add(postgres.pool("auto-record-b", 4));
            JdbcStores.create(pools.get(0)).initializeSchema();
        }
        try (Connection c = pools.get(0).getConnection();
                Statement st = c.createStatement()) {
            for (String table : List.of("meetings", "recordings", "name_reservations", "webhook_events", "leases")) {
                st.execute("DELETE FROM meetkit_" + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return List.of(JdbcStores.create(pools.get(0)), JdbcStores.create(pools.get(1)));
    }

    private void twoInstances(List<MeetKitStores> stores, int participants) {
        for (MeetKitStores st : stores) {
            kits.add(MeetKit.builder()
                    .liveKitUrl(lk.url())
                    .apiKey(lk.apiKey())
                    .apiSecret(lk.apiSecret())
                    .callTimeout(Duration.ofSeconds(5))
                    .stores(st)
                    .recordingStorage(s3.recordingStorage(BUCKET).build())
                    .autoRecordParticipants(participants)
                    .listener(events::add)
                    .build());
        }
        instances = List.copyOf(kits);
    }

    private Meeting meeting(boolean autoRecord) {
        return kits.get(0)
                .meetings()
                .create(CreateMeeting.builder("Webinar", "host")
                        .settings(MeetingSettings.builder()
                                .recordingEnabled(true)
                                .autoRecord(autoRecord)
                                .build())
                        .build());
    }

    private List<Recording> recordings(Meeting m) {
        return kits.get(1).recordings().list(RecordingQuery.ofMeeting(m.id())).items();
    }

    /**
     * Waits until the fake's webhooks so far were handed to both instances and handled (the sink returns only then),
     * and the meeting's {@code count} joins were seen (an instance that finds the other already applied an event
     * answers DUPLICATE and publishes nothing, so each join is counted once, by identity).
     */
    private void awaitJoinsHandled(Meeting m, int count) throws InterruptedException {
        await().atMost(WAIT)
                .until(() -> events.stream()
                                .filter(e -> e instanceof MeetingEvent.ParticipantJoined j
                                        && j.meeting().id().equals(m.id()))
                                .map(e -> ((MeetingEvent.ParticipantJoined) e).identity())
                                .distinct()
                                .count()
                        >= count);
        assertThat(lk.awaitWebhookDeliveries(WAIT)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName(
            "the first join starts one recording, on one of two instances that both got the webhook; once a session")
    void firstJoinRecordsOnce(String name, Supplier<List<MeetKitStores>> stores) throws Exception {
        twoInstances(stores.get(), 1);
        Meeting m = meeting(true);
        lk.joinParticipant(m.roomName(), "alice");
        awaitJoinsHandled(m, 1);
        await().atMost(WAIT).until(() -> recordings(m).stream().anyMatch(r -> r.status() == RecordingStatus.ACTIVE));
        // a moderator stops it; the next join of the same room session must not start another one
        kits.get(1).recordings().stop(recordings(m).get(0).id());
        await().atMost(WAIT).until(() -> recordings(m).get(0).status() == RecordingStatus.COMPLETE);
        lk.joinParticipant(m.roomName(), "bob");
        awaitJoinsHandled(m, 2);
        List<Recording> all = recordings(m);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).startedBy()).isEqualTo("meetkit:auto-record");
        assertThat(lk.requests("StartRoomCompositeEgress")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName("with autoRecordParticipants(2) the second join starts it; without autoRecord no join does")
    void thresholdAndOff(String name, Supplier<List<MeetKitStores>> stores) throws Exception {
        twoInstances(stores.get(), 2);
        Meeting auto = meeting(true);
        Meeting manual = meeting(false);
        lk.joinParticipant(auto.roomName(), "alice");
        lk.joinParticipant(manual.roomName(), "alice");
        lk.joinParticipant(manual.roomName(), "bob");
        awaitJoinsHandled(auto, 1);
        awaitJoinsHandled(manual, 2);
        assertThat(recordings(auto)).as("one participant of two").isEmpty();
        assertThat(recordings(manual)).as("autoRecord off").isEmpty();
        lk.joinParticipant(auto.roomName(), "bob");
        awaitJoinsHandled(auto, 2);
        await().atMost(WAIT).until(() -> recordings(auto).size() == 1);
        lk.joinParticipant(auto.roomName(), "carol");
        awaitJoinsHandled(auto, 3);
        assertThat(recordings(auto)).hasSize(1);
        assertThat(recordings(manual)).isEmpty();
    }
}
