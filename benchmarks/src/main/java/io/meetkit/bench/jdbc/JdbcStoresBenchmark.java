package io.meetkit.bench.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.MeetingStore;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * MeetKit's JDBC stores beside the raw pgjdbc + HikariCP statements of {@code reference/performance-and-security.md}
 * §3, in one run on one embedded PostgreSQL 17 (zonky, {@code fsync=off} as in the reference), printing a table of
 * results and ratios. A plain timed harness, not JMH: every measurement is database round trips.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -Djava.io.tmpdir=benchmarks/target -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.meetkit.bench.jdbc.JdbcStoresBenchmark
 * </pre>
 *
 * <p>Arguments (all optional): {@code rows=1000000 rounds=100 seconds=3}.
 */
public final class JdbcStoresBenchmark {

    private static final String MEETING_COLUMNS = "id, room_name, title, created_by, status, end_action,"
            + " recording_enabled, chat_enabled, virtual_background_enabled, max_participants,"
            + " empty_timeout_seconds, auto_record, auto_delete_at, auto_delete_live_policy, auto_delete_rec_policy,"
            + " attributes, moderator_secret, speaker_secret, created_at, updated_at, started_at, ended_at, room_sid,"
            + " version";

    private final List<String[]> rows = new ArrayList<>();
    private final String jdbcUrl;
    private final int tableRows;
    private final int rounds;
    private final int seconds;

