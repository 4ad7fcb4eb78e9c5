package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.meeting.Meeting;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.LeaseStore;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.MeetingStore;
import io.meetkit.store.NameReservation;
import io.meetkit.store.OutboxEvent;
import io.meetkit.store.OutboxLimits;
import io.meetkit.store.ParticipantBanStore;
import io.meetkit.store.ParticipantNameStore;
import io.meetkit.store.RecordingStore;
import io.meetkit.store.WebhookEventLog;
import io.meetkit.testkit.store.EventOutboxContract;
import io.meetkit.testkit.store.LeaseStoreContract;
import io.meetkit.testkit.store.MeetingStoreContract;
import io.meetkit.testkit.store.ParticipantBanStoreContract;
import io.meetkit.testkit.store.ParticipantNameStoreContract;
import io.meetkit.testkit.store.RecordingStoreContract;
import io.meetkit.testkit.store.WebhookEventLogContract;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every store contract plus the JDBC-specific behaviour, on the database {@link #db()} gives. Each store gets the
 * shared database emptied; the "other instance" of the multi-instance tests is a {@link JdbcStores} on a second
 * connection pool.
 */
abstract class JdbcStoreContracts {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    abstract TestDatabase db();

    @Nested
    class Meetings extends MeetingStoreContract {
        @Override
        protected MeetingStore createStore() {
            db().clean();
            return db().a.meetings();
        }
    }

    @Nested
    class Recordings extends RecordingStoreContract {
        @Override
        protected RecordingStore createStore() {
            db().clean();
            return db().a.recordings();
        }
    }

    @Nested
    class ParticipantNames extends ParticipantNameStoreContract {
        @Override
        protected ParticipantNameStore createStore() {
            db().clean();
            return db().a.participantNames();
        }

        @Override
        protected ParticipantNameStore otherInstance(ParticipantNameStore store) {
            return db().b.participantNames();
        }
    }

    @Nested
    class ParticipantBans extends ParticipantBanStoreContract {
        @Override
        protected ParticipantBanStore createStore() {
            db().clean();
            return db().a.participantBans();
        }

        @Override
        protected ParticipantBanStore otherInstance(ParticipantBanStore store) {
            return db().b.participantBans();
        }
    }

    @Nested
    class WebhookEvents extends WebhookEventLogContract {
        @Override
        protected WebhookEventLog createStore() {
            db().clean();
            return db().a.webhookEvents();
        }

        @Override
        protected WebhookEventLog otherInstance(WebhookEventLog log) {
            return db().b.webhookEvents();
        }
    }

    @Nested
    class EventOutboxes extends EventOutboxContract {
        @Override
        protected MeetKitStores createStores() {
            db().clean();
            return db().a;
        }

        @Override
        protected MeetKitStores otherInstance(MeetKitStores stores) {
            return db().b;
        }

        @Test
        @DisplayName("an append still committing holds readers back until it commits, or for GAP_SETTLE")
        void holeOfAnOpenTransaction() throws Exception {
            UUID m = UUID.randomUUID();
            OutboxEvent first = db().a.eventOutbox().append(event(m, "t", 0), T0);
            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService open = Executors.newSingleThreadExecutor();
            try {
                Future<OutboxEvent> slow = open.submit(() -> db().a.inTransaction(() -> {
                    OutboxEvent e = db().a.eventOutbox().append(event(m, "t", 1), T0);
                    appended.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e1) {
                        Thread.currentThread().interrupt();
                    }
                    return e;
                }));
                assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
                OutboxEvent later = db().b.eventOutbox().append(event(UUID.randomUUID(), "t", 2), T0);
                assertThat(db().b.eventOutbox().readAfter(first.position(), 10, T0))
                        .as("the open append's position is a hole that may still fill")
                        .isEmpty();
                assertThat(db().b.eventOutbox().readAfter(first.position(), 10, T0.plus(OutboxLimits.GAP_SETTLE)))
                        .as("at GAP_SETTLE it still waits")
                        .isEmpty();
                assertThat(db().b
                                .eventOutbox()
                                .readAfter(
                                        first.position(),
                                        10,
                                        T0.plus(OutboxLimits.GAP_SETTLE).plusMillis(1)))
                        .as("after GAP_SETTLE the hole is passed")
                        .containsExactly(later);
                release.countDown();
                OutboxEvent committed = slow.get(30, TimeUnit.SECONDS);
                assertThat(committed.position()).isLessThan(later.position());
                assertThat(db().b.eventOutbox().readAfter(first.position(), 10, T0))
                        .containsExactly(committed, later);
            } finally {
                release.countDown();
                open.shutdownNow();
            }
        }
    }

    @Nested
    class Leases extends LeaseStoreContract {
        @Override
        protected LeaseStore createStore() {
            db().clean();
            return db().a.leases();
        }

        @Override
        protected LeaseStore otherInstance(LeaseStore leases) {
            return db().b.leases();
        }
    }

    static Meeting meeting(Instant createdAt) {
        UUID id = UUID.randomUUID();
        return Meeting.builder()
                .id(id)
                .roomName("room-" + id)
                .title("Standup")
                .createdBy("user-1")
                .moderatorSecret("m-" + id)
                .speakerSecret("s-" + id)
                .createdAt(createdAt)
                .updatedAt(createdAt)
                .build();
    }

    /** What is particular to the JDBC stores. */
    @Nested
    class Jdbc {

        @Test
        void detectsTheDialect() {
            assertThat(db().a.dialect()).isEqualTo(db().dialect);
            assertThat(db().a.tablePrefix()).isEqualTo("meetkit_");
        }

        @Test
        @DisplayName("over-long values are refused with the field named, before any SQL runs")
        void overLongValuesAreRefusedBeforeSql() {
            JdbcStores unreachable = JdbcStores.builder(new UnreachableDataSource())
                    .dialect(db().dialect)
                    .build();
            Meeting longTitle = meeting(T0).toBuilder()
                    .title("x".repeat(501))
                    .createdBy("y".repeat(256))
                    .build();
            assertThatThrownBy(() -> unreachable.meetings().insert(longTitle))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.violations())
                                    .extracting(InvalidRequestException.Violation::field)
                                    .containsExactly("title", "createdBy"));
            assertThatThrownBy(() ->
                            unreachable.meetings().page(new MeetingFilter(null, null, "z".repeat(1001)), null, 10))
                    .isInstanceOf(InvalidRequestException.class);
            Recording longKey = Recording.builder()
                    .id(UUID.randomUUID())
                    .meetingId(UUID.randomUUID())
                    .objectKey("k".repeat(1025))
                    .startedBy("u")
                    .createdAt(T0)
                    .updatedAt(T0)
                    .build();
            assertThatThrownBy(() -> unreachable.recordings().insert(longKey))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("objectKey");
            assertThatThrownBy(() -> unreachable
                            .participantNames()
                            .reserve(UUID.randomUUID(), "n".repeat(400), null, "SPEAKER", T0, T0.plusSeconds(1)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("name");
            assertThatThrownBy(() -> unreachable.webhookEvents().firstSeen("e".repeat(256), T0, T0))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("eventId");
            assertThatThrownBy(() -> unreachable.leases().tryAcquire("job", "o".repeat(256), T0, T0))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("owner");

            db().clean();
            assertThatThrownBy(() -> db().a.meetings().insert(longTitle)).isInstanceOf(InvalidRequestException.class);
            assertThat(db().a.meetings().page(MeetingFilter.ALL, null, 10)).isEmpty();
        }

        @Test
        @DisplayName("values at the column limits are stored")
        void valuesAtTheLimitsAreStored() {
            db().clean();
            Meeting m = meeting(T0).toBuilder()
                    .title("t".repeat(500))
                    .createdBy("c".repeat(255))
                    .roomName("r".repeat(256))
                    .attributes(Map.of("k", "v".repeat(1024)))
                    .build();
            db().a.meetings().insert(m);
            assertThat(db().a.meetings().findById(m.id())).contains(m);
            UUID meeting = UUID.randomUUID();
            NameReservation r = db().a
                    .participantNames()
                    .reserve(meeting, "N".repeat(310), "i".repeat(255), "R".repeat(64), T0, T0.plusSeconds(60));
            assertThat(r.displayName()).hasSize(310);
            NameReservation numbered = db().a
                    .participantNames()
                    .reserve(meeting, "N".repeat(310), "j".repeat(255), "R".repeat(64), T0, T0.plusSeconds(60));
            assertThat(numbered.displayName()).isEqualTo("N".repeat(310) + "_2");
            NameReservation asIdentity =
                    db().a.participantNames().reserve(meeting, "n".repeat(245), null, "R", T0, T0.plusSeconds(60));
            assertThat(asIdentity.identity()).hasSize(245);
            assertThatThrownBy(() -> db().a
                            .participantNames()
                            .reserve(meeting, "n".repeat(246), null, "R", T0, T0.plusSeconds(60)))
                    .as("without an identity the name, with room for a number, must fit the identity column")
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> db().a
                            .participantNames()
                            .reserve(meeting, "N".repeat(311), "k", "R", T0, T0.plusSeconds(60)))
                    .as("no room left for a number of nine digits")
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        @DisplayName("the n-th 'Guest' costs as many statements as the second, whatever n (issue 16)")
        void numberedNameCostsConstantStatements() {
            java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
            JdbcStores counted = JdbcStores.builder(countingStatements(db().poolA, executed))
                    .dialect(db().dialect)
                    .build();
            UUID meeting = UUID.randomUUID();
            Map<Integer, Integer> statementsOf = new java.util.TreeMap<>();
            for (int n = 1; n <= 600; n++) {
                executed.set(0);
                NameReservation r =
                        counted.participantNames().reserve(meeting, "Guest", null, "SPEAKER", T0, T0.plusSeconds(600));
                assertThat(r.displayName()).isEqualTo(ParticipantNameStore.candidate("Guest", n));
                if (n == 2 || n == 3 || n == 101 || n == 600) {
                    statementsOf.put(n, executed.get());
                }
            }
            assertThat(statementsOf.values())
                    .as("statements for the 2nd, 3rd, 101st and 600th Guest: %s", statementsOf)
                    .containsOnly(statementsOf.get(2));
            assertThat(statementsOf.get(2)).isLessThanOrEqualTo(4);
            counted.participantNames().release(meeting, "Guest_300");
            executed.set(0);
            assertThat(counted.participantNames()
                            .reserve(meeting, "Guest", null, "SPEAKER", T0, T0.plusSeconds(600))
                            .displayName())
                    .isEqualTo("Guest_300");
            assertThat(executed.get()).as("a freed number").isLessThanOrEqualTo(4);
        }

        @Test
        @DisplayName("a failure that is not the connection's is a store exception that is not retryable")
        void missingTableIsNotRetryable() {
            JdbcStores noSchema =
                    JdbcStores.builder(db().poolA).tablePrefix("absent_").build();
            assertThatThrownBy(() -> noSchema.meetings().findById(UUID.randomUUID()))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getCause()).isInstanceOf(SQLException.class);
                        assertThat(e.getMessage()).contains("meeting lookup");
                    });
        }

        @Test
        @DisplayName("the schema can be initialized again, and a table prefix gives a separate set of tables")
        void schemaAndPrefix() {
            db().clean();
            Meeting m = meeting(T0);
            db().a.meetings().insert(m);
            db().a.initializeSchema();
            assertThat(db().a.meetings().findById(m.id())).contains(m);

            JdbcStores other =
                    JdbcStores.builder(db().poolA).tablePrefix("other_mk_").build();
            assertThat(other.schemaSql())
                    .contains("CREATE TABLE IF NOT EXISTS other_mk_meetings")
                    .doesNotContain("meetkit_");
            other.initializeSchema();
            try {
                assertThat(other.meetings().findById(m.id())).isEmpty();
                Meeting n = meeting(T0);
                other.meetings().insert(n);
                assertThat(other.meetings().findById(n.id())).contains(n);
                assertThat(db().a.meetings().findById(n.id())).isEmpty();
                assertThat(other.participantNames()
                                .reserve(m.id(), "Alice", null, "SPEAKER", T0, T0.plusSeconds(9))
                                .displayName())
                        .isEqualTo("Alice");
            } finally {
                other.dropSchema();
            }
            assertThatThrownBy(() -> other.meetings().findById(m.id())).isInstanceOf(StoreException.class);
        }

        @Test
        @DisplayName("on a pool that hands out connections without auto-commit, every operation is committed")
        void poolWithoutAutoCommit() {
            db().clean();
            try (HikariDataSource manual = db().pool("manual-commit", 2, false)) {
                JdbcStores stores = JdbcStores.create(manual);
                Meeting m = meeting(T0);
                stores.meetings().insert(m);
                stores.meetings().update(m.toBuilder().title("Renamed").build()).orElseThrow();
                stores.participantNames().reserve(m.id(), "Alice", "u1", "SPEAKER", T0, T0.plusSeconds(60));
                stores.participantNames().reserve(m.id(), "Alice", "u1", "MODERATOR", T0, T0.plusSeconds(90));
                assertThat(stores.webhookEvents().firstSeen("EV_1", T0, T0.plusSeconds(60)))
                        .isTrue();
                assertThat(stores.leases().tryAcquire("job", "node-a", T0, T0.plusSeconds(60)))
                        .isTrue();

                assertThat(db().b.meetings().findById(m.id()))
                        .map(Meeting::title)
                        .contains("Renamed");
                assertThat(db().b.participantNames().findByIdentity(m.id(), "u1", T0))
                        .map(NameReservation::role)
                        .contains("MODERATOR");
                assertThat(db().b.webhookEvents().firstSeen("EV_1", T0, T0.plusSeconds(60)))
                        .isFalse();
                assertThat(db().b.leases().tryAcquire("job", "node-b", T0, T0.plusSeconds(60)))
                        .isFalse();
            }
        }

        @Test
        @DisplayName("restart: what one JdbcStores wrote, a new one on a new pool reads back")
        void restart() {
            db().clean();
            UUID meetingId;
            Recording recording;
            Meeting meeting =
                    meeting(T0).toBuilder().attributes(Map.of("team", "blue")).build();
            try (HikariDataSource before = db().pool("before", 2)) {
                JdbcStores first = JdbcStores.create(before);
                first.meetings().insert(meeting);
                meetingId = meeting.id();
                recording = Recording.builder()
                        .id(UUID.randomUUID())
                        .meetingId(meetingId)
                        .status(RecordingStatus.ACTIVE)
                        .egressId("EG_1")
                        .objectKey("k")
                        .startedBy("u")
                        .createdAt(T0)
                        .updatedAt(T0)
                        .build();
                first.recordings().insert(recording);
                first.participantNames()
                        .reserve(meetingId, "Alice", "u1", "MODERATOR", T0, T0.plus(Duration.ofHours(1)));
                assertThat(first.webhookEvents().firstSeen("EV_1", T0, T0.plus(Duration.ofHours(1))))
                        .isTrue();
                assertThat(first.leases().tryAcquire("job", "node-a", T0, T0.plus(Duration.ofHours(1))))
                        .isTrue();
            }
            try (HikariDataSource after = db().pool("after", 2)) {
                JdbcStores second = JdbcStores.create(after);
                assertThat(second.meetings().findById(meetingId)).contains(meeting);
                assertThat(second.recordings().findUnfinished(meetingId)).contains(recording);
                assertThat(second.participantNames().findByIdentity(meetingId, "u1", T0))
                        .map(NameReservation::displayName)
                        .contains("Alice");
                assertThat(second.webhookEvents().firstSeen("EV_1", T0.plusSeconds(1), T0.plusSeconds(2)))
                        .isFalse();
                assertThat(second.leases().tryAcquire("job", "node-b", T0.plusSeconds(1), T0.plusSeconds(2)))
                        .isFalse();
            }
        }
    }

    /** A data source whose database cannot be reached. */
    /**
     * A real data source whose statements count their executions: a JDK proxy over the pool's own connections and
     * statements, so every call still reaches the database.
     */
    static DataSource countingStatements(DataSource real, java.util.concurrent.atomic.AtomicInteger executed) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Connection c) {
                        return countingConnection(c, executed);
                    }
                    return result;
                });
    }

    private static Connection countingConnection(Connection real, java.util.concurrent.atomic.AtomicInteger executed) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof java.sql.PreparedStatement ps) {
                        return java.lang.reflect.Proxy.newProxyInstance(
                                Connection.class.getClassLoader(),
                                new Class<?>[] {java.sql.PreparedStatement.class},
                                (p2, m2, a2) -> {
                                    if (m2.getName().startsWith("execute")) {
                                        executed.incrementAndGet();
                                    }
                                    return invoke(ps, m2, a2);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static final class UnreachableDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return new PrintWriter(System.err);
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
