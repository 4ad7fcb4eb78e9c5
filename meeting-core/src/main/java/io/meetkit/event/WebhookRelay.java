package io.meetkit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetkit.meeting.Meeting;
import io.meetkit.recording.Recording;
import io.meetkit.rules.InputRules;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every {@link MeetingEvent} to the application's URLs as signed JSON, off the caller's thread: a
 * {@link MeetingEventListener} that turns MeetKit's events into webhooks, as OpenVidu Meet sends them.
 *
 * <p>Each request is {@code POST} with {@code Content-Type: application/json}, the body
 * {@code {"event": "meetingStarted", "createdAt": <epoch ms of the event>, "data": {…}}}, and the headers
 * {@value WebhookSignature#TIMESTAMP_HEADER} (send time, epoch ms) and {@value WebhookSignature#SIGNATURE_HEADER}
 * (hex HMAC-SHA256 of {@code timestamp.body}); receivers check them with {@link WebhookSignature#verify}. The data
 * never contains the meetings' role secrets.
 *
 * <p>Delivery is at most {@link Builder#maxAttempts(int)} attempts (5 by default) per URL, retried on a non-2xx answer
 * or an I/O error with exponential backoff (300 ms, 600 ms, 1.2 s, … by default). Deliveries wait in a bounded queue
 * (1,000 by default, counting scheduled retries); when it is full, new deliveries are dropped and counted
 * ({@link #dropped()}). Nothing is persisted: deliveries pending at {@link #close()} or at a crash are lost.
 *
 * <pre>{@code
 * MeetKit.builder()…relay(WebhookRelay.builder()
 *         .url(URI.create("https://app.example.com/meetkit-events"))
 *         .signingKey(System.getenv("MEETKIT_WEBHOOK_KEY"))
 *         .build())
 * }</pre>
 *
 * <p>Thread-safe. It owns daemon worker threads: {@link #close()} it (MeetKit does, for a relay given to its builder).
 */
public final class WebhookRelay implements MeetingEventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> urls;
    private final String signingKey;
    private final Clock clock;
    private final HttpClient http;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final int queueCapacity;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private WebhookRelay(Builder b) {
        this.urls = List.copyOf(b.urls);
        this.signingKey = Objects.requireNonNull(b.signingKey);
        this.clock = b.clock;
        this.http = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.requestTimeout).build();
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.requestTimeout = b.requestTimeout;
        this.queueCapacity = b.queueCapacity;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "meetkit-webhook-relay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ScheduledThreadPoolExecutor(b.workerThreads, threads);
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues the event for every URL and returns at once. When the queue is full the delivery is dropped and counted.
     * After {@link #close()} events are dropped.
     */
    @Override
    public void onEvent(MeetingEvent event) {
        Objects.requireNonNull(event, "event");
        byte[] body = body(event);
        for (URI url : urls) {
            if (pending.incrementAndGet() > queueCapacity) {
                pending.decrementAndGet();
                dropped.incrementAndGet();
                log.warn("Webhook relay queue is full ({}); dropped {} to {}", queueCapacity, event.type(), url);
                continue;
            }
            Delivery d = new Delivery(url, event.type(), body);
            try {
                executor.execute(() -> attempt(d, 1));
            } catch (RejectedExecutionException closed) {
                pending.decrementAndGet();
                dropped.incrementAndGet();
            }
        }
    }

    /** How many deliveries were dropped because the queue was full or the relay closed. */
    public long dropped() {
        return dropped.get();
    }

    /** How many deliveries a URL answered with 2xx. */
    public long delivered() {
        return delivered.get();
    }

    /** How many deliveries were given up after the last attempt. */
    public long failed() {
        return failed.get();
    }

    /** How many deliveries are queued, in flight or waiting for a retry. */
    public int pending() {
        return pending.get();
    }

    /** The URLs it posts to. */
    public List<URI> urls() {
        return urls;
    }

    /** Stops the workers, waiting up to the request timeout for requests in flight; queued deliveries are lost. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Webhook relay workers did not stop within {}", requestTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WebhookRelay{urls=" + urls + ", signingKey=****, pending=" + pending() + ", dropped=" + dropped() + "}";
    }

    private record Delivery(URI url, String type, byte[] body) {}

    private void attempt(Delivery d, int attempt) {
        boolean done;
        String problem;
        long timestamp = clock.millis();
        HttpRequest request = HttpRequest.newBuilder(d.url())
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "MeetKit")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(signingKey, timestamp, d.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            done = response.statusCode() / 100 == 2;
            problem = "HTTP " + response.statusCode();
        } catch (IOException e) {
            done = false;
            problem = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return; // closing
        }
        if (done) {
            pending.decrementAndGet();
            delivered.incrementAndGet();
            return;
        }
        if (attempt >= maxAttempts) {
            pending.decrementAndGet();
            failed.incrementAndGet();
            log.warn("Webhook {} to {} failed {} times (last: {}); giving up", d.type(), d.url(), attempt, problem);
            return;
        }
        Duration delay = backoff(attempt);
        log.debug("Webhook {} to {} failed ({}); attempt {} in {}", d.type(), d.url(), problem, attempt + 1, delay);
        try {
            executor.schedule(() -> attempt(d, attempt + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    private Duration backoff(int failedAttempts) {
        Duration d = initialBackoff.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    // ---------------------------------------------------------------- JSON

    /** The body for an event: {@code {event, createdAt, data}}. */
    static byte[] body(MeetingEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("event", event.type());
        root.put("createdAt", event.occurredAt().toEpochMilli());
        ObjectNode data = root.putObject("data");
        if (event instanceof MeetingEvent.MeetingStarted e) {
            meeting(data, e.meeting());
        } else if (event instanceof MeetingEvent.MeetingEnded e) {
            meeting(data, e.meeting());
            data.put("deleted", e.deleted());
        } else if (event instanceof MeetingEvent.ParticipantJoined e) {
            participant(data, e.meeting(), e.identity(), e.name());
        } else if (event instanceof MeetingEvent.ParticipantLeft e) {
            participant(data, e.meeting(), e.identity(), e.name());
        } else if (event instanceof MeetingEvent.RecordingStarted e) {
            recording(data, e.recording());
        } else if (event instanceof MeetingEvent.RecordingUpdated e) {
            recording(data, e.recording());
        } else if (event instanceof MeetingEvent.RecordingEnded e) {
            recording(data, e.recording());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the webhook body of " + event.type(), e);
        }
    }

    private static void meeting(ObjectNode data, Meeting m) {
        data.put("id", m.id().toString());
        data.put("roomName", m.roomName());
        data.put("title", m.title());
        data.put("createdBy", m.createdBy());
        data.put("status", m.status().name());
        data.put("endAction", m.endAction().name());
        time(data, "startedAt", m.startedAt().orElse(null));
        time(data, "endedAt", m.endedAt().orElse(null));
        ObjectNode attributes = data.putObject("attributes");
        m.attributes().forEach(attributes::put);
    }

    private static void participant(ObjectNode data, Meeting m, String identity, String name) {
        data.put("identity", identity);
        data.put("name", name);
        meeting(data.putObject("meeting"), m);
    }

    private static void recording(ObjectNode data, Recording r) {
        data.put("id", r.id().toString());
        data.put("meetingId", r.meetingId().toString());
        data.put("egressId", r.egressId().orElse(null));
        data.put("status", r.status().name());
        data.put("objectKey", r.objectKey());
        data.put("location", r.location().orElse(null));
        data.put("startedBy", r.startedBy());
        time(data, "startedAt", r.startedAt().orElse(null));
        time(data, "endedAt", r.endedAt().orElse(null));
        if (r.duration().isPresent()) {
            data.put("durationMs", r.duration().get().toMillis());
        } else {
            data.putNull("durationMs");
        }
        if (r.sizeBytes().isPresent()) {
            data.put("sizeBytes", r.sizeBytes().get());
        } else {
            data.putNull("sizeBytes");
        }
        data.put("error", r.error().orElse(null));
    }

    private static void time(ObjectNode data, String field, @Nullable Instant at) {
        if (at == null) {
            data.putNull(field);
        } else {
            data.put(field, at.toString());
        }
    }

    /**
     * Builds a {@link WebhookRelay}. Setters validate at once and name the bad value. Not thread-safe.
     */
    public static final class Builder {
        private final List<URI> urls = new ArrayList<>();
        private @Nullable String signingKey;
        private Clock clock = Clock.systemUTC();
        private @Nullable HttpClient httpClient;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(300);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private int queueCapacity = 1000;
        private int workerThreads = 1;

        private Builder() {}

        /**
         * Adds a URL to post to; at least one is required.
         *
         * @throws IllegalArgumentException unless it is an absolute http or https URL
         */
        public Builder url(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("url must be an absolute http or https URL: " + url);
            }
            urls.add(url);
            return this;
        }

        /**
         * Adds URLs to post to.
         *
         * @throws IllegalArgumentException as {@link #url(URI)}
         */
        public Builder urls(Collection<URI> urls) {
            Objects.requireNonNull(urls, "urls").forEach(this::url);
            return this;
        }

        /**
         * Sets the key of the HMAC signature. Required; at least {@value InputRules#MIN_SECRET_BYTES} bytes (UTF-8).
         * Never shown by {@code toString()}.
         *
         * @throws IllegalArgumentException if shorter
         */
        public Builder signingKey(String signingKey) {
            Objects.requireNonNull(signingKey, "signingKey");
            int bytes = signingKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (!InputRules.isLongEnoughSecret(bytes)) {
                throw new IllegalArgumentException(
                        "signingKey must be at least " + InputRules.MIN_SECRET_BYTES + " bytes, it has " + bytes);
            }
            this.signingKey = signingKey;
            return this;
        }

        /** Sets the clock of the signature timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the HTTP client (default: a new {@link HttpClient} with the request timeout as connect timeout). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Sets how many attempts a delivery gets (default 5).
         *
         * @throws IllegalArgumentException unless 1 to 20
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 20: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the wait before the second attempt (default 300 ms); each later wait doubles, up to
         * {@link #maxBackoff(Duration)}.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder initialBackoff(Duration initialBackoff) {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            if (initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must not be negative: " + initialBackoff);
            }
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Sets the longest wait between attempts (default 30 s).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxBackoff(Duration maxBackoff) {
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxBackoff.isNegative()) {
                throw new IllegalArgumentException("maxBackoff must not be negative: " + maxBackoff);
            }
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Sets the time limit of one request (default 5 s).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = InputRules.positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Sets how many deliveries may wait (default 1,000, counting scheduled retries).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * Sets the number of daemon worker threads (default 1).
         *
         * @throws IllegalArgumentException unless 1 or 2
         */
        public Builder workerThreads(int workerThreads) {
            if (workerThreads < 1 || workerThreads > 2) {
                throw new IllegalArgumentException("workerThreads must be 1 or 2: " + workerThreads);
            }
            this.workerThreads = workerThreads;
            return this;
        }

        /**
         * Builds the relay and starts its workers.
         *
         * @throws IllegalStateException if no URL or no signing key was set
         */
        public WebhookRelay build() {
            if (urls.isEmpty()) {
                throw new IllegalStateException("at least one url is required");
            }
            if (signingKey == null) {
                throw new IllegalStateException("signingKey is required");
            }
            return new WebhookRelay(this);
        }
    }
}
