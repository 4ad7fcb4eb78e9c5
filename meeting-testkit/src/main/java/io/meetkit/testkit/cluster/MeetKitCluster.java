package io.meetkit.testkit.cluster;

import com.google.protobuf.util.JsonFormat;
import io.meetkit.MeetKit;
import io.meetkit.livekit.WebhookOutcome;
import io.meetkit.maintenance.Maintenance;
import io.meetkit.maintenance.MaintenanceJob;
import io.meetkit.maintenance.MaintenanceReport;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStorage;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.RecordingFilter;
import io.meetkit.testkit.FakeLiveKitServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;

/**
 * N MeetKit instances over one store and one {@link FakeLiveKitServer}, as N application instances behind a load
 * balancer: every webhook the fake sends goes to a random instance, chosen by a seeded {@link Random} (the seed is in
 * every failure message; {@link Builder#seed(long)} replays a run). Faults: each instance's stores are wrapped in a
 * {@link FailingStores} ({@link #stores(int)}), the recording storage can be switched off ({@link #storageDown()}),
 * and the fake's own faults ({@link FakeLiveKitServer#failNext}) apply to every instance; a database restart needs
 * nothing from the cluster.
 *
 * <p>Webhooks wait in the cluster until {@link #deliverWebhooks()} or {@link #settle()} (the fake's sink only queues
 * them), so a run is the same for the same seed and the same calls. A delivery that throws stays queued and is
 * retried, as LiveKit retries a webhook that was not answered with 2xx. {@link #settle()} delivers what is queued and
 * runs maintenance on every instance until nothing is left to do; {@link #assertInvariants()} then checks what must
 * hold whatever happened (see {@link #violations()}).
 *
 * <pre>{@code
 * MeetKitCluster cluster = MeetKitCluster.builder()
 *         .instances(2)
 *         .stores(() -> JdbcStores.create(dataSource))
 *         .liveKit(fake)
 *         .seed(42)
 *         .build();
 * Meeting m = cluster.instance(0).meetings().create(CreateMeeting.builder("Standup", "ann").build());
 * fake.join(cluster.instance(1).tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).token());
 * cluster.settle();
 * cluster.assertInvariants();
 * }</pre>
 *
 * <p>Thread-safe: webhook delivery and settling are serialized; the instances are ordinary {@link MeetKit}s.
 * {@link #close()} closes the instances (and the recording storages it was given) and gives the fake's webhook sink
 * back (none).
 */
public final class MeetKitCluster implements AutoCloseable {

    /** How often {@link #settle()} delivers and runs maintenance at most before it gives up. */
    public static final int DEFAULT_SETTLE_ROUNDS = 6;

    private static final int MAX_DELIVERIES_PER_CALL = 10_000;

    private static final System.Logger LOG = System.getLogger(MeetKitCluster.class.getName());

    private final long seed;
    private final Random random;
    private final FakeLiveKitServer fake;
    private final List<MeetKit> instances;
    private final List<FailingStores> stores;
    private final List<SwitchableStorage> storages;
    private final KnownMeetings known;
    private final int settleRounds;
    private final boolean shuffle;
    private volatile boolean storageDown;

    /** Serializes delivery, settling and checks. */
    private final Object lock = new Object();
    /** Guards the queue and the logs; never held while calling an instance (the fake's sink takes it). */
    private final Object queueLock = new Object();

    private final Deque<Queued> queue = new ArrayDeque<>();
    private final Map<String, List<WebhookDelivery>> deliveries = new LinkedHashMap<>();
    private final Set<String> sentIds = new LinkedHashSet<>();

    private record Queued(WebhookEvent event, byte[] body, String authorization) {}

