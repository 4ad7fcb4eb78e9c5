package io.meetkit.bench.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.livekit.WebhookOutcome;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.testkit.FakeLiveKitServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Webhook ingest on PostgreSQL (issue 14, "Benchmark"): signed LiveKit {@code participant_joined} /
 * {@code participant_left} pairs over {@code meetings} meetings from {@code threads} threads through
 * {@code kit.webhooks().handle(body, authorization)} on {@link JdbcStores} over an embedded PostgreSQL 17 (zonky,
 * {@code fsync=off}, as {@link BenchmarkPostgres} starts it), against a raw-JDBC baseline on the same database that
 * issues the same statements per webhook with the same transaction boundaries, but checks no signature and parses no
 * JSON. A plain timed harness, not JMH.
 *
 * <p>What one pair is: a participant who got a token ({@code ParticipantTokens.issue}, which reserved its name, done
 * before the clock starts) joins and leaves. Its {@code participant_joined} is verified (JWT signature, {@code exp},
 * {@code nbf}, {@code iss}, the body's SHA-256), deduplicated ({@code webhookEvents().contains}), routed (the meeting
 * by room name), checked against bans, looked up for a reservation (it has one: no re-reservation), and applied: the
 * event id recorded as seen and the {@code participantJoined} event appended to the outbox in one transaction. Its
 * {@code participant_left} is verified and routed alike and applied in one transaction that also deduplicates it: the
 * event id recorded (a delivery that finds it recorded changes nothing), the name released in one
 * {@code DELETE … RETURNING}, the {@code participantLeft} event appended. Every webhook has a fresh event id. The
 * bodies (LiveKit's protojson, the participant's real token metadata) and their {@code Authorization} tokens
 * ({@link FakeLiveKitServer#signWebhook}, LiveKit's signing: HS256 JWT with the API key as {@code iss} and the body's
 * SHA-256) are all built before the clock starts; each thread sends its pairs in order, joined before left.
 *
 * <p>The baseline's statements are those MeetKit's stores issue on this path, as PostgreSQL's statement log shows
 * them ({@code trace=true} prints both paths' log for one pair). Each run makes {@code meetings} new meetings and
 * issues a token per pair before the clock; after the run it checks that every webhook was processed, every
 * reservation of the run is released and the outbox holds two events per pair. One unmeasured run of each path
 * ({@code warmup} pairs) comes first; the paths then alternate, the order swapped each rep, and the best rep of each
 * is compared.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -Djava.io.tmpdir=benchmarks/target -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.meetkit.bench.jdbc.WebhookIngestBenchmark
 * </pre>
 *
 * <p>Arguments (all optional): {@code pairs=8000 warmup=<pairs> meetings=100 threads=8 pool=16 reps=3 trace=false};
 * {@code pairs} per run (two webhooks each), {@code warmup} the pairs of each path's unmeasured run (0: none),
 * {@code pool} the HikariCP pool size. Not thread-safe; one run per process.
 */
public final class WebhookIngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "meetkit_";

    private WebhookIngestBenchmark() {}

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args {@code pairs=N warmup=N meetings=N threads=N pool=N reps=N trace=true|false}
     * @throws Exception if PostgreSQL or the fake LiveKit cannot start, or a run fails its checks
     */
    public static void main(String[] args) throws Exception {
        int pairs = 8000;
        int warmup = -1;
        int meetings = 100;
        int threads = 8;
        int pool = 16;
        int reps = 3;
        boolean trace = false;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected name=value: " + a);
            }
            switch (kv[0]) {
                case "pairs" -> pairs = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "meetings" -> meetings = Integer.parseInt(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                case "pool" -> pool = Integer.parseInt(kv[1]);
                case "reps" -> reps = Integer.parseInt(kv[1]);
                case "trace" -> trace = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (trace) {
            List<List<String>> both = trace();
            System.out.println("kit.webhooks().handle, one joined/left pair:");
            both.get(0).forEach(st -> System.out.println("  " + st));
            System.out.println("raw JDBC baseline, one joined/left pair:");
            both.get(1).forEach(st -> System.out.println("  " + st));
            System.out.println(both.get(0).equals(both.get(1)) ? "the same statements" : "THE STATEMENTS DIFFER");
            return;
        }
        String loadAtStart = loadAverage();
        System.out.printf(
                Locale.ROOT,
                "Webhook ingest: %,d joined/left pairs per run over %d meetings, %d threads, pool %d, %d reps;"
                        + " load average at start: %s%n",
                pairs,
                meetings,
                threads,
                pool,
                reps,
                loadAtStart);
        try (EmbeddedPostgres pg = BenchmarkPostgres.start();
                HikariDataSource ds = BenchmarkPostgres.pool(pg.getJdbcUrl("postgres", "postgres"), pool);
                FakeLiveKitServer liveKit = FakeLiveKitServer.builder().build().start();
                MeetKit kit = kit(ds, liveKit)) {
            int warm = warmup < 0 ? pairs : warmup;
            if (warm > 0) { // warm-up, not counted: the JIT compiles both paths before any measured run
                run(kit, ds, liveKit, warm, meetings, threads, true);
                run(kit, ds, liveKit, warm, meetings, threads, false);
            }
            List<Result> viaKit = new ArrayList<>();
            List<Result> raw = new ArrayList<>();
            for (int rep = 0; rep < reps; rep++) {
                Result k;
                Result b;
                if (rep % 2 == 0) { // alternate which goes first, so neither always gets the warmer JIT
                    b = run(kit, ds, liveKit, pairs, meetings, threads, false);
                    k = run(kit, ds, liveKit, pairs, meetings, threads, true);
                } else {
                    k = run(kit, ds, liveKit, pairs, meetings, threads, true);
                    b = run(kit, ds, liveKit, pairs, meetings, threads, false);
                }
                System.out.printf(
                        Locale.ROOT,
                        "  rep %d: kit.webhooks().handle %,.0f webhooks/s (%.2f s), raw JDBC %,.0f webhooks/s"
                                + " (%.2f s), ratio %.2f; load average %s%n",
                        rep + 1,
                        k.perSecond(),
                        k.seconds(),
                        b.perSecond(),
                        b.seconds(),
                        k.perSecond() / b.perSecond(),
                        loadAverage());
                viaKit.add(k);
                raw.add(b);
            }
            table(viaKit, raw, threads, meetings, loadAtStart, loadAverage());
        }
    }

    static MeetKit kit(DataSource ds, FakeLiveKitServer liveKit) {
        JdbcStores stores = JdbcStores.create(ds);
        stores.initializeSchema();
        return MeetKit.builder()
                .liveKitUrl(liveKit.url())
                .apiKey(liveKit.apiKey())
                .apiSecret(liveKit.apiSecret())
                .stores(stores)
                .build();
    }

    /** One run's outcome: how many webhooks in how long. */
    record Result(long webhooks, double seconds) {
        double perSecond() {
            return webhooks / seconds;
        }
    }

    /** One webhook, built before the clock: its body, its Authorization token and what the baseline needs of it. */
    record Webhook(
            byte[] body,
            String authorization,
            boolean joined,
            String eventId,
            String room,
            String identity,
            String name,
            Instant at) {}

    /**
     * Makes {@code meetings} new meetings, issues a token per pair (reserving its name), builds and signs every
     * webhook, then handles them all on {@code threads} threads, each sending its pairs in order, through the kit or
     * the raw-JDBC baseline, and checks the outcome.
     *
     * @return the webhooks handled and the seconds they took
     */
    static Result run(
            MeetKit kit, DataSource ds, FakeLiveKitServer liveKit, int pairs, int meetings, int threads, boolean viaKit)
            throws Exception {
        List<List<Webhook>> perThread = prepare(kit, liveKit, pairs, meetings, threads);
        UUID[] ids = perThread.stream()
                .flatMap(List::stream)
                .map(Webhook::room)
                .distinct()
                .map(r ->
                        kit.stores().meetings().findByRoomName(r).orElseThrow().id())
                .toArray(UUID[]::new);
        System.gc(); // the previous run's garbage is collected before this run, not during it
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        AtomicInteger notProcessed = new AtomicInteger();
        long t0;
        long t1;
        try {
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime() + 50_000_000L; // every thread is running by then
            for (List<Webhook> mine : perThread) {
                futures.add(executor.submit(() -> {
                    while (System.nanoTime() < start) {
                        Thread.onSpinWait();
                    }
                    if (viaKit) {
                        for (Webhook w : mine) {
                            WebhookOutcome o = kit.webhooks().handle(w.body(), w.authorization());
                            if (o.status() != WebhookOutcome.Status.PROCESSED) {
                                notProcessed.incrementAndGet();
                            }
                        }
                    } else {
                        RawIngest raw = new RawIngest(ds);
                        for (Webhook w : mine) {
                            if (!raw.handle(w)) {
                                notProcessed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            t0 = start;
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
            t1 = System.nanoTime();
        } finally {
            executor.shutdownNow();
        }
        check(ds, ids, pairs, notProcessed.get());
        return new Result(2L * pairs, (t1 - t0) / 1e9);
    }

    private static List<List<Webhook>> prepare(
            MeetKit kit, FakeLiveKitServer liveKit, int pairs, int meetings, int threads) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Meeting[] ms = new Meeting[meetings];
        for (int m = 0; m < meetings; m++) {
            ms[m] = kit.meetings()
                    .create(CreateMeeting.builder("Ingest " + run + " " + m, "bench")
                            .build());
        }
        List<List<Webhook>> perThread = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Webhook>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    List<Webhook> mine = new ArrayList<>();
                    for (int p = thread; p < pairs; p += threads) {
                        Meeting m = ms[p % meetings];
                        ParticipantToken token =
                                kit.tokens().issue(m.id(), TokenRequest.of("User " + run + " " + p, "SPEAKER"));
                        String metadata = metadataOf(token.token());
                        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                        mine.add(webhook(liveKit, true, m, token, metadata, at));
                        mine.add(webhook(liveKit, false, m, token, metadata, at));
                    }
                    return mine;
                }));
            }
            for (Future<List<Webhook>> f : futures) {
                perThread.add(f.get(10, TimeUnit.MINUTES));
            }
        } finally {
            executor.shutdownNow();
        }
        return perThread;
    }

    private static Webhook webhook(
            FakeLiveKitServer liveKit, boolean joined, Meeting m, ParticipantToken token, String metadata, Instant at) {
        String eventId = "EV_" + UUID.randomUUID();
        String roomSid = "RM_" + m.id().toString().replace("-", "").substring(0, 12);
        String body = "{\"event\":\"" + (joined ? "participant_joined" : "participant_left") + "\","
                + "\"room\":{\"sid\":\"" + roomSid + "\",\"name\":\"" + m.roomName() + "\"},"
                + "\"participant\":{\"sid\":\"PA_" + token.identity() + "\",\"identity\":\"" + token.identity()
                + "\",\"name\":" + quote(token.displayName()) + ",\"metadata\":" + quote(metadata)
                + ",\"state\":\"" + (joined ? "ACTIVE" : "DISCONNECTED") + "\""
                + (joined ? "" : ",\"disconnectReason\":\"CLIENT_INITIATED\"") + "},"
                + "\"id\":\"" + eventId + "\",\"createdAt\":\"" + at.getEpochSecond() + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Webhook(
                bytes,
                liveKit.signWebhook(bytes),
                joined,
                eventId,
                m.roomName(),
                token.identity(),
                token.displayName(),
                at);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code metadata} claim of a participant token, as the client would carry it into LiveKit. */
    private static String metadataOf(String jwt) throws java.io.IOException {
        String payload = jwt.substring(jwt.indexOf('.') + 1, jwt.lastIndexOf('.'));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(payload));
        return claims.path("metadata").asText();
    }

    /** Every webhook processed, every reservation of the run released, two outbox events per pair. */
    private static void check(DataSource ds, UUID[] meetingIds, int pairs, int notProcessed) throws SQLException {
        if (notProcessed != 0) {
            throw new IllegalStateException(notProcessed + " webhooks were not processed");
        }
        long reservations = 0;
        long events = 0;
        try (Connection c = ds.getConnection();
                PreparedStatement names = c.prepareStatement(
                        "SELECT count(*) FROM " + PREFIX + "name_reservations WHERE meeting_id = ?");
                PreparedStatement outbox =
                        c.prepareStatement("SELECT count(*) FROM " + PREFIX + "outbox_events WHERE meeting_id = ?")) {
            for (UUID id : meetingIds) {
                names.setObject(1, id);
                outbox.setObject(1, id);
                try (ResultSet rs = names.executeQuery()) {
                    rs.next();
                    reservations += rs.getLong(1);
                }
                try (ResultSet rs = outbox.executeQuery()) {
                    rs.next();
                    events += rs.getLong(1);
                }
            }
        }
        if (reservations != 0) {
            throw new IllegalStateException(reservations + " reservations left after every participant left");
        }
        if (events != 2L * pairs) {
            throw new IllegalStateException(events + " outbox events for " + pairs + " joined/left pairs");
        }
    }

    /**
     * The baseline: per webhook, the statements MeetKit's JDBC stores issue on this path (PostgreSQL's statement log
     * of one pair, {@code trace=true}), with the same transaction boundaries, on a connection per statement or
     * transaction from the same pool, without a signature check or JSON parsing. One per thread.
     */
    static final class RawIngest {
        private static final String CONTAINS =
                "SELECT 1 FROM " + PREFIX + "webhook_events WHERE event_id = ? AND expires_at > ?";
        private static final String MEETING = "SELECT id, room_name, title, created_by, status, end_action,"
                + " recording_enabled, chat_enabled, virtual_background_enabled, max_participants,"
                + " empty_timeout_seconds, auto_record, auto_delete_at, auto_delete_live_policy,"
                + " auto_delete_rec_policy, attributes, moderator_secret, speaker_secret, role_permissions,"
                + " created_at, updated_at, started_at, ended_at, room_sid, version, max_duration_minutes,"
                + " initial_audio_enabled, initial_video_enabled, max_duration_reached_at FROM " + PREFIX
                + "meetings WHERE room_name = ?";
        private static final String BAN = "SELECT meeting_id, identity, banned_at, banned_until FROM " + PREFIX
                + "participant_bans WHERE meeting_id = ? AND identity = ?";
        private static final String NAME = "SELECT meeting_id, name_key, display_name, identity, role,"
                + " reserved_at, expires_at, base_key, suffix FROM " + PREFIX
                + "name_reservations WHERE meeting_id = ? AND identity = ? AND expires_at > ?";
        private static final String FIRST_SEEN = "INSERT INTO " + PREFIX
                + "webhook_events AS e (event_id, expires_at) VALUES (?, ?)"
                + " ON CONFLICT (event_id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE e.expires_at <= ?";
        private static final String RELEASE =
                "DELETE FROM " + PREFIX + "name_reservations WHERE meeting_id = ? AND identity = ? RETURNING name_key";
        private static final String APPEND = "WITH next_sequence AS (INSERT INTO " + PREFIX
                + "outbox_sequences AS s (meeting_id, last_sequence) VALUES (?, 1)"
                + " ON CONFLICT (meeting_id) DO UPDATE SET last_sequence = s.last_sequence + 1"
                + " RETURNING last_sequence) INSERT INTO " + PREFIX + "outbox_events"
                + " (event_id, meeting_id, meeting_sequence, event_type, occurred_at, appended_at, data)"
                + " SELECT ?, ?, n.last_sequence, ?, ?, ?, ? FROM next_sequence n"
                + " RETURNING event_position, meeting_sequence";
        private static final Duration EVENT_ID_TTL = io.meetkit.livekit.LiveKitWebhooks.EVENT_ID_TTL;

        private final DataSource ds;

        RawIngest(DataSource ds) {
            this.ds = ds;
        }

        /** Applies one webhook; false if it was a duplicate or its meeting or reservation was missing. */
        boolean handle(Webhook w) throws SQLException {
            Instant now = Instant.now();
            if (w.joined()) { // a leave is deduplicated in its transaction only (FIRST_SEEN), as MeetKit does it
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(CONTAINS)) {
                    ps.setString(1, w.eventId());
                    ps.setTimestamp(2, Timestamp.from(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
            }
            UUID meetingId;
            String meetingJson;
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement(MEETING)) {
                ps.setString(1, w.room());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    meetingId = rs.getObject(1, UUID.class);
                    // the event's meeting snapshot, as MeetKit's event JSON carries it (string concatenation, no JSON
                    // library: the baseline writes the same bytes without serializing)
                    meetingJson = "{\"id\":\"" + meetingId + "\",\"roomName\":\"" + rs.getString(2)
                            + "\",\"title\":\"" + rs.getString(3) + "\",\"createdBy\":\"" + rs.getString(4)
                            + "\",\"status\":\"" + rs.getString(5) + "\",\"endAction\":\"" + rs.getString(6)
                            + "\",\"startedAt\":null,\"endedAt\":null,\"attributes\":" + rs.getString(16) + "}";
                }
            }
            if (w.joined()) {
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(BAN)) {
                    ps.setObject(1, meetingId);
                    ps.setString(2, w.identity());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(NAME)) {
                    ps.setObject(1, meetingId);
                    ps.setString(2, w.identity());
                    ps.setTimestamp(3, Timestamp.from(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                    }
                }
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    boolean ok = apply(c, w, meetingId, meetingJson, now);
                    c.commit();
                    return ok;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }

        private static boolean apply(Connection c, Webhook w, UUID meetingId, String meetingJson, Instant now)
                throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(FIRST_SEEN)) {
                ps.setString(1, w.eventId());
                ps.setTimestamp(2, Timestamp.from(now.plus(EVENT_ID_TTL)));
                ps.setTimestamp(3, Timestamp.from(now));
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            if (!w.joined()) {
                try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                    ps.setObject(1, meetingId);
                    ps.setString(2, w.identity());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(APPEND)) {
                ps.setObject(1, meetingId);
                // the outbox id MeetKit derives from the webhook's event id (EventPublisher.idOf)
                ps.setObject(
                        2, UUID.nameUUIDFromBytes(("livekit-webhook:" + w.eventId()).getBytes(StandardCharsets.UTF_8)));
                ps.setObject(3, meetingId);
                ps.setString(4, w.joined() ? "participantJoined" : "participantLeft");
                ps.setTimestamp(5, Timestamp.from(w.at()));
                ps.setTimestamp(6, Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)));
                ps.setString(
                        7,
                        "{\"identity\":\"" + w.identity() + "\",\"name\":\"" + w.name() + "\",\"meeting\":"
                                + meetingJson + "}");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            return true;
        }
    }

    private static void table(
            List<Result> viaKit, List<Result> raw, int threads, int meetings, String loadStart, String loadEnd) {
        double k = viaKit.stream().mapToDouble(Result::perSecond).max().orElse(0);
        double b = raw.stream().mapToDouble(Result::perSecond).max().orElse(0);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Best of %d reps; %d threads over %d meetings; load average %s at the start, %s at the end%n",
                viaKit.size(),
                threads,
                meetings,
                loadStart,
                loadEnd);
        System.out.println("| Webhook ingest (participant_joined + participant_left) | webhooks/s | ratio | goal |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| raw JDBC, same statements (baseline) | %,.0f | 1.00 | |%n", b);
        System.out.printf(
                Locale.ROOT,
                "| **`kit.webhooks().handle`** | **%,.0f** | **%.2f** | ≥ 0.5×: %s; ≥ 3,000/s: %s |%n",
                k,
                k / b,
                k / b >= 0.5 ? "met" : "not met",
                k >= 3000 ? "met" : "not met");
    }

    /** The first three fields of {@code /proc/loadavg} (1, 5 and 15 minutes), or "n/a" where there is none. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * PostgreSQL's statement log ({@code log_statement=all}) of one pair through the kit and one through the baseline,
     * so the baseline can be checked to issue the same statements: the SQL texts in order, without parameters, the
     * pool's connection checks and a new connection's set-up left out.
     *
     * @return the kit's statements, then the baseline's
     */
    static List<List<String>> trace() throws Exception {
        Path log = Files.createTempFile("webhook-ingest-pg", ".log");
        try {
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                            .setServerConfig("fsync", "off")
                            .setServerConfig("log_statement", "all")
                            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
                    HikariDataSource ds = BenchmarkPostgres.pool(pg.getJdbcUrl("postgres", "postgres"), 2);
                    FakeLiveKitServer liveKit =
                            FakeLiveKitServer.builder().build().start();
                    MeetKit kit = kit(ds, liveKit)) {
                for (boolean viaKit : new boolean[] {true, false}) {
                    List<List<Webhook>> one = prepare(kit, liveKit, 1, 1, 1);
                    mark(ds, "begin");
                    for (Webhook w : one.get(0)) {
                        if (viaKit) {
                            kit.webhooks().handle(w.body(), w.authorization());
                        } else {
                            new RawIngest(ds).handle(w);
                        }
                    }
                    mark(ds, "end");
                }
            }
            List<List<String>> both = new ArrayList<>();
            List<String> current = null;
            for (String line : Files.readAllLines(log)) {
                int at = line.indexOf("LOG:  ");
                if (at < 0) {
                    continue;
                }
                String s = line.substring(at + 6).trim();
                if (s.contains("bench-mark begin")) {
                    current = new ArrayList<>();
                    both.add(current);
                } else if (s.contains("bench-mark end")) {
                    current = null;
                } else if (current != null && (s.startsWith("statement:") || s.startsWith("execute"))) {
                    String sql = s.substring(s.indexOf(':') + 1).trim();
                    // An empty statement is HikariCP checking a connection, and a SET is the driver setting up a
                    // connection the pool opened in the window; neither the stores nor the baseline issue either.
                    if (!sql.isEmpty() && !sql.startsWith("SET ")) {
                        current.add(sql);
                    }
                }
            }
            if (both.size() != 2) {
                throw new IllegalStateException("the statement log holds " + both.size() + " of 2 traced pairs");
            }
            return both;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void mark(DataSource ds, String what) throws SQLException {
        try (Connection c = ds.getConnection();
                var st = c.createStatement()) {
            st.execute("SELECT 'bench-mark " + what + "'");
        }
    }
}