    private JdbcStoresBenchmark(String jdbcUrl, int tableRows, int rounds, int seconds) {
        this.jdbcUrl = jdbcUrl;
        this.tableRows = tableRows;
        this.rounds = rounds;
        this.seconds = seconds;
    }

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args {@code rows=N rounds=N seconds=N}
     * @throws Exception if PostgreSQL cannot start or a statement fails
     */
    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 100;
        int seconds = 3;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            int v = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "rows" -> rows = v;
                case "rounds" -> rounds = v;
                case "seconds" -> seconds = v;
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // before the first logger exists
        }
        System.out.println("Starting embedded PostgreSQL 17 (zonky, fsync=off) ...");
        try (EmbeddedPostgres pg = BenchmarkPostgres.start()) {
            JdbcStoresBenchmark b =
                    new JdbcStoresBenchmark(pg.getJdbcUrl("postgres", "postgres"), rows, rounds, seconds);
            b.run();
        }
    }

    private HikariDataSource pool(int size) {
        return BenchmarkPostgres.pool(jdbcUrl, size);
    }

    private void run() throws Exception {
        try (HikariDataSource admin = pool(2)) {
            JdbcStores.create(admin).initializeSchema();
            exec(
                    admin,
                    "CREATE TABLE bench_meetings (id uuid PRIMARY KEY, name text, status text,"
                            + " created_at timestamptz, owner text, room_name text, description text, updated_at timestamptz)",
                    "CREATE TABLE bench_name_reservations (meeting_id uuid, name_lower text, display_name text,"
                            + " expires_at timestamptz, PRIMARY KEY (meeting_id, name_lower))");
            System.out.println("PostgreSQL " + scalar(admin, "SHOW server_version"));
            inserts();
            reservations(admin);
            paging(admin);
        }
        System.out.println();
        System.out.println("Join path (ParticipantTokens.issue() on JdbcStores): run JoinPathBenchmark.");
        System.out.println();
        System.out.println("| Measurement | Raw pgjdbc + HikariCP | MeetKit | Ratio | Goal |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }

    // ---- 1. single-row inserts, 4 threads, pool 4

    private void inserts() throws Exception {
        System.out.println("Inserts: 4 threads, pool 4, " + seconds + " s per run, raw and MeetKit runs alternating");
        try (HikariDataSource ds = pool(4)) {
            MeetingStore store = JdbcStores.create(ds).meetings();
            String rawRef = "INSERT INTO bench_meetings (id, name, status, created_at, owner, room_name, description,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            Op rawReference = () -> {
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(rawRef)) {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    UUID id = UUID.randomUUID();
                    ps.setObject(1, id);
                    ps.setString(2, "Weekly sync");
                    ps.setString(3, "OPEN");
                    ps.setObject(4, now);
                    ps.setString(5, "user-1");
                    ps.setString(6, "weekly-sync-" + id);
                    ps.setString(7, "a meeting");
                    ps.setObject(8, now);
                    ps.executeUpdate();
                }
            };
            String rawSame = "INSERT INTO meetkit_meetings (" + MEETING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            Op rawSameRow = () -> {
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(rawSame)) {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                    UUID id = UUID.randomUUID();
                    int i = 1;
                    ps.setObject(i++, id);
                    ps.setString(i++, "weekly-sync-" + id);
                    ps.setString(i++, "Weekly sync");
                    ps.setString(i++, "user-1");
                    ps.setString(i++, "OPEN");
                    ps.setString(i++, "NONE");
                    ps.setBoolean(i++, true);
                    ps.setBoolean(i++, true);
                    ps.setBoolean(i++, true);
                    ps.setInt(i++, 0);
                    ps.setInt(i++, 300);
                    ps.setBoolean(i++, false);
                    ps.setNull(i++, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setString(i++, "WHEN_MEETING_ENDS");
                    ps.setString(i++, "CLOSE");
                    ps.setString(i++, "{}");
                    ps.setString(i++, "mod-" + id);
                    ps.setString(i++, "spk-" + id);
                    ps.setObject(i++, now);
                    ps.setObject(i++, now);
                    ps.setNull(i++, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setNull(i++, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setNull(i++, java.sql.Types.VARCHAR);
                    ps.setLong(i, 0);
                    ps.executeUpdate();
                }
            };
            Op meetKit = () -> {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                UUID id = UUID.randomUUID();
                store.insert(Meeting.builder()
                        .id(id)
                        .roomName("weekly-sync-" + id)
                        .title("Weekly sync")
                        .createdBy("user-1")
                        .moderatorSecret("mod-" + id)
                        .speakerSecret("spk-" + id)
                        .createdAt(now)
                        .updatedAt(now)
                        .build());
            };
            throughput(rawSameRow, 4, 2); // warm-up of both
            throughput(meetKit, 4, 2);
            double ref = throughput(rawReference, 4, seconds);
            double sameSum = 0;
            double kitSum = 0;
            int reps = 3;
            for (int rep = 0; rep < reps; rep++) { // alternate, so that load changes hit both alike
                sameSum += throughput(rawSameRow, 4, seconds);
                kitSum += throughput(meetKit, 4, seconds);
            }
            double same = sameSum / reps;
            double kit = kitSum / reps;
            System.out.printf(
                    Locale.ROOT,
                    "  raw 8-column row (reference §3a): %,.0f/s; raw meetkit_meetings row:"
                            + " %,.0f/s; JdbcMeetingStore.insert: %,.0f/s (means of %d alternating runs)%n",
                    ref,
                    same,
                    kit,
                    reps);
            rows.add(new String[] {
                "Single-row insert, 4 threads (ops/s): same 24-column meetkit_meetings row",
                fmt(same),
                fmt(kit),
                ratio(kit / same),
                "≥ 0.80× " + pass(kit / same >= 0.8)
            });
            rows.add(new String[] {
                "Single-row insert, 4 threads (ops/s): vs the reference's 8-column table",
                fmt(ref),
                fmt(kit),
                ratio(kit / ref),
                "(information)"
            });
        }
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    /** Runs {@code op} on {@code threads} threads for {@code runSeconds} and returns operations per second. */
    private static double throughput(Op op, int threads, int runSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean measuring = new AtomicBoolean();
            LongAdder done = new LongAdder();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    while (!stop.get()) {
                        op.run();
                        if (measuring.get()) {
                            done.increment();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(200); // let every thread get going
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(runSeconds * 1_000L);
            long count = done.sum();
            long elapsed = System.nanoTime() - start;
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(1, TimeUnit.MINUTES);
            }
            return count * 1e9 / elapsed;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- 2. 16 threads reserving one name in a fresh meeting, 100 rounds

    private void reservations(HikariDataSource admin) throws Exception {
        System.out.println("Name reservation: 16 threads reserve 'Alice' in one new meeting per round, " + rounds
                + " rounds (+5 warm-up), pool 16");
        try (HikariDataSource ds = pool(16)) {
            ParticipantNameStore names = JdbcStores.create(ds).participantNames();
            String approachA = "INSERT INTO bench_name_reservations AS r (meeting_id, name_lower, display_name,"
                    + " expires_at) VALUES (?, ?, ?, now() + interval '1 hour')"
                    + " ON CONFLICT (meeting_id, name_lower) DO UPDATE SET display_name = EXCLUDED.display_name,"
                    + " expires_at = EXCLUDED.expires_at WHERE r.expires_at < now()";
            Reserver raw = meeting -> {
                try (Connection c = ds.getConnection()) {
                    for (int n = 1; n <= 100; n++) {
                        String name = n == 1 ? "Alice" : "Alice_" + n;
                        try (PreparedStatement ps = c.prepareStatement(approachA)) {
                            ps.setObject(1, meeting);
                            ps.setString(2, name.toLowerCase(Locale.ROOT));
                            ps.setString(3, name);
                            if (ps.executeUpdate() == 1) {
                                return name;
                            }
                        }
                    }
                }
                throw new IllegalStateException("no name");
            };
            Reserver kit = meeting -> {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                NameReservation r = names.reserve(meeting, "Alice", null, "SPEAKER", now, now.plusSeconds(3600));
                return r.displayName();
            };
            RoundResult[] results = rounds(
                    raw,
                    meeting ->
                            count(admin, "SELECT count(*) FROM bench_name_reservations WHERE meeting_id = ?", meeting),
                    kit,
                    meeting -> count(
                            admin, "SELECT count(*) FROM meetkit_name_reservations WHERE meeting_id = ?", meeting));
            RoundResult rawResult = results[0];
            RoundResult kitResult = results[1];
            System.out.printf(
                    Locale.ROOT,
                    "  raw approach A: %,.0f/s, %d/%d rounds correct, median round %.1f ms;"
                            + " JdbcParticipantNameStore: %,.0f/s, %d/%d rounds correct, median round %.1f ms%n",
                    rawResult.rate,
                    rawResult.correct,
                    rounds,
                    rawResult.medianMs,
                    kitResult.rate,
                    kitResult.correct,
                    rounds,
                    kitResult.medianMs);
            rows.add(new String[] {
                "16-way reservation of one name (reservations/s, rounds correct)",
                fmt(rawResult.rate) + ", " + rawResult.correct + "/" + rounds,
                fmt(kitResult.rate) + ", " + kitResult.correct + "/" + rounds,
                ratio(kitResult.rate / rawResult.rate),
                "≥ 0.70×, all correct " + pass(kitResult.rate / rawResult.rate >= 0.7 && kitResult.correct == rounds)
            });
        }
    }

    @FunctionalInterface
    private interface Reserver {
        String reserve(UUID meeting) throws Exception;
    }

    @FunctionalInterface
    private interface RowCount {
        long rows(UUID meeting) throws Exception;
    }

    private record RoundResult(double rate, int correct, double medianMs) {}

    /** Runs the rounds of both reservers alternately and returns their results in argument order. */
    private RoundResult[] rounds(Reserver a, RowCount aRows, Reserver b, RowCount bRows) throws Exception {
        int threads = 16;
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= threads; n++) {
            expected.add(n == 1 ? "Alice" : "Alice_" + n);
        }
        Reserver[] reservers = {a, b};
        RowCount[] counts = {aRows, bRows};
        long[][] roundNanos = new long[2][rounds];
        int[] correct = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = -5; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    UUID meeting = UUID.randomUUID();
                    Reserver reserver = reservers[k];
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<String>> futures = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        futures.add(pool.submit(() -> {
                            go.await();
                            return reserver.reserve(meeting);
                        }));
                    }
                    long start = System.nanoTime();
                    go.countDown();
                    Set<String> got = new HashSet<>();
                    for (Future<String> f : futures) {
                        got.add(f.get(1, TimeUnit.MINUTES));
                    }
                    long elapsed = System.nanoTime() - start;
                    if (round >= 0) {
                        roundNanos[k][round] = elapsed;
                        if (got.equals(expected) && counts[k].rows(meeting) == threads) {
                            correct[k]++;
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        RoundResult[] results = new RoundResult[2];
        for (int k = 0; k < 2; k++) {
            long total = Arrays.stream(roundNanos[k]).sum();
            long[] sorted = roundNanos[k].clone();
            Arrays.sort(sorted);
            results[k] = new RoundResult(threads * (double) rounds * 1e9 / total, correct[k], sorted[rounds / 2] / 1e6);
        }
        return results;
    }

    // ---- 3. keyset pages over 1M meetings

    private void paging(HikariDataSource admin) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "Paging: %,d meetings, 50 per page, newest first; OFFSET 21 runs, the"
                        + " others 201 runs in rotation after 1 s of warm-up%n",
                tableRows);
        long t0 = System.nanoTime();
        exec(
                admin,
                "TRUNCATE meetkit_meetings",
                "INSERT INTO meetkit_meetings (" + MEETING_COLUMNS + ") SELECT gen_random_uuid(), 'room-' || g,"
                        + " 'Meeting ' || g, 'user-' || (g % 100), 'OPEN', 'NONE', true, true, true, 0, 300, false, NULL,"
                        + " 'WHEN_MEETING_ENDS', 'CLOSE', '{}', 'm' || g, 's' || g, ts, ts, NULL, NULL, NULL, 0"
                        + " FROM generate_series(1, " + tableRows + ") g,"
                        + " LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 millisecond' AS ts) t",
                "VACUUM ANALYZE meetkit_meetings");
        System.out.printf(Locale.ROOT, "  loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        int depth = tableRows * 9 / 10;
        KeysetPosition deep;
        try (Connection c = admin.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT created_at, id FROM meetkit_meetings"
                        + " ORDER BY created_at DESC, id DESC OFFSET " + (depth - 1) + " LIMIT 1")) {
            rs.next();
            deep = new KeysetPosition(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class));
        }
        try (HikariDataSource ds = pool(2)) {
            MeetingStore store = JdbcStores.create(ds).meetings();
            String select = "SELECT " + MEETING_COLUMNS + " FROM meetkit_meetings";
            String order = " ORDER BY created_at DESC, id DESC";
            double[] offset = timed(21, () -> query(ds, select + order + " OFFSET " + depth + " LIMIT 50", null))[0];
            double[][] fast = timed(
                    201,
                    () -> query(ds, select + order + " LIMIT 50", null),
                    () -> query(ds, select + " WHERE (created_at, id) < (?, ?)" + order + " LIMIT 50", deep),
                    () -> check(store.page(MeetingFilter.ALL, null, 50).size()),
                    () -> check(store.page(MeetingFilter.ALL, deep, 50).size()));
            double[] rawFirst = fast[0];
            double[] rawDeep = fast[1];
            double[] kitFirst = fast[2];
            double[] kitDeep = fast[3];
            System.out.printf(
                    Locale.ROOT,
                    "  median (p90) ms: OFFSET %,d: %.3f (%.3f); raw keyset first %.3f (%.3f),"
                            + " deep %.3f (%.3f); JdbcMeetingStore.page first %.3f (%.3f), deep %.3f (%.3f)%n",
                    depth,
                    offset[0],
                    offset[1],
                    rawFirst[0],
                    rawFirst[1],
                    rawDeep[0],
                    rawDeep[1],
                    kitFirst[0],
                    kitFirst[1],
                    kitDeep[0],
                    kitDeep[1]);
            rows.add(new String[] {
                String.format(Locale.ROOT, "Page of 50 at depth %,d of %,d (median ms)", depth, tableRows),
                String.format(Locale.ROOT, "OFFSET %.2f; keyset %.3f", offset[0], rawDeep[0]),
                String.format(Locale.ROOT, "%.3f", kitDeep[0]),
                String.format(
                        Locale.ROOT,
                        "%.2f× raw keyset; OFFSET is %.0f× slower",
                        kitDeep[0] / rawDeep[0],
                        offset[0] / kitDeep[0]),
                "< 1 ms " + pass(kitDeep[0] < 1.0)
            });
            rows.add(new String[] {
                "MeetKit deep page vs its first page (median ms)",
                String.format(Locale.ROOT, "first %.3f", rawFirst[0]),
                String.format(Locale.ROOT, "first %.3f, deep %.3f", kitFirst[0], kitDeep[0]),
                ratio(kitDeep[0] / kitFirst[0]),
                "≤ 1.5× " + pass(kitDeep[0] <= 1.5 * kitFirst[0])
            });
        }
    }

    private static void check(int size) {
        if (size != 50) {
            throw new IllegalStateException("page of " + size);
        }
    }

    private static void query(HikariDataSource ds, String sql, @Nullable KeysetPosition after) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (after != null) {
                ps.setObject(1, OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC));
                ps.setObject(2, after.id());
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1, UUID.class);
                    rs.getString(3);
                    rs.getObject(19, OffsetDateTime.class);
                    n++;
                }
            }
            check(n);
        }
    }

    /**
     * Runs the operations in rotation, {@code runs} measured times each after at least one second (and three
     * rotations) of warm-up, and returns each one's median and p90 in milliseconds.
     */
    private static double[][] timed(int runs, Op... ops) throws Exception {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) {
            for (Op op : ops) {
                op.run();
            }
        }
        double[][] ms = new double[ops.length][runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < ops.length; k++) {
                long start = System.nanoTime();
                ops[k].run();
                ms[k][i] = (System.nanoTime() - start) / 1e6;
            }
        }
        double[][] result = new double[ops.length][];
        for (int k = 0; k < ops.length; k++) {
            Arrays.sort(ms[k]);
            result[k] = new double[] {ms[k][runs / 2], ms[k][runs * 9 / 10]};
        }
        return result;
    }

    // ---- helpers

    private static void exec(HikariDataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static String scalar(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(HikariDataSource ds, String sql, UUID meeting) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, meeting);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String fmt(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String pass(boolean ok) {
        return ok ? "(met)" : "(NOT met)";
    }
}
