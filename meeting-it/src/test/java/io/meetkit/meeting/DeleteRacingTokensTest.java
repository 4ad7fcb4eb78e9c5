package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.MeetingException;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A meeting deleted while tokens are being issued for it leaves nothing behind: no name reservation and no LiveKit
 * room (issue 14, item 4; the issue measured 178 reservation rows and a room left in 17 of 20 rounds). Token issue
 * re-checks the meeting after reserving, and a deletion removes the reservations and the room after the meeting.
 * Both room modes: tokens with {@code roomConfig} (issue creates no room) and {@code createRoomsOnJoin(true)} (issue
 * creates the room, and removes it again when the meeting was deleted meanwhile).
 */
class DeleteRacingTokensTest {

    private static final int ROUNDS = 20;
    private static final int ISSUERS = 7;

    private final FakeLiveKitServer fake = FakeLiveKitServer.builder().build().start();
    private @Nullable MeetKit kit;
    private final ExecutorService pool = Executors.newFixedThreadPool(ISSUERS + 1);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        if (kit != null) {
            kit.close();
        }
        fake.close();
    }

    @ParameterizedTest(name = "createRoomsOnJoin {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("20 rounds of 7 threads issuing tokens while an 8th deletes the meeting: nothing is left")
    void nothingLeftBehind(boolean createRoomsOnJoin) throws Exception {
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .callTimeout(Duration.ofSeconds(5))
                .stores(new InMemoryStores())
                .createRoomsOnJoin(createRoomsOnJoin)
                .build();
        this.kit = kit;
        List<String> leftovers = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Meeting m = kit.meetings()
                    .create(CreateMeeting.builder("Race " + round, "ann").build());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < ISSUERS; i++) {
                String name = "Guest " + i;
                futures.add(submit(go, () -> {
                    for (int k = 0; k < 3; k++) {
                        kit.tokens().issue(m.id(), TokenRequest.of(name, "SPEAKER"));
                    }
                    return true;
                }));
            }
            futures.add(submit(go, () -> {
                kit.meetings().delete(m.id(), DeletionPolicy.FORCE);
                return false;
            }));
            go.countDown();
            for (Future<Boolean> f : futures) {
                try {
                    f.get(1, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    // a token refused because the meeting is gone is what a racing issue may get
                    assertThat(e.getCause()).isInstanceOf(MeetingException.class);
                }
            }
            assertThat(kit.meetings().get(m.id()))
                    .as("round %d: the meeting is deleted", round)
                    .isEmpty();
            int reservations = kit.stores()
                    .participantNames()
                    .list(m.id(), java.time.Instant.now())
                    .size();
            if (reservations > 0) {
                leftovers.add("round " + round + ": " + reservations + " reservation(s)");
            }
            if (fake.room(m.roomName()).isPresent()) {
                leftovers.add("round " + round + ": the LiveKit room " + m.roomName());
            }
        }
        assertThat(leftovers).as("left behind by a deleted meeting").isEmpty();
    }

    private Future<Boolean> submit(CountDownLatch go, Callable<Boolean> work) {
        return pool.submit(() -> {
            go.await();
            return work.call();
        });
    }
}
