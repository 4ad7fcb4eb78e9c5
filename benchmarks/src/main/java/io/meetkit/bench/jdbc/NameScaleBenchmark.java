package io.meetkit.bench.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.store.InMemoryParticipantNameStore;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Names at scale (issue 16): what reserving the n-th same display name costs in {@link ParticipantNameStore}, on
 * {@link JdbcStores} over a real PostgreSQL 17 (zonky, {@code fsync=off}, as {@link JoinPathBenchmark} starts it) and
 * on {@link InMemoryParticipantNameStore}. A plain timed harness, not JMH; every number it prints is a ratio against
 * another number of the same run.
 *
 * <ol>
 *   <li><b>Buckets</b>: {@code total} (10,000) reservations of {@code Guest} in one new meeting, one after another,
 *       timed in buckets of {@code bucket} (1,000). Goal: the last bucket takes at most 1.5× the first.
 *   <li><b>Contention</b>: {@code threads} (16) threads reserving {@code perThread} names each at once in one new
 *       meeting, all {@code Guest} (they all want the same number) versus each its own name ({@code User-<t>-<k>},
 *       the first candidate always free). Goal: the same name reaches at least 0.7× the rate of distinct names, and
 *       every reservation got a distinct name.
 * </ol>
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -Djava.io.tmpdir=benchmarks/target -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.meetkit.bench.jdbc.NameScaleBenchmark
 * </pre>
 *
 * <p>Arguments (all optional): {@code total=10000 bucket=1000 threads=16 perThread=300 pool=16 reps=3}. Not
 * thread-safe; one run per process.
 */
public final class NameScaleBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant UNTIL = NOW.plus(Duration.ofHours(4));

    private NameScaleBenchmark() {}

    /**
     * Runs both parts on PostgreSQL and in memory and prints the tables.
     *
     * @param args {@code total=N bucket=N threads=N perThread=N pool=N reps=N}
     * @throws Exception if PostgreSQL cannot start or a reservation fails
     */
    public static void main(String[] args) throws Exception {
        int total = 10_000;
        int bucket = 1_000;
        int threads = 16;
        int perThread = 300;
        int pool = 16;
        int reps = 3;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected name=value: " + a);
            }
            int v = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "total" -> total = v;
                case "bucket" -> bucket = v;
                case "threads" -> threads = v;
                case "perThread" -> perThread = v;
                case "pool" -> pool = v;
                case "reps" -> reps = v;
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.out.println("Starting embedded PostgreSQL 17 (zonky, fsync=off) ...");
        try (EmbeddedPostgres pg = BenchmarkPostgres.start();
                HikariDataSource ds = BenchmarkPostgres.pool(pg.getJdbcUrl("postgres", "postgres"), pool)) {
            JdbcStores stores = JdbcStores.create(ds);
            stores.initializeSchema();
            ParticipantNameStore jdbc = stores.participantNames();
            ParticipantNameStore memory = new InMemoryParticipantNameStore();
            buckets(jdbc, total, bucket); // warm-up: JIT, connections, PostgreSQL's caches
            System.out.printf(
                    Locale.ROOT, "%n1. %d reservations of 'Guest' in one meeting, buckets of %d%n", total, bucket);
            System.out.println("| Store | rep | first bucket ms | last bucket ms | last / first | slowest / first |");
            System.out.println("|---|---|---|---|---|---|");
            for (int rep = 1; rep <= reps; rep++) {
                printBuckets("JdbcStores (PostgreSQL)", rep, buckets(jdbc, total, bucket));
                printBuckets("InMemoryParticipantNameStore", rep, buckets(memory, total, bucket));
            }
            contention(jdbc, threads, perThread); // warm-up
            System.out.printf(
                    Locale.ROOT,
                    "%n2. %d threads x %d reservations at once in one meeting: 'Guest' vs distinct names (pool %d)%n",
                    threads,
                    perThread,
                    pool);
            System.out.println("| Store | rep | distinct names /s | 'Guest' /s | Guest / distinct | all distinct |");
            System.out.println("|---|---|---|---|---|---|");
            for (int rep = 1; rep <= reps; rep++) {
                printContention("JdbcStores (PostgreSQL)", rep, contention(jdbc, threads, perThread));
                printContention("InMemoryParticipantNameStore", rep, contention(memory, threads, perThread));
            }
        }
    }

    /**
     * Part 1: {@code total} reservations of {@code Guest} in a new meeting, one after another.
     *
     * @return the nanoseconds of each bucket of {@code bucket} reservations
     * @throws IllegalStateException if a reservation got another name than {@code Guest_<n>}
     */
    static long[] buckets(ParticipantNameStore store, int total, int bucket) {
        UUID meeting = UUID.randomUUID();
        long[] nanos = new long[total / bucket];
        for (int b = 0; b < nanos.length; b++) {
            long start = System.nanoTime();
            for (int i = 1; i <= bucket; i++) {
                int n = b * bucket + i;
                NameReservation r = store.reserve(meeting, "Guest", null, "SPEAKER", NOW, UNTIL);
                if (!r.displayName().equals(ParticipantNameStore.candidate("Guest", n))) {
                    throw new IllegalStateException("reservation " + n + " got " + r.displayName());
                }
            }
            nanos[b] = System.nanoTime() - start;
        }
        store.releaseAll(meeting);
        return nanos;
    }

    /** What part 2 measured: reservations per second of each workload, and whether all names were distinct. */
    record Contention(double distinctPerSecond, double samePerSecond, boolean allDistinct) {}

    /** Part 2: the same-name and the distinct-name workload, each in a new meeting. */
    static Contention contention(ParticipantNameStore store, int threads, int perThread) throws Exception {
        Run distinct = concurrently(store, threads, perThread, false);
        Run same = concurrently(store, threads, perThread, true);
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= threads * perThread; n++) {
            expected.add(ParticipantNameStore.candidate("Guest", n));
        }
        boolean allDistinct = same.names().size() == threads * perThread
                && new HashSet<>(same.names()).equals(expected)
                && new HashSet<>(distinct.names()).size() == threads * perThread;
        return new Contention(distinct.perSecond(), same.perSecond(), allDistinct);
    }

    private record Run(double perSecond, List<String> names) {}

    private static Run concurrently(ParticipantNameStore store, int threads, int perThread, boolean sameName)
            throws Exception {
        UUID meeting = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>(perThread);
                    ready.countDown();
                    go.await();
                    for (int k = 0; k < perThread; k++) {
                        String name = sameName ? "Guest" : "User-" + thread + "-" + k;
                        got.add(store.reserve(meeting, name, null, "SPEAKER", NOW, UNTIL)
                                .displayName());
                    }
                    return got;
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            List<String> names = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                names.addAll(f.get());
            }
            long elapsed = System.nanoTime() - start;
            store.releaseAll(meeting);
            return new Run(names.size() / (elapsed / 1e9), names);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void printBuckets(String store, int rep, long[] nanos) {
        long slowest = 0;
        for (long n : nanos) {
            slowest = Math.max(slowest, n);
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.2f | %.2f |%n",
                store,
                rep,
                nanos[0] / 1e6,
                nanos[nanos.length - 1] / 1e6,
                (double) nanos[nanos.length - 1] / nanos[0],
                (double) slowest / nanos[0]);
    }

    private static void printContention(String store, int rep, Contention c) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.0f | %.0f | %.2f | %s |%n",
                store,
                rep,
                c.distinctPerSecond(),
                c.samePerSecond(),
                c.samePerSecond() / c.distinctPerSecond(),
                c.allDistinct() ? "yes" : "NO");
    }
}
