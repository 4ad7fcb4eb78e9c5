package io.meetkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meetkit.event.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP endpoint for MeetKit's event relay, for tests and for trying the relay out: it checks each request's
 * {@link WebhookSignature}, answers as told (2xx by default, or a failure for the next requests or for all), and keeps
 * what it accepted, with the receiver-side dedupe by event id that docs/durable-events.md describes.
 *
 * <pre>{@code
 * try (EventReceiver receiver = EventReceiver.start(secret)) {
 *     RelayEndpoint ep = RelayEndpoint.builder("test", receiver.url()).signingSecret(secret).build();
 *     …
 *     await().until(() -> receiver.unique().size() == 3);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops its server.
 */
public final class EventReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // as FakeLiveKitServer: without TCP_NODELAY every other answer waits ~40 ms for a delayed ACK
        if (System.getProperty(FakeLiveKitServer.NODELAY_PROPERTY) == null) {
            System.setProperty(FakeLiveKitServer.NODELAY_PROPERTY, "true");
        }
    }

    /**
     * One accepted request.
     *
     * @param id the envelope's event id
     * @param type the event type
     * @param meetingId the meeting
     * @param sequence the per-meeting sequence
     * @param position the outbox position
     * @param body the raw body
     */
    public record Received(UUID id, String type, UUID meetingId, long sequence, long position, String body) {
        /** The body's {@code data} object, parsed. */
        public JsonNode data() {
            try {
                return JSON.readTree(body).get("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String signingSecret;
    private final Clock clock;
    private final Duration tolerance;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Object lock = new Object();
    private final List<Received> received = new ArrayList<>();
    private final Map<UUID, Received> unique = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private int failNext;
    private int failStatus = 503;
    private int status = 204;

    private EventReceiver(String signingSecret, Clock clock, Duration tolerance) throws IOException {
        this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "event-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a receiver on a free loopback port that checks signatures with the system clock (2 minutes' tolerance).
     *
     * @param signingSecret the endpoint's signing secret
     * @return the running receiver
     */
    public static EventReceiver start(String signingSecret) {
        return start(signingSecret, Clock.systemUTC(), Duration.ofMinutes(2));
    }

    /**
     * Starts a receiver on a free loopback port.
     *
     * @param signingSecret the endpoint's signing secret
     * @param clock the clock its signature check uses (the relay's, in a test with a controlled clock)
     * @param tolerance how far a request's timestamp may be from the clock
     * @return the running receiver
     * @throws UncheckedIOException if no port can be opened
     */
    public static EventReceiver start(String signingSecret, Clock clock, Duration tolerance) {
        try {
            return new EventReceiver(signingSecret, clock, tolerance);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the event receiver", e);
        }
    }

    /** The URL to give the relay endpoint. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    /** Answers the next {@code count} correctly signed requests with {@code status} instead of accepting them. */
    public void failNext(int count, int status) {
        synchronized (lock) {
            this.failNext = count;
            this.failStatus = status;
        }
    }

    /** Answers every request with {@code status} from now on (for example 503: an endpoint that is down). */
    public void respondWith(int status) {
        synchronized (lock) {
            this.status = status;
            this.failNext = 0;
        }
    }

    /** Every request it accepted (2xx), duplicates included, in arrival order. */
    public List<Received> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /** What it accepted, deduped by event id (the first of each), in arrival order. */
    public List<Received> unique() {
        synchronized (lock) {
            return List.copyOf(unique.values());
        }
    }

    /** How many requests arrived, whatever it answered. */
    public int requests() {
        return requests.get();
    }

    /** How many requests had a missing or wrong signature (answered 401). */
    public int badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            requests.incrementAndGet();
            String ts = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
            String sig = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
            if (!"POST".equals(exchange.getRequestMethod())
                    || !WebhookSignature.verify(signingSecret, body, ts, sig, clock, tolerance)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            int answer;
            synchronized (lock) {
                if (failNext > 0) {
                    failNext--;
                    answer = failStatus;
                } else {
                    answer = status;
                }
                if (answer / 100 == 2) {
                    JsonNode e = JSON.readTree(body);
                    Received r = new Received(
                            UUID.fromString(e.get("id").asText()),
                            e.get("event").asText(),
                            UUID.fromString(e.get("meetingId").asText()),
                            e.get("sequence").asLong(),
                            e.get("position").asLong(),
                            new String(body, StandardCharsets.UTF_8));
                    received.add(r);
                    unique.putIfAbsent(r.id(), r);
                }
            }
            exchange.sendResponseHeaders(answer, -1);
        }
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
