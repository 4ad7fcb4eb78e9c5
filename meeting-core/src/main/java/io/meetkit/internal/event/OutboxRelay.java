package io.meetkit.internal.event;

import io.meetkit.event.EventRelay;
import io.meetkit.event.RelayEndpoint;
import io.meetkit.event.RelayOptions;
import io.meetkit.event.WebhookSignature;
import io.meetkit.maintenance.JobRun;
import io.meetkit.maintenance.MaintenanceJob;
import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.EventOutbox;
import io.meetkit.store.LeaseStore;
import io.meetkit.store.OutboxDelivery;
import io.meetkit.store.OutboxLimits;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventRelay}: delivers from the store's {@link EventOutbox}, so nothing waits in memory and nothing is
 * lost at a restart. A scheduler thread renews the lease {@value #LEASE} every poll interval (and when an event is
 * appended here); while this instance holds it, each endpoint runs rounds: move its cursor ({@link EventOutbox#enqueue}),
 * read its PENDING deliveries, post each meeting's due deliveries one after another (meetings in parallel, at most
 * {@link RelayOptions#concurrency()} requests at once), stop a meeting at its first failure, and store every outcome
 * in one batch. A failed attempt is retried after {@link RelayOptions#backoff}; the last one makes it FAILED, and
 * the meeting's later events go on.
 *
 * <p>Thread-safe. Not API: created by MeetKit's composition.
 */
public final class OutboxRelay implements EventRelay, AutoCloseable {

    /** The name of the lease whose holder delivers. */
    public static final String LEASE = "meetkit.relay";
    /** The name of the maintenance job that purges delivered events. */
    public static final String PURGE_JOB = "meetkit.outbox-purge";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_ROUNDS_PER_TICK = 1000;

    private final EventOutbox outbox;
    private final LeaseStore leases;
    private final Clock clock;
    private final RelayOptions options;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final HttpClient http;
    private final String owner = "relay-" + UUID.randomUUID();
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant leaseUntil = Instant.MIN;

    private final class Endpoint {
        final RelayEndpoint config;
        final ReentrantLock round = new ReentrantLock();
        final ExecutorService senders;

        Endpoint(RelayEndpoint config, int index) {
            this.config = config;
            AtomicInteger n = new AtomicInteger();
            this.senders = Executors.newFixedThreadPool(options.concurrency(), r -> {
                Thread t = new Thread(r, "meetkit-relay-" + index + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Creates the relay; it starts delivering when {@link #start()} is called.
     *
     * @param outbox the outbox
     * @param leases the lease store (one instance of those sharing it delivers)
     * @param clock the clock of leases, due times and signature timestamps
     * @param options the endpoints and delivery settings
     */
    public OutboxRelay(EventOutbox outbox, LeaseStore leases, Clock clock, RelayOptions options) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.requestTimeout())
                .build();
        int i = 0;
        for (RelayEndpoint e : options.endpoints()) {
            endpoints.put(e.name(), new Endpoint(e, ++i));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meetkit-relay");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic rounds (nothing to do without endpoints). */
    public void start() {
        if (endpoints.isEmpty()) {
            return;
        }
        long every = options.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Called after an event was appended here: runs a round soon instead of at the next poll. */
    public void wake() {
        if (endpoints.isEmpty() || closed.get() || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(() -> {
                wakeQueued.set(false);
                tick();
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            wakeQueued.set(false);
        }
    }

    /** The maintenance job that purges events delivered (or wanted by no endpoint) longer than the retention ago. */
    public MaintenanceJob purgeJob() {
        return new MaintenanceJob() {
            @Override
            public String name() {
                return PURGE_JOB;
            }

            @Override
            public JobRun.Result run(Instant now) {
                int purged = outbox.purge(now.minus(options.retention()));
                Set<String> unconfigured = unconfiguredEndpoints();
                if (unconfigured.isEmpty()) {
                    return new JobRun.Result(purged, "purged " + purged + " delivered event(s)");
                }
                log.warn(
                        "Endpoints {} are not configured here but keep a cursor in the outbox, which holds back the"
                                + " purge; once no instance delivers to them, call EventRelay.forgetEndpoint",
                        new TreeSet<>(unconfigured));
                return new JobRun.Result(
                        purged,
                        "purged " + purged + " delivered event(s); not configured here, holding back the purge: "
                                + new TreeSet<>(unconfigured));
            }
        };
    }

    @Override
    public List<RelayEndpoint> endpoints() {
        return endpoints.values().stream().map(e -> e.config).toList();
    }

    @Override
    public boolean delivering() {
        return clock.instant().isBefore(leaseUntil);
    }

    @Override
    public long count(String endpoint, DeliveryStatus status) {
        return outbox.count(known(endpoint), Objects.requireNonNull(status, "status"));
    }

    @Override
    public List<OutboxDelivery> deliveries(String endpoint, DeliveryStatus status, long afterPosition, int limit) {
        return outbox.deliveries(known(endpoint), status, afterPosition, limit);
    }

    @Override
    public int retryFailed(String endpoint) {
        int n = outbox.retryFailed(known(endpoint), clock.instant());
        if (n > 0) {
            wake();
        }
        return n;
    }

    @Override
    public Set<String> unconfiguredEndpoints() {
        Set<String> known = new HashSet<>(outbox.endpoints());
        known.removeAll(endpoints.keySet());
        return Set.copyOf(known);
    }

    @Override
    public boolean forgetEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoints.containsKey(endpoint)) {
            throw new IllegalArgumentException(
                    "endpoint " + endpoint + " is configured on this instance; remove it from the relay first");
        }
        boolean known = outbox.removeEndpoint(endpoint);
        if (known) {
            log.info("Forgot relay endpoint {}: its cursor and deliveries are gone from the outbox", endpoint);
        }
        return known;
    }

    @Override
    public int deliverNow() {
        if (endpoints.isEmpty() || !holdLease()) {
            return 0;
        }
        int attempted = 0;
        for (Endpoint e : endpoints.values()) {
            e.round.lock();
            try {
                attempted += round(e)[1];
            } finally {
                e.round.unlock();
            }
        }
        return attempted;
    }

    private String known(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpoints.containsKey(endpoint)) {
            throw new IllegalArgumentException(
                    "no relay endpoint is named " + endpoint + "; known: " + endpoints.keySet());
        }
        return endpoint;
    }

    private boolean holdLease() {
        Instant now = clock.instant();
        try {
            if (leases.tryAcquire(LEASE, owner, now, now.plus(options.leaseTime()))) {
                leaseUntil = now.plus(options.leaseTime());
                return true;
            }
        } catch (RuntimeException e) {
            log.warn("Relay lease renewal failed; not delivering until it works again", e);
        }
        leaseUntil = Instant.MIN;
        return false;
    }

    private void tick() {
        if (closed.get() || !holdLease()) {
            return;
        }
        for (Endpoint e : endpoints.values()) {
            if (!e.round.tryLock()) {
                continue;
            }
            try {
                for (int i = 0; i < MAX_ROUNDS_PER_TICK && !closed.get() && delivering(); i++) {
                    if (clock.instant().plus(options.leaseTime().dividedBy(2)).isAfter(leaseUntil) && !holdLease()) {
                        break;
                    }
                    int[] did = round(e);
                    if (did[0] == 0 && did[1] == 0) {
                        break;
                    }
                }
            } catch (RuntimeException x) {
                log.warn("Relay round for {} failed; the next poll tries again", e.config.name(), x);
            } finally {
                e.round.unlock();
            }
        }
    }

    /**
     * One round for one endpoint.
     *
     * @return {events queued, deliveries attempted}
     */
    private int[] round(Endpoint e) {
        RelayEndpoint ep = e.config;
        Instant now = clock.instant();
        int queued = outbox.enqueue(ep.name(), ep.eventTypes(), options.batchSize(), now);
        List<OutboxDelivery> pending = outbox.pending(ep.name(), OutboxLimits.MAX_LIMIT);
        Map<UUID, List<OutboxDelivery>> byMeeting = new LinkedHashMap<>();
        for (OutboxDelivery d : pending) {
            byMeeting
                    .computeIfAbsent(d.event().meetingId(), m -> new ArrayList<>())
                    .add(d);
        }
        ConcurrentLinkedQueue<OutboxDelivery> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger budget = new AtomicInteger(options.batchSize());
        List<Callable<Void>> chains = new ArrayList<>();
        for (List<OutboxDelivery> chain : byMeeting.values()) {
            if (chain.get(0).nextAttemptAt().isAfter(now)) {
                continue; // its first undelivered event waits for a retry; the later ones wait behind it
            }
            chains.add(() -> {
                for (OutboxDelivery d : chain) {
                    if (d.nextAttemptAt().isAfter(now) || closed.get() || budget.getAndDecrement() <= 0) {
                        return null;
                    }
                    OutboxDelivery outcome = attempt(ep, d);
                    outcomes.add(outcome);
                    if (outcome.status() == DeliveryStatus.PENDING) {
                        return null; // order per meeting: the rest waits for this one
                    }
                }
                return null;
            });
        }
        if (!chains.isEmpty()) {
            try {
                for (Future<Void> f : e.senders.invokeAll(chains)) {
                    f.get();
                }
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException x) {
                log.warn("Relay delivery to {} failed", ep.name(), x.getCause());
            }
        }
        List<OutboxDelivery> changed = new ArrayList<>(outcomes);
        outbox.update(changed, clock.instant());
        return new int[] {queued, changed.size()};
    }

    private OutboxDelivery attempt(RelayEndpoint ep, OutboxDelivery d) {
        byte[] body = EventJson.envelope(d.event());
        long timestamp = clock.millis();
        int attempts = d.attempts() + 1;
        String problem;
        try {
            HttpRequest request = HttpRequest.newBuilder(ep.url())
                    .timeout(options.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "MeetKit")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(
                            WebhookSignature.SIGNATURE_HEADER,
                            WebhookSignature.sign(ep.signingSecret(), timestamp, body))
                    .header(WebhookSignature.EVENT_ID_HEADER, d.event().id().toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return d.with(DeliveryStatus.DELIVERED, attempts, clock.instant(), null);
            }
            problem = "HTTP " + response.statusCode();
        } catch (IOException x) {
            problem = x.getClass().getSimpleName() + (x.getMessage() == null ? "" : ": " + x.getMessage());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (attempts >= options.maxAttempts()) {
            log.warn(
                    "Event {} ({}) to {} failed {} times (last: {}); FAILED",
                    d.event().id(),
                    d.event().type(),
                    ep.name(),
                    attempts,
                    problem);
            return d.with(DeliveryStatus.FAILED, attempts, clock.instant(), problem);
        }
        return d.with(DeliveryStatus.PENDING, attempts, clock.instant().plus(options.backoff(attempts)), problem);
    }

    /** Stops the rounds, waits for requests in flight (up to the request timeout) and releases the lease. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdown();
        endpoints.values().forEach(e -> e.senders.shutdown());
        try {
            long wait = options.requestTimeout().toMillis() + 1000;
            scheduler.awaitTermination(wait, TimeUnit.MILLISECONDS);
            for (Endpoint e : endpoints.values()) {
                e.senders.awaitTermination(wait, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            leases.release(LEASE, owner);
        } catch (RuntimeException e) {
            log.warn("Releasing the relay lease failed; another instance takes over when it expires", e);
        }
        leaseUntil = Instant.MIN;
    }

    @Override
    public String toString() {
        return "OutboxRelay{endpoints=" + endpoints.keySet() + ", delivering=" + delivering() + "}";
    }
}
