package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.rules.InputRules;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13's storm: 32 threads join, leave and rejoin one meeting through two MeetKit instances on one PostgreSQL,
 * with refreshes (through the other instance) in between. Every identity ever issued is distinct, every refresh
 * returns the role recorded for that identity, and no two participants in the room share a display name.
 */
class ParticipantStormTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    private static final int THREADS = 32;
    private static final int ROUNDS = 4;
    private static final List<String> NAMES = List.of("Dana", "DANA", "Ｄana", "Eli", "Fay");

    private MeetKit kit(HikariDataSource pool) {
        FakeLiveKitServer fake = LIVEKIT.server();
        return MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .callTimeout(Duration.ofSeconds(10))
                .stores(JdbcStores.create(pool))
                .build();
    }

    @Test
    void joinsLeavesRejoinsAndRefreshesThroughTwoInstances() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        db.clean();
        FakeLiveKitServer fake = LIVEKIT.server();
        try (HikariDataSource poolA = db.pool("storm-a", 8);
                HikariDataSource poolB = db.pool("storm-b", 8);
                MeetKit a = kit(poolA);
                MeetKit b = kit(poolB)) {
            MeetKit[] kits = {a, b};
            AtomicInteger deliveries = new AtomicInteger();
            // LiveKit posts each webhook to one instance or the other
            fake.webhookSink((body, authorization) ->
                    kits[deliveries.getAndIncrement() % 2].webhooks().handle(body, authorization));
            Meeting m =
                    a.meetings().create(CreateMeeting.builder("Storm", "owner").build());

            Map<String, String> roleByIdentity = new ConcurrentHashMap<>();
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger refreshes = new AtomicInteger();
            List<String> sharedNames = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        MeetKit issuer = kits[(thread + round) % 2];
                        MeetKit other = kits[(thread + round + 1) % 2];
                        String role = (thread + round) % 3 == 0 ? "MODERATOR" : "SPEAKER";
                        ParticipantToken token = issuer.tokens()
                                .issue(m.id(), TokenRequest.of(NAMES.get((thread + round) % NAMES.size()), role));
                        issued.incrementAndGet();
                        assertThat(roleByIdentity.putIfAbsent(token.identity(), role))
                                .as("identity %s issued twice", token.identity())
                                .isNull();
                        fake.join(token.token());
                        sharedNames.addAll(duplicateNames(fake.participants(m.roomName())));

                        ParticipantToken refreshed = other.tokens().refresh(m.id(), token.identity(), token.token());
                        refreshes.incrementAndGet();
                        assertThat(refreshed.role().name()).isEqualTo(roleByIdentity.get(token.identity()));
                        assertThat(refreshed.displayName()).isEqualTo(token.displayName());

                        fake.leaveParticipant(m.roomName(), token.identity());
                    }
                    return null;
                }));
            }
            go.countDown();
            pool.shutdown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }

            assertThat(issued.get()).isEqualTo(THREADS * ROUNDS);
            assertThat(roleByIdentity).hasSize(THREADS * ROUNDS);
            assertThat(refreshes.get()).isEqualTo(THREADS * ROUNDS);
            assertThat(sharedNames)
                    .as("display names shared by two participants in the room")
                    .isEmpty();
            assertThat(fake.participants(m.roomName())).isEmpty();
            assertThat(a.tokens().reservedNames(m.id()))
                    .as("every leave released its name")
                    .isEmpty();
        }
    }

    /** The display names (by collision key) that two participants in the room hold at once. */
    private static List<String> duplicateNames(List<ParticipantInfo> participants) {
        Map<String, Integer> count = new java.util.HashMap<>();
        for (ParticipantInfo p : participants) {
            count.merge(InputRules.displayNameKey(p.getName()), 1, Integer::sum);
        }
        List<String> shared = new ArrayList<>();
        count.forEach((key, n) -> {
            if (n > 1) {
                shared.add(key);
            }
        });
        return shared;
    }
}
