package io.meetkit.bench.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.event.RelayEndpoint;
import io.meetkit.event.RelayOptions;
import io.meetkit.event.WebhookSignature;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.EventOutbox;
import io.meetkit.store.LeaseStore;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.MeetingStore;
import io.meetkit.store.NewOutboxEvent;
import io.meetkit.store.OutboxEvent;
import io.meetkit.store.ParticipantNameStore;
import io.meetkit.store.RecordingStore;
import io.meetkit.store.WebhookEventLog;
import io.meetkit.testkit.EventReceiver;
import io.meetkit.testkit.FakeLiveKitServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The durable event relay on a real PostgreSQL 17 (zonky, {@code fsync=off}), against the straight HTTP it adds a
 * store to, in one process. A plain timed harness, not JMH.
 *
 * <p><b>Delivery</b>: {@code appenders} threads append {@code events} events (one transaction each, as MeetKit's
 * webhook handling does) over {@code meetings} meetings while the relay of a {@link MeetKit} on the same database
 * delivers them to a local {@link EventReceiver}; the clock runs from the first append to the receiver holding every
 * event (deduped by id). The baseline posts the same number of signed envelopes straight to the receiver with the
 * relay's concurrency, no store. <b>Hot path</b>: LiveKit {@code participant_joined} webhooks handled by
 * {@code kit.webhooks().handle(…)} on {@code threads} threads, on JdbcStores (each appends its event in the same
 * transaction as nothing else: the event is the webhook's only effect) against the same stores with appends
 * discarded (the outbox "off"), alternating.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -Djava.io.tmpdir=benchmarks/target -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.meetkit.bench.jdbc.OutboxRelayBenchmark
 * </pre>
 *
 * <p>Arguments (all optional): {@code events=20000 meetings=200 appenders=4 threads=8 seconds=8 reps=2}. Not
 * thread-safe; one run per process.
 */
public final class OutboxRelayBenchmark {

    private static final String SIGNING = "benchmark-relay-signing-secret-0123456789ab";

    private OutboxRelayBenchmark() {}

    /**
     * Runs the benchmark and prints the tables.
     *
     * @param args {@code events=N meetings=N appenders=N threads=N seconds=S reps=N}
     * @throws Exception if PostgreSQL, the fake or the receiver cannot start
     */
    public static void main(String[] args) throws Exception {
        int events = 20000;
        int meetings = 200;
        int appenders = 4;
        int threads = 8;
        int seconds = 8;
        int reps = 2;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            int v = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "events" -> events = v;
                case "meetings" -> meetings = v;
                case "appenders" -> appenders = v;
                case "threads" -> threads = v;
                case "seconds" -> seconds = v;
                case "reps" -> reps = v;
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        try (EmbeddedPostgres pg = BenchmarkPostgres.start();
                HikariDataSource ds = BenchmarkPostgres.pool(pg.getJdbcUrl("postgres", "postgres"), 24);
                FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start()) {
            JdbcStores.create(ds).initializeSchema();
            System.out.printf(
                    Locale.ROOT,
                    "Delivery: %d events over %d meetings, %d appender threads, relay batch %d, concurrency %d%n",
                    events,
                    meetings,
                    appenders,
                    RelayOptions.DEFAULT_BATCH_SIZE,
                    RelayOptions.DEFAULT_CONCURRENCY);
            List<double[]> delivery = new ArrayList<>();
            for (int rep = 0; rep < reps; rep++) {
                double straight = straightHttp(events, RelayOptions.DEFAULT_CONCURRENCY);
                double[] relay = relay(ds, liveKit, events, meetings, appenders);
                System.out.printf(
                        Locale.ROOT,
                        "  rep %d: straight HTTP %.0f/s, appended %.0f/s, appended and delivered %.0f/s%n",
                        rep + 1,
                        straight,
                        relay[0],
                        relay[1]);
                delivery.add(new double[] {straight, relay[0], relay[1]});
            }
            System.out.printf(
                    Locale.ROOT,
                    "Hot path: participant_joined webhooks, %d threads, %d s per run (one warm-up run), outbox on and off"
                            + " alternating, order swapped each rep%n",
                    threads,
                    seconds);
            List<double[]> hot = new ArrayList<>();
            webhooks(JdbcStores.create(ds), liveKit, threads, seconds); // warm-up, not counted
            for (int rep = 0; rep < reps; rep++) {
                double on;
                double off;
                if (rep % 2 == 0) { // alternate which goes first, so neither always gets the warmer JIT
                    off = webhooks(new DiscardingOutbox(JdbcStores.create(ds)), liveKit, threads, seconds);
                    on = webhooks(JdbcStores.create(ds), liveKit, threads, seconds);
                } else {
                    on = webhooks(JdbcStores.create(ds), liveKit, threads, seconds);
                    off = webhooks(new DiscardingOutbox(JdbcStores.create(ds)), liveKit, threads, seconds);
                }
                System.out.printf(Locale.ROOT, "  rep %d: on %.0f/s, off %.0f/s%n", rep + 1, on, off);
                hot.add(new double[] {on, off});
            }
            table(delivery, hot);
        }
    }

    private static void table(List<double[]> delivery, List<double[]> hot) {
        double straight = best(delivery, 0);
        double appended = best(delivery, 1);
        double delivered = best(delivery, 2);
        double on = best(hot, 0);
        double off = best(hot, 1);
        System.out.println();
        System.out.println("| Measure | best of runs | ratio | goal |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| straight HTTP posts (baseline) | %.0f/s | 1.00 | |%n", straight);
        System.out.printf(
                Locale.ROOT, "| events appended (PostgreSQL) | %.0f/s | %.2f | |%n", appended, appended / straight);
        System.out.printf(
                Locale.ROOT,
                "| **events appended and delivered** | **%.0f/s** | **%.2f** | ≥ 2,000/s: %s |%n",
                delivered,
                delivered / straight,
                delivered >= 2000 ? "met" : "not met");
        System.out.printf(Locale.ROOT, "| webhook ingest, outbox off (baseline) | %.0f/s | 1.00 | |%n", off);
        System.out.printf(
                Locale.ROOT,
                "| **webhook ingest, outbox on** | **%.0f/s** | **%.2f** | ≥ 0.80: %s |%n",
                on,
                on / off,
                on / off >= 0.8 ? "met" : "not met");
    }

    private static double best(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).max().orElse(0);
    }

    /** Posts {@code n} signed envelopes straight to a receiver, {@code concurrency} at a time; returns posts/s. */
    static double straightHttp(int n, int concurrency) throws Exception {
        try (EventReceiver receiver = EventReceiver.start(SIGNING)) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            AtomicLong next = new AtomicLong();
            long t0 = System.nanoTime();
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < concurrency; t++) {
                    fs.add(pool.submit(() -> {
                        for (long i; (i = next.getAndIncrement()) < n; ) {
                            byte[] body = ("{\"id\":\"" + UUID.randomUUID() + "\",\"event\":\"participantJoined\","
                                            + "\"meetingId\":\"" + UUID.randomUUID() + "\",\"sequence\":" + (i + 1)
                                            + ",\"position\":" + (i + 1) + ",\"createdAt\":0,\"data\":{}}")
                                    .getBytes(StandardCharsets.UTF_8);
                            long ts = System.currentTimeMillis();
                            HttpRequest r = HttpRequest.newBuilder(receiver.url())
                                    .header("Content-Type", "application/json")
                                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SIGNING, ts, body))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build();
                            for (int attempt = 1; ; attempt++) {
                                try {
                                    http.send(r, HttpResponse.BodyHandlers.discarding());
                                    break;
                                } catch (java.io.IOException e) {
                                    // the JDK client reused a connection the JDK server had just closed
                                    if (attempt == 3) {
                                        throw e;
                                    }
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (receiver.unique().size() != n) {
                throw new IllegalStateException(
                        "receiver got " + receiver.unique().size() + " of " + n);
            }
            return n / s;
        }
    }

    /** Appends {@code n} events while the relay delivers them; returns {appended/s, appended-and-delivered/s}. */
    static double[] relay(HikariDataSource ds, FakeLiveKitServer liveKit, int n, int meetings, int appenders)
            throws Exception {
        JdbcStores stores = JdbcStores.create(ds);
        clean(ds);
        try (EventReceiver receiver = EventReceiver.start(SIGNING);
                MeetKit kit = MeetKit.builder()
                        .liveKitUrl(liveKit.url())
                        .apiKey(liveKit.apiKey())
                        .apiSecret(liveKit.apiSecret())
                        .stores(stores)
                        .relay(RelayOptions.builder()
                                .endpoint(RelayEndpoint.builder("bench", receiver.url())
                                        .signingSecret(SIGNING)
                                        .build())
                                .build())
                        .build()) {
            EventOutbox outbox = kit.stores().eventOutbox();
            UUID[] ids = new UUID[meetings];
            for (int m = 0; m < meetings; m++) {
                ids[m] = UUID.randomUUID();
            }
            ExecutorService pool = Executors.newFixedThreadPool(appenders);
            AtomicLong next = new AtomicLong();
            long t0 = System.nanoTime();
            long appendedAt;
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < appenders; t++) {
                    fs.add(pool.submit(() -> {
                        for (long i; (i = next.getAndIncrement()) < n; ) {
                            Instant now = Instant.now();
                            outbox.append(
                                    new NewOutboxEvent(
                                            UUID.randomUUID(),
                                            ids[(int) (i % meetings)],
                                            "participantJoined",
                                            now,
                                            "{\"identity\":\"u-" + i + "\",\"name\":\"User " + i + "\"}"),
                                    now);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(10, TimeUnit.MINUTES);
                }
                appendedAt = System.nanoTime();
            } finally {
                pool.shutdownNow();
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (receiver.unique().size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "delivered " + receiver.unique().size() + " of " + n);
                }
                Thread.sleep(5);
            }
            long deliveredAt = System.nanoTime();
            return new double[] {n / ((appendedAt - t0) / 1e9), n / ((deliveredAt - t0) / 1e9)};
        }
    }

    /** Handles participant_joined webhooks on {@code threads} threads for {@code seconds}; returns webhooks/s. */
    static double webhooks(MeetKitStores stores, FakeLiveKitServer liveKit, int threads, int seconds) throws Exception {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl(liveKit.url())
                .apiKey(liveKit.apiKey())
                .apiSecret(liveKit.apiSecret())
                .stores(stores)
                .build()) {
            List<Meeting> rooms = new ArrayList<>();
            for (int m = 0; m < 50; m++) {
                rooms.add(kit.meetings()
                        .create(CreateMeeting.builder("Hot path " + m, "bench").build()));
            }
            AtomicLong counter = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicLong handled = new AtomicLong();
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            long i = counter.incrementAndGet();
                            Meeting m = rooms.get((int) (i % rooms.size()));
                            byte[] body =
                                    ("{\"event\":\"participant_joined\",\"room\":{\"sid\":\"RM_bench\",\"name\":\""
                                                    + m.roomName() + "\"},\"participant\":{\"sid\":\"PA_" + i
                                                    + "\",\"identity\":\"u-" + i + "\",\"name\":\"User " + i
                                                    + "\"},\"id\":\"EV_" + UUID.randomUUID() + "\",\"createdAt\":\""
                                                    + Instant.now().getEpochSecond() + "\"}")
                                            .getBytes(StandardCharsets.UTF_8);
                            kit.webhooks().handle(body, liveKit.signWebhook(body));
                            handled.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            return handled.get() / (double) seconds;
        }
    }

    private static void clean(HikariDataSource ds) throws Exception {
        try (var c = ds.getConnection();
                var st = c.createStatement()) {
            st.execute("DELETE FROM meetkit_outbox_deliveries");
            st.execute("DELETE FROM meetkit_outbox_cursors");
            st.execute("DELETE FROM meetkit_outbox_events");
            st.execute("DELETE FROM meetkit_outbox_sequences");
            st.execute("DELETE FROM meetkit_leases");
        }
    }

    /** JdbcStores whose outbox discards appends: the hot path with the outbox "off". */
    static final class DiscardingOutbox implements MeetKitStores {
        private final JdbcStores real;
        private final EventOutbox outbox;
        private final AtomicLong position = new AtomicLong();

        DiscardingOutbox(JdbcStores real) {
            this.real = real;
            this.outbox = (EventOutbox) Proxy.newProxyInstance(
                    OutboxRelayBenchmark.class.getClassLoader(), new Class<?>[] {EventOutbox.class}, (p, m, a) -> {
                        if (m.getName().equals("append")) {
                            NewOutboxEvent e = (NewOutboxEvent) a[0];
                            return new OutboxEvent(
                                    position.incrementAndGet(),
                                    e.id(),
                                    e.meetingId(),
                                    1,
                                    e.type(),
                                    e.occurredAt(),
                                    (Instant) a[1],
                                    e.data());
                        }
                        return m.invoke(real.eventOutbox(), a);
                    });
        }

        @Override
        public MeetingStore meetings() {
            return real.meetings();
        }

        @Override
        public RecordingStore recordings() {
            return real.recordings();
        }

        @Override
        public ParticipantNameStore participantNames() {
            return real.participantNames();
        }

        @Override
        public WebhookEventLog webhookEvents() {
            return real.webhookEvents();
        }

        @Override
        public LeaseStore leases() {
            return real.leases();
        }

        @Override
        public EventOutbox eventOutbox() {
            return outbox;
        }

        @Override
        public io.meetkit.store.ParticipantBanStore participantBans() {
            return real.participantBans();
        }

        @Override
        public boolean transactional() {
            return real.transactional();
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return real.inTransaction(work);
        }
    }
}