    private MeetKitCluster(Builder b) {
        this.seed = b.seed;
        this.random = new Random(b.seed);
        this.fake = Objects.requireNonNull(b.fake, "liveKit(…) was not set");
        this.settleRounds = b.settleRounds;
        this.shuffle = b.shuffle;
        this.known = new KnownMeetings();
        Supplier<MeetKitStores> storeSupplier = Objects.requireNonNull(b.stores, "stores(…) was not set");
        List<MeetKit> kits = new ArrayList<>();
        List<FailingStores> failing = new ArrayList<>();
        List<SwitchableStorage> switchable = new ArrayList<>();
        try {
            for (int i = 0; i < b.instances; i++) {
                MeetKitStores real = Objects.requireNonNull(storeSupplier.get(), "the stores supplier returned null");
                FailingStores f = FailingStores.wrap(known.track(real));
                MeetKit.Builder kb = MeetKit.builder()
                        .liveKitUrl(fake.url())
                        .apiKey(fake.apiKey())
                        .apiSecret(fake.apiSecret())
                        .stores(f.stores());
                if (b.storage != null) {
                    RecordingStorage st =
                            Objects.requireNonNull(b.storage.get(), "the recording storage supplier returned null");
                    SwitchableStorage s = new SwitchableStorage(st, () -> storageDown);
                    switchable.add(s);
                    kb.recordingStorage(s);
                }
                b.configure.accept(i, kb);
                failing.add(f);
                kits.add(kb.build());
            }
        } catch (RuntimeException e) {
            kits.forEach(MeetKit::close);
            throw e;
        }
        this.instances = List.copyOf(kits);
        this.stores = List.copyOf(failing);
        this.storages = List.copyOf(switchable);
        fake.webhookSink(this::enqueue);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed of the webhook routing (and of {@link #randomInstance()}). */
    public long seed() {
        return seed;
    }

    /** How many instances run. */
    public int size() {
        return instances.size();
    }

    /**
     * One instance.
     *
     * @param index from 0 to {@link #size()} - 1
     * @return the instance
     * @throws IndexOutOfBoundsException if there is no such instance
     */
    public MeetKit instance(int index) {
        return instances.get(index);
    }

    /** Every instance, by index. */
    public List<MeetKit> instances() {
        return instances;
    }

    /** An instance picked by the seeded random, as a load balancer would pick one. */
    public MeetKit randomInstance() {
        synchronized (lock) {
            return instances.get(random.nextInt(instances.size()));
        }
    }

    /**
     * The store wrapper of one instance, to make its store calls fail ({@link FailingStores#down()},
     * {@link FailingStores#downAfter(int)}, {@link FailingStores#failWhen}).
     *
     * @param index the instance
     * @return its wrapper
     * @throws IndexOutOfBoundsException if there is no such instance
     */
    public FailingStores stores(int index) {
        return stores.get(index);
    }

    /** Fails every store call of every instance until {@link #heal()} (or each wrapper's {@code up()}). */
    public void storesDown() {
        stores.forEach(FailingStores::down);
    }

    /**
     * Switches the recording storage off for every instance: each call throws a retryable
     * {@code RecordingStorageException}, as an unreachable S3 does. The fake's egress uploads are not affected.
     *
     * @throws IllegalStateException if the cluster was built without a recording storage
     */
    public void storageDown() {
        if (storages.isEmpty()) {
            throw new IllegalStateException("the cluster was built without recordingStorage(…)");
        }
        storageDown = true;
    }

    /** How many recording-storage calls, of every instance, were refused while the storage was off. */
    public int storageFailures() {
        return storages.stream().mapToInt(SwitchableStorage::refused).sum();
    }

    /** Switches the recording storage on again. */
    public void storageUp() {
        storageDown = false;
    }

    /** Ends every injected fault: every instance's stores up, the storage on, the fake's armed faults cleared. */
    public void heal() {
        stores.forEach(FailingStores::up);
        storageDown = false;
        fake.clearFaults();
    }

    // ====================================================================== webhooks

    private void enqueue(byte[] body, String authorization) throws Exception {
        WebhookEvent.Builder event = WebhookEvent.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), event);
        synchronized (queueLock) {
            queue.add(new Queued(event.build(), body, authorization));
            sentIds.add(event.getId());
        }
    }

    /** How many webhooks wait for delivery (sent and not yet answered by an instance). */
    public int pendingWebhooks() {
        synchronized (queueLock) {
            return queue.size();
        }
    }

    /**
     * Delivers every queued webhook once, each to a random instance; one that throws stays queued for the next
     * delivery, as LiveKit retries it. Webhooks the deliveries cause are delivered too, once each.
     *
     * @return how many deliveries were answered (not thrown)
     */
    public int deliverWebhooks() {
        synchronized (lock) {
            awaitFake();
            int answered = 0;
            List<Queued> failed = new ArrayList<>();
            // what the deliveries cause is queued behind them and delivered in this call as well
            for (int i = 0; i < MAX_DELIVERIES_PER_CALL; i++) {
                Queued q;
                synchronized (queueLock) {
                    if (shuffle && queue.size() > 1) {
                        // LiveKit's deliveries to several instances overlap: any queued event may arrive first
                        List<Queued> all = new ArrayList<>(queue);
                        q = all.remove(random.nextInt(all.size()));
                        queue.clear();
                        queue.addAll(all);
                    } else {
                        q = queue.poll();
                    }
                }
                if (q == null) {
                    break;
                }
                int target = random.nextInt(instances.size());
                WebhookDelivery d;
                try {
                    WebhookOutcome o = instances.get(target).webhooks().handle(q.body(), q.authorization());
                    d = new WebhookDelivery(q.event().getId(), q.event().getEvent(), target, o, null);
                    answered++;
                } catch (RuntimeException e) {
                    d = new WebhookDelivery(q.event().getId(), q.event().getEvent(), target, null, e.toString());
                    failed.add(q);
                }
                synchronized (queueLock) {
                    deliveries
                            .computeIfAbsent(q.event().getId(), k -> new ArrayList<>())
                            .add(d);
                }
                awaitFake();
            }
            synchronized (queueLock) {
                queue.addAll(failed);
            }
            return answered;
        }
    }

    /** Every delivery made so far, by event id, in the order of each event's first delivery. */
    public Map<String, List<WebhookDelivery>> deliveries() {
        synchronized (queueLock) {
            Map<String, List<WebhookDelivery>> copy = new LinkedHashMap<>();
            deliveries.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }
    }

    private void awaitFake() {
        try {
            if (!fake.awaitWebhookDeliveries(Duration.ofSeconds(10))) {
                LOG.log(System.Logger.Level.WARNING, "the fake's background deliveries did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ====================================================================== settling

    /**
     * Delivers the queued webhooks and runs maintenance on every instance (each job on each instance: after a run
     * the cluster gives the job's lease back, as if it had expired), and repeats while that delivered or sent
     * something, at most {@link Builder#settleRounds(int)} times. Call it once the faults are lifted
     * ({@link #heal()}, the database restarted).
     *
     * @return the maintenance reports of the last round, by instance
     */
    public List<MaintenanceReport> settle() {
        synchronized (lock) {
            List<MaintenanceReport> reports = new ArrayList<>();
            for (int round = 0; round < settleRounds; round++) {
                int sentBefore = sentCount();
                deliverWebhooks();
                reports = new ArrayList<>();
                for (MeetKit kit : instances) {
                    reports.add(runMaintenance(kit));
                    deliverWebhooks();
                }
                if (pendingWebhooks() == 0 && sentCount() == sentBefore && round > 0) {
                    break;
                }
            }
            return reports;
        }
    }

    private int sentCount() {
        synchronized (queueLock) {
            return sentIds.size();
        }
    }

    private MaintenanceReport runMaintenance(MeetKit kit) {
        Maintenance maintenance = kit.maintenance();
        MaintenanceReport report = maintenance.runOnce();
        for (MaintenanceJob job : maintenance.jobs()) {
            try {
                kit.stores().leases().release(job.name(), maintenance.owner());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not release lease " + job.name(), e);
            }
        }
        return report;
    }

    // ====================================================================== invariants

    /**
     * Checks the invariants ({@link #violations()}) and fails with all of them, and the seed, if any is broken.
     * Call it after {@link #settle()}.
     *
     * @throws AssertionError naming each violation and the seed
     */
    public void assertInvariants() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            throw new AssertionError(
                    v.size() + " invariant(s) broken (seed " + seed + "):\n  - " + String.join("\n  - ", v));
        }
    }

    /**
     * What breaks the invariants now, read from the real stores (never through the failure wrappers) and the
     * fake:
     * <ul>
     *   <li>every egress LiveKit runs (starting or active) is tracked by exactly one unfinished recording;</li>
     *   <li>no meeting is ACTIVE without a LiveKit room, and none is OPEN with participants (other than an egress)
     *       in its room;</li>
     *   <li>nothing of a deleted meeting (one an instance inserted that is gone from the store) is left: no
     *       recording, name reservation or ban of it, no LiveKit room of its name;</li>
     *   <li>no webhook was lost: every event the fake sent was answered by some instance with an outcome other
     *       than {@code DUPLICATE} (a {@code DUPLICATE} before any other answer means the event was marked seen
     *       without being applied), none still waits, and each answered event is in the store's webhook log.</li>
     * </ul>
     *
     * <p>The webhook log keeps an id for {@link io.meetkit.livekit.LiveKitWebhooks#EVENT_ID_TTL}: a run whose
     * instances' clocks (set through {@link Builder#configure}) pass that TTL and then run maintenance purges the ids, and
     * their events are then reported as not in the log. Check before advancing the clocks that far.
     *
     * @return one sentence per violation, empty when all hold
     */
    public List<String> violations() {
        synchronized (lock) {
            List<String> sent;
            Map<String, List<WebhookDelivery>> delivered = deliveries();
            synchronized (queueLock) {
                sent = List.copyOf(sentIds);
            }
            List<String> out = new ArrayList<>();
            MeetKitStores real = stores.get(0).delegate();
            Instant now = Instant.now();
            List<Meeting> meetings = allMeetings(real);
            List<Recording> recordings = allRecordings(real);

            // egresses
            for (EgressInfo e : fake.egresses()) {
                if (e.getStatus() != EgressStatus.EGRESS_STARTING && e.getStatus() != EgressStatus.EGRESS_ACTIVE) {
                    continue;
                }
                List<Recording> tracking = recordings.stream()
                        .filter(r ->
                                r.egressId().filter(e.getEgressId()::equals).isPresent())
                        .toList();
                List<Recording> unfinished =
                        tracking.stream().filter(r -> !r.status().isFinished()).toList();
                if (unfinished.size() != 1) {
                    out.add("egress " + e.getEgressId() + " (" + e.getStatus() + ", room " + e.getRoomName()
                            + ") runs, tracked by " + unfinished.size() + " unfinished recording(s)"
                            + (tracking.isEmpty() ? "" : "; recordings with its id: " + describe(tracking)));
                }
            }
            // meetings against rooms
            for (Meeting m : meetings) {
                Optional<Room> room = fake.room(m.roomName());
                if (m.status() == MeetingStatus.ACTIVE && room.isEmpty()) {
                    out.add("meeting " + m.id() + " (" + m.roomName() + ") is ACTIVE without a LiveKit room");
                }
                if (m.status() == MeetingStatus.OPEN && room.isPresent()) {
                    List<String> people = fake.participants(m.roomName()).stream()
                            .filter(p -> p.getKind() != ParticipantInfo.Kind.EGRESS)
                            .map(ParticipantInfo::getIdentity)
                            .toList();
                    if (!people.isEmpty()) {
                        out.add("meeting " + m.id() + " (" + m.roomName() + ") is OPEN with " + people
                                + " in its room");
                    }
                }
            }
            // deleted meetings
            Set<UUID> present = new LinkedHashSet<>();
            meetings.forEach(m -> present.add(m.id()));
            for (Meeting gone : known.all()) {
                if (present.contains(gone.id())) {
                    continue;
                }
                String what = "deleted meeting " + gone.id() + " (" + gone.roomName() + ")";
                List<Recording> left = recordings.stream()
                        .filter(r -> r.meetingId().equals(gone.id()))
                        .toList();
                if (!left.isEmpty()) {
                    out.add(what + " left recordings " + describe(left));
                }
                int names = real.participantNames().list(gone.id(), now).size();
                if (names > 0) {
                    out.add(what + " left " + names + " name reservation(s)");
                }
                int bans = real.participantBans().list(gone.id(), now).size();
                if (bans > 0) {
                    out.add(what + " left " + bans + " ban(s)");
                }
                if (fake.room(gone.roomName()).isPresent()) {
                    out.add(what + " left its LiveKit room");
                }
            }
            // webhooks
            for (String id : sent) {
                List<WebhookDelivery> ds = delivered.getOrDefault(id, List.of());
                Optional<WebhookDelivery> firstAnswer =
                        ds.stream().filter(WebhookDelivery::answered).findFirst();
                String name = ds.isEmpty() ? "webhook" : ds.get(0).event();
                if (firstAnswer.isEmpty()) {
                    out.add(name + " " + id + " was never answered: " + ds);
                } else if (firstAnswer.get().outcome().status() == WebhookOutcome.Status.DUPLICATE) {
                    out.add(name + " " + id + " was lost: answered DUPLICATE before it was applied: " + ds);
                } else if (!real.webhookEvents().contains(id, now)) {
                    out.add(name + " " + id + " was answered "
                            + firstAnswer.get().outcome().status() + " but is not in the store's webhook log");
                }
            }
            return out;
        }
    }

    private static String describe(List<Recording> rs) {
        return rs.stream()
                .map(r -> r.id() + " " + r.status() + " egress " + r.egressId().orElse("none"))
                .toList()
                .toString();
    }

    private static List<Meeting> allMeetings(MeetKitStores s) {
        List<Meeting> all = new ArrayList<>();
        KeysetPosition after = null;
        while (true) {
            List<Meeting> page = s.meetings().page(MeetingFilter.ALL, after, 500);
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
            Meeting last = page.get(page.size() - 1);
            after = new KeysetPosition(last.createdAt(), last.id());
        }
    }

    private static List<Recording> allRecordings(MeetKitStores s) {
        List<Recording> all = new ArrayList<>();
        KeysetPosition after = null;
        while (true) {
            List<Recording> page = s.recordings().page(RecordingFilter.ALL, after, 500);
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
            Recording last = page.get(page.size() - 1);
            after = new KeysetPosition(last.createdAt(), last.id());
        }
    }

    /** Closes every instance and the recording storages, and stops taking the fake's webhooks. */
    @Override
    public void close() {
        fake.webhookSink(null);
        for (MeetKit kit : instances) {
            try {
                kit.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing an instance failed", e);
            }
        }
        for (SwitchableStorage s : storages) {
            try {
                s.closeDelegate();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing a recording storage failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "MeetKitCluster{instances=" + instances.size() + ", seed=" + seed + ", pendingWebhooks="
                + pendingWebhooks() + "}";
    }

    /** Builds a {@link MeetKitCluster}; validates each value at once. Not thread-safe. */
    public static final class Builder {

        private int instances = 2;
        private @Nullable Supplier<MeetKitStores> stores;
        private @Nullable FakeLiveKitServer fake;
        private @Nullable Supplier<? extends RecordingStorage> storage;
        private BiConsumer<Integer, MeetKit.Builder> configure = (i, b) -> {};
        private long seed = new Random().nextLong();
        private int settleRounds = DEFAULT_SETTLE_ROUNDS;
        private boolean shuffle;

        private Builder() {}

        /**
         * How many instances, default 2.
         *
         * @param n 1 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is below 1
         */
        public Builder instances(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("instances must be at least 1: " + n);
            }
            this.instances = n;
            return this;
        }

        /**
         * The stores: called once per instance, each result over the same database (for example
         * {@code () -> JdbcStores.create(dataSource)}), as each application instance builds its own.
         *
         * @param stores the supplier
         * @return this builder
         */
        public Builder stores(Supplier<? extends MeetKitStores> stores) {
            Objects.requireNonNull(stores, "stores");
            this.stores = stores::get;
            return this;
        }

        /**
         * One store object shared by every instance (for example one {@code InMemoryStores}, which only a single
         * JVM can share).
         *
         * @param shared the stores
         * @return this builder
         */
        public Builder stores(MeetKitStores shared) {
            Objects.requireNonNull(shared, "stores");
            this.stores = () -> shared;
            return this;
        }

        /**
         * The fake LiveKit every instance talks to; the cluster becomes its webhook sink.
         *
         * @param fake a started fake
         * @return this builder
         */
        public Builder liveKit(FakeLiveKitServer fake) {
            this.fake = Objects.requireNonNull(fake, "liveKit");
            return this;
        }

        /**
         * The recording storage, called once per instance (optional; without it the instances have none and
         * {@link #storageDown()} refuses).
         *
         * @param storage the supplier, for example {@code () -> s3.recordingStorage("recordings").build()}
         * @return this builder
         */
        public Builder recordingStorage(Supplier<? extends RecordingStorage> storage) {
            this.storage = Objects.requireNonNull(storage, "recordingStorage");
            return this;
        }

        /**
         * Anything else on each instance's builder (timeouts, clock, listeners, role policy), after the cluster set
         * the LiveKit URL and credentials, the stores and the storage.
         *
         * @param configure called with the instance's index and its builder
         * @return this builder
         */
        public Builder configure(BiConsumer<Integer, MeetKit.Builder> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * The seed of the webhook routing and {@link #randomInstance()}; default a random one (in every failure
         * message).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether queued webhooks are delivered in a seeded random order rather than as sent, as overlapping
         * deliveries to several instances may arrive; default {@code false}.
         *
         * @param shuffle true to shuffle
         * @return this builder
         */
        public Builder shuffleWebhooks(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * How many rounds of delivery and maintenance {@link #settle()} runs at most, default
         * {@value #DEFAULT_SETTLE_ROUNDS}.
         *
         * @param rounds 1 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code rounds} is below 1
         */
        public Builder settleRounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("settleRounds must be at least 1: " + rounds);
            }
            this.settleRounds = rounds;
            return this;
        }

        /**
         * Builds the instances and takes the fake's webhooks.
         *
         * @return the cluster
         * @throws NullPointerException if the stores or the fake were not set
         */
        public MeetKitCluster build() {
            return new MeetKitCluster(this);
        }

        @Override
        public String toString() {
            return "MeetKitCluster.Builder{instances=" + instances + ", seed=" + seed + "}";
        }
    }
}
