package io.meetkit.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.livekit.WebhookOutcome;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.SentWebhook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cluster routes webhooks by its seed, retries failed deliveries, and its invariants catch what is broken. */
class MeetKitClusterTest {

    private FakeLiveKitServer fake;
    private MeetKitCluster cluster;

    @BeforeEach
    void start() {
        fake = FakeLiveKitServer.builder().build().start();
        cluster = cluster(7L);
    }

    private MeetKitCluster cluster(long seed) {
        return MeetKitCluster.builder()
                .instances(2)
                .stores(new InMemoryStores())
                .liveKit(fake)
                .seed(seed)
                .build();
    }

    @AfterEach
    void stop() {
        cluster.close();
        fake.close();
    }

    private Meeting liveMeeting(String title) {
        Meeting m = cluster.instance(0)
                .meetings()
                .create(CreateMeeting.builder(title, "ann").build());
        fake.join(cluster.instance(1)
                .tokens()
                .issue(m.id(), TokenRequest.of("Alice", "SPEAKER"))
                .token());
        return m;
    }

    @Test
    @DisplayName("webhooks wait until delivered, then go to instances picked by the seed; the same seed routes alike")
    void routesBySeed() {
        for (int i = 0; i < 6; i++) {
            liveMeeting("Standup " + i);
        }
        assertThat(cluster.pendingWebhooks()).isEqualTo(12);
        assertThat(cluster.deliverWebhooks()).isEqualTo(12);
        List<Integer> targets = cluster.deliveries().values().stream()
                .map(ds -> ds.get(0).instance())
                .toList();
        assertThat(targets).contains(0, 1);
        List<Integer> expected = new ArrayList<>();
        Random replay = new Random(7L);
        for (int i = 0; i < 12; i++) {
            expected.add(replay.nextInt(2));
        }
        assertThat(targets).isEqualTo(expected);
        cluster.settle();
        cluster.assertInvariants();
    }

    @Test
    @DisplayName("shuffled, the queued webhooks arrive in another order than sent, and the invariants still hold")
    void shuffles() {
        cluster.close();
        cluster = MeetKitCluster.builder()
                .instances(3)
                .stores(new InMemoryStores())
                .liveKit(fake)
                .seed(11L)
                .shuffleWebhooks(true)
                .build();
        for (int i = 0; i < 4; i++) {
            liveMeeting("Standup " + i);
        }
        List<String> sent = fake.sentWebhooks().stream().map(SentWebhook::id).toList();
        cluster.deliverWebhooks();
        List<String> delivered = new ArrayList<>(cluster.deliveries().keySet());
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(sent).isNotEqualTo(sent);
        cluster.settle();
        cluster.assertInvariants();
    }

    @Test
    @DisplayName("a delivery that fails on a store failure stays queued and is delivered again")
    void retriesFailedDeliveries() {
        Meeting m = liveMeeting("Standup");
        cluster.storesDown();
        assertThat(cluster.deliverWebhooks()).isZero();
        assertThat(cluster.pendingWebhooks()).isEqualTo(2);
        cluster.heal();
        cluster.settle();

        assertThat(cluster.instance(0).meetings().require(m.id()).status().name())
                .isEqualTo("ACTIVE");
        assertThat(cluster.deliveries().values())
                .allSatisfy(ds -> assertThat(ds.get(ds.size() - 1).answered()).isTrue());
        cluster.assertInvariants();
    }

    @Test
    @DisplayName("an event marked seen without being applied is reported lost")
    void lostWebhook() {
        Meeting m = liveMeeting("Standup");
        SentWebhook started = fake.sentWebhooks("room_started").get(0);
        // what a handler that records the id before applying the change leaves when the store then fails
        cluster.stores(0)
                .delegate()
                .webhookEvents()
                .firstSeen(started.id(), Instant.now(), Instant.now().plusSeconds(3600));
        cluster.settle();

        assertThat(cluster.deliveries().get(started.id()))
                .first()
                .satisfies(d -> assertThat(d.outcome().status()).isEqualTo(WebhookOutcome.Status.DUPLICATE));
        assertThat(cluster.violations())
                .anySatisfy(v -> assertThat(v).contains("room_started " + started.id() + " was lost"))
                .anySatisfy(v -> assertThat(v)
                        .contains(m.roomName() + ") is OPEN with [")
                        .contains("in its room"));
        assertThatThrownBy(cluster::assertInvariants)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("seed 7");
    }

    @Test
    @DisplayName("a meeting ACTIVE without a room, and a deleted meeting's room and name reservation, are reported")
    void leftovers() {
        Meeting active = liveMeeting("Active");
        Meeting deleted = liveMeeting("Deleted");
        cluster.settle();
        cluster.assertInvariants();

        fake.removeRoom(active.roomName()); // gone without room_finished
        cluster.stores(1).delegate().meetings().delete(deleted.id()); // gone without its room and reservations

        String all = cluster.violations().stream().collect(Collectors.joining("\n"));
        assertThat(all)
                .contains("meeting " + active.id() + " (" + active.roomName() + ") is ACTIVE without a LiveKit room")
                .contains("deleted meeting " + deleted.id() + " (" + deleted.roomName() + ") left its LiveKit room")
                .contains("deleted meeting " + deleted.id() + " (" + deleted.roomName() + ") left 1 name reservation");
    }

    @Test
    @DisplayName("the builder refuses a missing fake or store and a non-positive count")
    void builderChecks() {
        assertThatThrownBy(() -> MeetKitCluster.builder().instances(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> MeetKitCluster.builder().liveKit(fake).build()).hasMessageContaining("stores");
        assertThatThrownBy(() ->
                        MeetKitCluster.builder().stores(new InMemoryStores()).build())
                .hasMessageContaining("liveKit");
        assertThatThrownBy(cluster::storageDown).hasMessageContaining("recordingStorage");
    }
}
