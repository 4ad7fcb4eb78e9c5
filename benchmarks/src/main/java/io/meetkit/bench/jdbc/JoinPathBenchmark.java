package io.meetkit.bench.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.WebhookSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The join path as applications run it: {@link ParticipantTokens#issue} of a {@link MeetKit} built on
 * {@link JdbcStores} over a real PostgreSQL 17 (zonky, {@code fsync=off}, as {@link JdbcStoresBenchmark} starts it),
 * with {@link FakeLiveKitServer} in process as the LiveKit, 16 threads joining 100 meetings. The same path on
 * {@link InMemoryStores} runs in the same process, alternating with the JDBC runs, as the baseline: the shared
 * machine's absolute numbers vary, the ratio much less. A plain timed harness, not JMH.
 *
 * <p>Two room modes, each on both stores, alternating in the same process (issue 14, item 3): {@code roomConfig}
 * (the default: tokens carry LiveKit's {@code roomConfig}, issue makes no LiveKit call) and {@code cached}
 * ({@link MeetKit.Builder#createRoomsOnJoin(boolean) createRoomsOnJoin(true)}: the first join of each meeting creates
 * its room, the fake's webhooks reach the kit so the store says the room is live, and later joins trust the room;
 * the path before issue 14, and its baseline). Every LiveKit request the fake receives during the window is counted
 * and printed; in {@code roomConfig} mode it must be 0, and the harness fails otherwise. One unmeasured run of each
 * mode and store (the warm-up's length) comes first so that no measured run pays for its path's JIT, the order of the
 * modes alternates per rep, and each run starts with a {@code System.gc()} so that the previous run's stores are not
 * collected during it.
 *
 * <p>Every join is a new participant: display name {@code User-<n>} with {@code n} counting up per meeting and no
 * identity, so each join reserves a fresh name (its first candidate is free) and the reservations accumulate, as
 * when people keep joining a meeting; none is released (a release is {@code participant_left}'s work, not the
 * join's). Each run uses 100 new meetings, each joined once before the clock starts; in cached mode that first join
 * creates the LiveKit room (CreateRoom over HTTP to the fake). A cached room is re-confirmed with CreateRoom every
 * {@link ParticipantTokens#ROOM_RECHECK_INTERVAL} (60 s); the default warm-up plus window (13 s) stays below that,
 * and the LiveKit calls seen during each window are printed, so a longer run shows what the rechecks added.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -Djava.io.tmpdir=benchmarks/target -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.meetkit.bench.jdbc.JoinPathBenchmark
 * </pre>
 *
 * <p>Arguments (all optional): {@code threads=16 meetings=100 pool=16 warmup=3 seconds=10 reps=2}; {@code pool} is
 * the HikariCP pool size. Not thread-safe; one run per process.
 */
public final class JoinPathBenchmark {

    private JoinPathBenchmark() {}

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args {@code threads=N meetings=N pool=N warmup=S seconds=S reps=N}
     * @throws Exception if PostgreSQL or the fake LiveKit cannot start, or a join fails
     */
    public static void main(String[] args) throws Exception {
        int threads = 16;
        int meetings = 100;
        int pool = 16;
        int warmup = 3;
        int seconds = 10;
        int reps = 2;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected name=value: " + a);
            }
            int v = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "threads" -> threads = v;
                case "meetings" -> meetings = v;
                case "pool" -> pool = v;
                case "warmup" -> warmup = v;
                case "seconds" -> seconds = v;
                case "reps" -> reps = v;
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // before the first logger exists
        }
        System.out.println("Starting embedded PostgreSQL 17 (zonky, fsync=off) and FakeLiveKitServer ...");
        try (EmbeddedPostgres pg = BenchmarkPostgres.start();
                HikariDataSource ds = BenchmarkPostgres.pool(pg.getJdbcUrl("postgres", "postgres"), pool);
                FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start()) {
            JdbcStores.create(ds).initializeSchema();
            System.out.printf(
                    Locale.ROOT,
                    "Join path: ParticipantTokens.issue(), %d threads over %d meetings (new"
                            + " ones per run), names User-<n> per meeting, no release; HikariCP pool %d; %d s warm-up + %d s"
                            + " measured per run; JDBC and in-memory runs alternating, %d each%n",
                    threads,
                    meetings,
                    pool,
                    warmup,
                    seconds,
                    reps);
            List<Result> jdbc = new ArrayList<>();
            List<Result> memory = new ArrayList<>();
            List<Result> jdbcCached = new ArrayList<>();
            List<Result> memoryCached = new ArrayList<>();
            long w = warmup * 1000L;
            long m = seconds * 1000L;
            // one unmeasured run of each mode and store first, so that no measured run pays for the JIT of its path
            for (boolean cached : new boolean[] {false, true}) {
                run(JdbcStores.create(ds), liveKit, threads, meetings, 0, w, cached);
                run(new InMemoryStores(), liveKit, threads, meetings, 0, w, cached);
            }
            for (int rep = 0; rep < reps; rep++) {
                // the order alternates per rep, so neither mode always runs on a warmer JVM
                boolean cachedFirst = rep % 2 == 1;
                if (cachedFirst) {
                    jdbcCached.add(print(
                            "JdbcStores",
                            "cached",
                            run(JdbcStores.create(ds), liveKit, threads, meetings, w, m, true)));
                }
                jdbc.add(print(
                        "JdbcStores",
                        "roomConfig",
                        run(JdbcStores.create(ds), liveKit, threads, meetings, w, m, false)));
                if (!cachedFirst) {
                    jdbcCached.add(print(
                            "JdbcStores",
                            "cached",
                            run(JdbcStores.create(ds), liveKit, threads, meetings, w, m, true)));
                }
                if (cachedFirst) {
                    memoryCached.add(print(
                            "InMemoryStores",
                            "cached",
                            run(new InMemoryStores(), liveKit, threads, meetings, w, m, true)));
                }
                memory.add(print(
                        "InMemoryStores",
                        "roomConfig",
                        run(new InMemoryStores(), liveKit, threads, meetings, w, m, false)));
                if (!cachedFirst) {
                    memoryCached.add(print(
                            "InMemoryStores",
                            "cached",
                            run(new InMemoryStores(), liveKit, threads, meetings, w, m, true)));
                }
            }
            table(Result.pooled(jdbc), Result.pooled(memory), threads, meetings);
            roomTable(
                    Result.pooled(jdbc),
                    Result.pooled(jdbcCached),
                    Result.pooled(memory),
                    Result.pooled(memoryCached),
                    threads,
                    meetings);
        }
    }

    /**
     * One run: a MeetKit on {@code stores} and {@code liveKit}, {@code meetings} new meetings each joined once (which
     * creates its room when {@code createRoomsOnJoin}), then {@code threads} threads joining random meetings for
     * {@code warmupMillis} unmeasured and {@code measureMillis} measured. A join counts when it completes inside the
     * window. The fake's webhooks go to the kit during the run.
     *
     * @throws Exception if a join fails, a join got another name than it asked for, or a {@code roomConfig} run made
     *     a LiveKit call in its window
     */
    static Result run(
            MeetKitStores stores,
            FakeLiveKitServer liveKit,
            int threads,
            int meetings,
            long warmupMillis,
            long measureMillis,
            boolean createRoomsOnJoin)
            throws Exception {
        System.gc(); // the previous run's stores are garbage: collect them before this run, not during it
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl(liveKit.url())
                .apiKey(liveKit.apiKey())
                .apiSecret(liveKit.apiSecret())
                .stores(stores)
                .createRoomsOnJoin(createRoomsOnJoin)
                .build()) {
            WebhookSink sink = (body, authorization) -> kit.webhooks().handle(body, authorization);
            liveKit.webhookSink(sink); // the cached mode trusts a room once the store says it is live
            try {
                return measure(kit, liveKit, threads, meetings, warmupMillis, measureMillis, createRoomsOnJoin);
            } finally {
                liveKit.webhookSink(null);
            }
        }
    }

    private static Result measure(
            MeetKit kit,
            FakeLiveKitServer liveKit,
            int threads,
            int meetings,
            long warmupMillis,
            long measureMillis,
            boolean createRoomsOnJoin)
            throws Exception {
        {
            ParticipantTokens tokens = kit.tokens();
            UUID[] ids = new UUID[meetings];
            AtomicInteger[] joined = new AtomicInteger[meetings];
            for (int m = 0; m < meetings; m++) {
                ids[m] = kit.meetings()
                        .create(CreateMeeting.builder("Join benchmark " + m, "bench")
                                .build())
                        .id();
                joined[m] = new AtomicInteger(1);
                tokens.issue(ids[m], TokenRequest.of("User-1", "SPEAKER")); // cached mode: creates the room
            }
            LongAdder renamed = new LongAdder();
            long start = System.nanoTime() + 50_000_000L; // every thread is running by then
            long windowStart = start + warmupMillis * 1_000_000L;
            long windowEnd = windowStart + measureMillis * 1_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Samples>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        Samples samples = new Samples();
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (System.nanoTime() < start) {
                            Thread.onSpinWait();
                        }
                        long end;
                        do {
                            int m = random.nextInt(meetings);
                            String name = "User-" + joined[m].incrementAndGet();
                            long t0 = System.nanoTime();
                            ParticipantToken token = tokens.issue(ids[m], TokenRequest.of(name, "SPEAKER"));
                            end = System.nanoTime();
                            if (!name.equals(token.displayName())) {
                                renamed.increment();
                            }
                            if (end >= windowStart && end < windowEnd) {
                                samples.add(end - t0);
                            }
                        } while (end < windowEnd);
                        return samples;
                    }));
                }
                sleepUntil(windowStart);
                int callsBefore = liveKit.requests().size();
                sleepUntil(windowEnd);
                int callsDuring = liveKit.requests().size() - callsBefore;
                Samples all = new Samples();
                for (Future<Samples> f : futures) {
                    all.addAll(f.get(5, TimeUnit.MINUTES));
                }
                if (renamed.sum() > 0) {
                    throw new IllegalStateException(
                            renamed.sum() + " joins got a suffixed name: the names User-<n>" + " were not distinct");
                }
                long issued = 0;
                long reserved = 0;
                for (int m = 0; m < meetings; m++) {
                    issued += joined[m].get();
                    reserved += tokens.reservedNames(ids[m]).size();
                }
                if (issued != reserved) {
                    throw new IllegalStateException(issued + " joins but " + reserved + " reservations");
                }
                if (!createRoomsOnJoin && callsDuring != 0) {
                    throw new IllegalStateException(
                            callsDuring + " LiveKit calls in the window of a roomConfig run: a join must make none");
                }
                return new Result(all.sorted(), measureMillis / 1000.0, callsDuring, reserved);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static Result print(String stores, String mode, Result r) {
        System.out.printf(
                Locale.ROOT,
                "  %-14s %-10s %,8.0f joins/s  p50 %6.3f ms  p99 %6.3f ms  max %8.3f ms  (%,d joins"
                        + " in %.0f s; LiveKit calls in the window: %d; reservations held: %,d)%n",
                stores,
                mode,
                r.joinsPerSecond(),
                r.percentileMs(50),
                r.percentileMs(99),
                r.percentileMs(100),
                r.latencies().length,
                r.seconds(),
                r.liveKitCalls(),
                r.reservations());
        return r;
    }

    private static void roomTable(
            Result jdbc, Result jdbcCached, Result memory, Result memoryCached, int threads, int meetings) {
        double jdbcRatio = jdbc.joinsPerSecond() / jdbcCached.joinsPerSecond();
        double memoryRatio = memory.joinsPerSecond() / memoryCached.joinsPerSecond();
        System.out.println();
        System.out.println("| Join path, " + threads + " threads over " + meetings
                + " meetings | cached (createRoomsOnJoin) | roomConfig (default) | Ratio roomConfig ÷ cached"
                + " | Goal |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| JdbcStores joins/s | %,.0f | %,.0f | %.3f× | ≥ 1× %s |%n",
                jdbcCached.joinsPerSecond(),
                jdbc.joinsPerSecond(),
                jdbcRatio,
                pass(jdbcRatio >= 1));
        System.out.printf(
                Locale.ROOT,
                "| InMemoryStores joins/s | %,.0f | %,.0f | %.3f× | ≥ 1× %s |%n",
                memoryCached.joinsPerSecond(),
                memory.joinsPerSecond(),
                memoryRatio,
                pass(memoryRatio >= 1));
        System.out.printf(
                Locale.ROOT,
                "| JdbcStores p99 (ms) | %.2f | %.2f | | |%n",
                jdbcCached.percentileMs(99),
                jdbc.percentileMs(99));
        System.out.printf(
                Locale.ROOT,
                "| LiveKit calls in the windows (JDBC + in-memory) | %d | %d | | 0 for roomConfig %s |%n",
                jdbcCached.liveKitCalls() + memoryCached.liveKitCalls(),
                jdbc.liveKitCalls() + memory.liveKitCalls(),
                pass(jdbc.liveKitCalls() + memory.liveKitCalls() == 0));
    }

    private static void table(Result jdbc, Result memory, int threads, int meetings) {
        double rate = jdbc.joinsPerSecond();
        double p99 = jdbc.percentileMs(99);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Pooled over all runs: joins/s = all measured joins / all measured seconds;"
                        + " percentiles over all joins.%n%n");
        System.out.println("| Join path, " + threads + " threads over " + meetings
                + " meetings | InMemoryStores | JdbcStores (PostgreSQL) | Ratio JDBC ÷ in-memory | Goal |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| Joins per second | %,.0f | %,.0f | %.3f× | ≥ 1,500/s %s |%n",
                memory.joinsPerSecond(),
                rate,
                rate / memory.joinsPerSecond(),
                pass(rate >= 1500));
        System.out.printf(
                Locale.ROOT,
                "| p50 latency (ms) | %.3f | %.3f | | |%n",
                memory.percentileMs(50),
                jdbc.percentileMs(50));
        System.out.printf(
                Locale.ROOT,
                "| p99 latency (ms) | %.3f | %.2f | | < 20 ms %s |%n",
                memory.percentileMs(99),
                p99,
                pass(p99 < 20));
    }

    private static String pass(boolean ok) {
        return ok ? "(met)" : "(NOT met)";
    }

    /**
     * The outcome of one or more runs.
     *
     * @param latencies the measured joins' latencies in nanoseconds, sorted
     * @param seconds the measured seconds
     * @param liveKitCalls requests (of any RPC) the fake LiveKit received during the window
     * @param reservations name reservations held at the end (checked equal to the joins issued)
     */
    record Result(long[] latencies, double seconds, int liveKitCalls, long reservations) {

        double joinsPerSecond() {
            return latencies.length / seconds;
        }

        /** The nearest-rank percentile in milliseconds; {@code 100} is the maximum. */
        double percentileMs(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100 * latencies.length);
            return latencies[Math.max(rank, 1) - 1] / 1e6;
        }

        static Result pooled(List<Result> results) {
            Samples all = new Samples();
            double seconds = 0;
            int calls = 0;
            long reservations = 0;
            for (Result r : results) {
                all.addAll(r.latencies);
                seconds += r.seconds;
                calls += r.liveKitCalls;
                reservations += r.reservations;
            }
            return new Result(all.sorted(), seconds, calls, reservations);
        }
    }

    /** A growable array of nanosecond latencies, owned by one thread. */
    private static final class Samples {
        private long[] values = new long[4096];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        void addAll(Samples other) {
            addAll(Arrays.copyOf(other.values, other.size));
        }

        void addAll(long[] other) {
            if (size + other.length > values.length) {
                values = Arrays.copyOf(values, Math.max(size + other.length, values.length * 2));
            }
            System.arraycopy(other, 0, values, size, other.length);
            size += other.length;
        }

        long[] sorted() {
            long[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }
}
