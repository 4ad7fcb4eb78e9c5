package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.EventOutbox;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.NewOutboxEvent;
import io.meetkit.store.OutboxDelivery;
import io.meetkit.store.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link EventOutbox} and of {@link MeetKitStores#inTransaction} with it: positions
 * and per-meeting sequences, the changes feed, deliveries per endpoint, purge, and what two instances sharing the
 * data see ({@link #otherInstance(MeetKitStores)}). Extend it and return fresh, empty stores from
 * {@link #createStores()}.
 */
public abstract class EventOutboxContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** The stores under test, fresh for every test. */
    protected MeetKitStores stores;
    /** {@code stores.eventOutbox()}. */
    protected EventOutbox outbox;

    /** Creates the contract. */
    protected EventOutboxContract() {}

    /** Returns fresh, empty stores. Called before every test. */
    protected abstract MeetKitStores createStores();

    /** Returns a second instance over the same data as {@code stores}; the default is {@code stores} itself. */
    protected MeetKitStores otherInstance(MeetKitStores stores) {
        return stores;
    }

    @BeforeEach
    final void setUpStore() {
        stores = createStores();
        outbox = stores.eventOutbox();
    }

    /** A new event of {@code meetingId} with a data object naming {@code n}. */
    protected static NewOutboxEvent event(UUID meetingId, String type, int n) {
        return new NewOutboxEvent(UUID.randomUUID(), meetingId, type, T0.plusSeconds(n), "{\"n\":" + n + "}");
    }

    /** Appending and reading the feed. */
    @Nested
    class Appending {

        @Test
        @DisplayName("positions increase and each meeting counts its own sequence from 1")
        void positionsAndSequences() {
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            OutboxEvent a1 = outbox.append(event(a, "meetingStarted", 1), T0);
            OutboxEvent b1 = outbox.append(event(b, "meetingStarted", 2), T0);
            OutboxEvent a2 = outbox.append(event(a, "participantJoined", 3), T0.plusSeconds(1));
            assertThat(List.of(a1.sequence(), b1.sequence(), a2.sequence())).containsExactly(1L, 1L, 2L);
            assertThat(a1.position()).isLessThan(b1.position());
            assertThat(b1.position()).isLessThan(a2.position());
            assertThat(a2.appendedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(a2.data()).isEqualTo("{\"n\":3}");
            assertThat(outbox.findById(a2.id())).contains(a2);
            assertThat(outbox.findById(UUID.randomUUID())).isEmpty();
            assertThat(outbox.readAfter(0, 10, T0)).containsExactly(a1, b1, a2);
            assertThat(outbox.readAfter(a1.position(), 10, T0)).containsExactly(b1, a2);
            assertThat(outbox.readAfter(0, 2, T0)).containsExactly(a1, b1);
            assertThat(outbox.readAfter(a2.position(), 10, T0)).isEmpty();
        }

        @Test
        @DisplayName("an event id is stored once; a second append is a conflict and stores nothing")
        void duplicateId() {
            UUID m = UUID.randomUUID();
            NewOutboxEvent e = event(m, "meetingStarted", 1);
            outbox.append(e, T0);
            assertThatThrownBy(() -> outbox.append(e, T0))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            x -> assertThat(x.code()).isEqualTo(ConflictException.ALREADY_EXISTS));
            assertThat(outbox.readAfter(0, 10, T0)).hasSize(1);
            assertThat(outbox.append(event(m, "meetingEnded", 2), T0).sequence())
                    .as("the refused append took no sequence")
                    .isEqualTo(2);
        }

        @Test
        @DisplayName("bad arguments are refused before anything is read or stored")
        void badArguments() {
            assertThatThrownBy(() -> outbox.readAfter(-1, 10, T0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> outbox.readAfter(0, 0, T0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> outbox.readAfter(0, 1001, T0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> outbox.enqueue(" ", Set.of(), 10, T0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> outbox.enqueue("x".repeat(256), Set.of(), 10, T0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new NewOutboxEvent(UUID.randomUUID(), UUID.randomUUID(), "", T0, "{}"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new NewOutboxEvent(UUID.randomUUID(), UUID.randomUUID(), "t", T0, "[1]"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(outbox.readAfter(0, 10, T0)).isEmpty();
        }

        @Test
        @DisplayName("concurrent appends to one meeting on two instances get sequences 1..n in position order")
        void concurrentAppendsOfOneMeeting() {
            MeetKitStores other = otherInstance(stores);
            UUID m = UUID.randomUUID();
            var outcomes = Concurrently.run(
                    8, i -> () -> (i % 2 == 0 ? outbox : other.eventOutbox()).append(event(m, "t", i), T0));
            assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
            List<OutboxEvent> all = outbox.readAfter(0, 100, T0);
            assertThat(all).hasSize(8);
            assertThat(all.stream().map(OutboxEvent::sequence).toList())
                    .as("sequence order is position order")
                    .containsExactly(LongStream.rangeClosed(1, 8).boxed().toArray(Long[]::new));
        }
    }

    /** Deliveries to endpoints. */
    @Nested
    class Deliveries {

        @Test
        @DisplayName("enqueue moves the endpoint's cursor and creates a PENDING delivery per wanted event")
        void enqueue() {
            UUID m = UUID.randomUUID();
            OutboxEvent e1 = outbox.append(event(m, "meetingStarted", 1), T0);
            OutboxEvent e2 = outbox.append(event(m, "participantJoined", 2), T0);
            OutboxEvent e3 = outbox.append(event(m, "meetingEnded", 3), T0);
            assertThat(outbox.enqueue("all", Set.of(), 2, T0)).isEqualTo(2);
            assertThat(outbox.enqueue("all", Set.of(), 10, T0)).isEqualTo(1);
            assertThat(outbox.enqueue("all", Set.of(), 10, T0)).isZero();
            assertThat(outbox.enqueue("meetings", Set.of("meetingStarted", "meetingEnded"), 10, T0))
                    .isEqualTo(3);
            List<OutboxDelivery> all = outbox.pending("all", 10);
            assertThat(all).extracting(OutboxDelivery::event).containsExactly(e1, e2, e3);
            assertThat(all).allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
                assertThat(d.attempts()).isZero();
                assertThat(d.nextAttemptAt()).isEqualTo(T0);
                assertThat(d.endpoint()).isEqualTo("all");
            });
            assertThat(outbox.pending("meetings", 10))
                    .extracting(OutboxDelivery::event)
                    .containsExactly(e1, e3);
            assertThat(outbox.count("all", DeliveryStatus.PENDING)).isEqualTo(3);
            OutboxEvent e4 = outbox.append(event(m, "meetingStarted", 4), T0);
            assertThat(outbox.enqueue("meetings", Set.of("meetingStarted"), 10, T0))
                    .isEqualTo(1);
            assertThat(outbox.pending("meetings", 10))
                    .extracting(OutboxDelivery::event)
                    .containsExactly(e1, e3, e4);
        }

        @Test
        @DisplayName("an endpoint seen for the first time starts at the oldest event; with none it waits")
        void newEndpoint() {
            assertThat(outbox.enqueue("late", Set.of(), 10, T0)).isZero();
            OutboxEvent e1 = outbox.append(event(UUID.randomUUID(), "t", 1), T0);
            assertThat(outbox.enqueue("late", Set.of(), 10, T0)).isEqualTo(1);
            assertThat(outbox.pending("late", 10))
                    .extracting(OutboxDelivery::event)
                    .containsExactly(e1);
        }

        @Test
        @DisplayName("outcomes are stored; FAILED ones are listed, counted and re-triggered")
        void outcomes() {
            UUID m = UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                outbox.append(event(m, "t", i), T0);
            }
            outbox.enqueue("ep", Set.of(), 10, T0);
            List<OutboxDelivery> p = outbox.pending("ep", 10);
            Instant later = T0.plusSeconds(5);
            outbox.update(
                    List.of(
                            p.get(0).with(DeliveryStatus.DELIVERED, 1, T0, null),
                            p.get(1).with(DeliveryStatus.PENDING, 1, later, "HTTP 503"),
                            p.get(2).with(DeliveryStatus.FAILED, 5, T0, "x".repeat(5000))),
                    T0);
            assertThat(outbox.count("ep", DeliveryStatus.DELIVERED)).isEqualTo(1);
            assertThat(outbox.count("ep", DeliveryStatus.PENDING)).isEqualTo(1);
            assertThat(outbox.count("ep", DeliveryStatus.FAILED)).isEqualTo(1);
            OutboxDelivery retrying = outbox.pending("ep", 10).get(0);
            assertThat(retrying.attempts()).isEqualTo(1);
            assertThat(retrying.nextAttemptAt()).isEqualTo(later);
            assertThat(retrying.lastError()).isEqualTo("HTTP 503");
            List<OutboxDelivery> failed = outbox.deliveries("ep", DeliveryStatus.FAILED, 0, 10);
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).event()).isEqualTo(p.get(2).event());
            assertThat(failed.get(0).lastError()).hasSize(1000);
            assertThat(outbox.deliveries(
                            "ep", DeliveryStatus.FAILED, p.get(2).event().position(), 10))
                    .isEmpty();
            assertThat(outbox.retryFailed("ep", later)).isEqualTo(1);
            assertThat(outbox.count("ep", DeliveryStatus.FAILED)).isZero();
            assertThat(outbox.pending("ep", 10))
                    .extracting(OutboxDelivery::attempts)
                    .containsExactly(1, 0);
            assertThat(outbox.count("other", DeliveryStatus.PENDING)).isZero();
        }

        @Test
        @DisplayName("two instances enqueueing at once create each event's delivery once")
        void concurrentEnqueue() {
            MeetKitStores other = otherInstance(stores);
            for (int i = 0; i < 50; i++) {
                outbox.append(event(UUID.randomUUID(), "t", i), T0);
            }
            var outcomes = Concurrently.run(
                    6, i -> () -> (i % 2 == 0 ? outbox : other.eventOutbox()).enqueue("ep", Set.of(), 7, T0));
            assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
            while (outbox.enqueue("ep", Set.of(), 100, T0) > 0) {
                // the rest
            }
            List<OutboxDelivery> pending = new ArrayList<>();
            long after = 0;
            for (List<OutboxDelivery> page;
                    !(page = outbox.deliveries("ep", DeliveryStatus.PENDING, after, 20)).isEmpty(); ) {
                pending.addAll(page);
                after = page.get(page.size() - 1).event().position();
            }
            assertThat(pending).hasSize(50);
            assertThat(pending.stream().map(d -> d.event().id()).collect(Collectors.toSet()))
                    .hasSize(50);
        }
    }

    /** Purging delivered events. */
    @Nested
    class Purging {

        @Test
        @DisplayName("only old events that every endpoint passed and delivered are purged")
        void purge() {
            UUID m = UUID.randomUUID();
            OutboxEvent delivered = outbox.append(event(m, "t", 1), T0);
            OutboxEvent pending = outbox.append(event(m, "t", 2), T0);
            OutboxEvent unwanted = outbox.append(event(m, "other", 3), T0);
            OutboxEvent young = outbox.append(event(m, "t", 4), T0.plus(Duration.ofDays(2)));
            outbox.enqueue("ep", Set.of("t"), 10, T0);
            OutboxDelivery first = outbox.pending("ep", 1).get(0);
            outbox.update(List.of(first.with(DeliveryStatus.DELIVERED, 1, T0, null)), T0);
            // a young event of the same endpoint delivered too
            OutboxDelivery last = outbox.deliveries("ep", DeliveryStatus.PENDING, pending.position(), 1)
                    .get(0);
            outbox.update(List.of(last.with(DeliveryStatus.DELIVERED, 1, T0, null)), T0);

            assertThat(outbox.purge(T0.plus(Duration.ofDays(1)))).isEqualTo(2);
            assertThat(outbox.findById(delivered.id())).isEmpty();
            assertThat(outbox.findById(unwanted.id()))
                    .as("passed and not wanted: nothing to deliver")
                    .isEmpty();
            assertThat(outbox.findById(pending.id())).isPresent();
            assertThat(outbox.findById(young.id())).isPresent();
            assertThat(outbox.count("ep", DeliveryStatus.DELIVERED))
                    .as("the purged event's delivery went with it")
                    .isEqualTo(1);
            assertThat(outbox.readAfter(0, 10, T0.plus(Duration.ofDays(3))))
                    .extracting(OutboxEvent::id)
                    .containsExactly(pending.id(), young.id());
        }

        @Test
        @DisplayName("an event an endpoint's cursor has not passed yet stays")
        void cursorBehind() {
            UUID m = UUID.randomUUID();
            OutboxEvent e1 = outbox.append(event(m, "t", 1), T0);
            outbox.enqueue("slow", Set.of(), 1, T0);
            OutboxDelivery d = outbox.pending("slow", 1).get(0);
            outbox.update(List.of(d.with(DeliveryStatus.DELIVERED, 1, T0, null)), T0);
            OutboxEvent e2 = outbox.append(event(m, "t", 2), T0);
            assertThat(outbox.purge(T0.plusSeconds(60))).isEqualTo(1);
            assertThat(outbox.findById(e1.id())).isEmpty();
            assertThat(outbox.findById(e2.id())).as("slow has not passed it").isPresent();
            assertThat(outbox.append(event(m, "t", 3), T0).sequence())
                    .as("sequences go on after a purge")
                    .isEqualTo(3);
        }

        @Test
        @DisplayName("a removed endpoint's cursor and deliveries are gone and no longer hold back the purge;"
                + " seen by another instance")
        void removedEndpoint() {
            UUID m = UUID.randomUUID();
            OutboxEvent e1 = outbox.append(event(m, "t", 1), T0);
            OutboxEvent e2 = outbox.append(event(m, "t", 2), T0);
            outbox.enqueue("live", Set.of(), 10, T0);
            outbox.update(
                    outbox.pending("live", 10).stream()
                            .map(d -> d.with(DeliveryStatus.DELIVERED, 1, T0, null))
                            .toList(),
                    T0);
            outbox.enqueue("gone", Set.of(), 1, T0); // it stopped after one event, which it never delivered
            assertThat(outbox.endpoints()).containsExactlyInAnyOrder("live", "gone");
            assertThat(outbox.purge(T0.plusSeconds(60)))
                    .as("gone's cursor and its pending delivery hold both events back")
                    .isZero();

            EventOutbox other = otherInstance(stores).eventOutbox();
            assertThat(other.removeEndpoint("gone")).isTrue();
            assertThat(other.removeEndpoint("gone")).as("once").isFalse();
            assertThat(outbox.endpoints()).containsExactly("live");
            assertThat(outbox.count("gone", DeliveryStatus.PENDING)).isZero();
            assertThat(outbox.purge(T0.plusSeconds(60))).isEqualTo(2);
            assertThat(outbox.findById(e1.id())).isEmpty();
            assertThat(outbox.findById(e2.id())).isEmpty();
            assertThat(outbox.removeEndpoint("never")).isFalse();
        }
    }

    /** {@link MeetKitStores#inTransaction}. */
    @Nested
    class Transactions {

        @Test
        @DisplayName("work that throws: transactional stores keep neither the change nor its event")
        void rollback() {
            UUID m = UUID.randomUUID();
            OutboxEvent before = outbox.append(event(m, "t", 0), T0);
            assertThatThrownBy(() -> stores.inTransaction(() -> {
                        outbox.append(event(m, "t", 1), T0);
                        throw new IllegalStateException("boom");
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("boom");
            List<OutboxEvent> all = outbox.readAfter(0, 10, T0.plusSeconds(60));
            if (stores.transactional()) {
                assertThat(all).containsExactly(before);
                assertThat(outbox.append(event(m, "t", 2), T0).sequence())
                        .as("the rolled-back append took no sequence")
                        .isEqualTo(2);
            } else {
                assertThat(all).hasSize(2).first().isEqualTo(before);
            }
        }

        @Test
        @DisplayName("work that returns is kept, and nested transactions join the outer one")
        void commit() {
            UUID m = UUID.randomUUID();
            List<OutboxEvent> appended = stores.inTransaction(() -> List.of(
                    outbox.append(event(m, "t", 1), T0),
                    stores.inTransaction(() -> outbox.append(event(m, "t", 2), T0))));
            assertThat(otherInstance(stores).eventOutbox().readAfter(0, 10, T0))
                    .containsExactlyElementsOf(appended.stream()
                            .sorted(Comparator.comparingLong(OutboxEvent::position))
                            .toList());
        }
    }
}
