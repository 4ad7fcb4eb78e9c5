package io.meetkit.testkit.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.meetkit.testkit.SentWebhook;
import io.meetkit.testkit.WebhookOrder;
import io.meetkit.testkit.WebhookSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;

/**
 * Signs and delivers webhook events like LiveKit ({@code protocol/webhook}): the body is protojson of
 * {@code WebhookEvent}, the {@code Authorization} header a raw HS256 JWT ({@code iss} = API key, {@code nbf}/{@code
 * iat} = now, {@code exp} = now + 5 min, {@code sha256} = base64 SHA-256 of the body), {@code Content-Type:
 * application/webhook+json}. Delivers to an in-process sink (synchronously by default) and/or POSTs to a URL (on a
 * single background thread, in order). Can hold events and release them reordered, and deliver each twice.
 *
 * <p>Thread-safe.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final Duration TOKEN_TTL = Duration.ofMinutes(5);

    private final String apiKey;
    private final String apiSecret;
    private final Clock clock;
    private final ExecutorService background;
    private final HttpClient http;

    private volatile @Nullable WebhookSink sink;
    private volatile @Nullable URI url;
    private volatile boolean asyncSink;
    private volatile boolean deliverTwice;
    private volatile long shuffleSeed;

    private final Object lock = new Object();
    private boolean holding;
    private final List<WebhookEvent> held = new ArrayList<>();
    private final List<SentWebhook> sent = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    /**
     * Creates a dispatcher.
     *
     * @param apiKey      the API key ({@code iss})
     * @param apiSecret   the API secret (HMAC key)
     * @param clock       the clock for token times
     * @param sink        the in-process sink, or null
     * @param url         the URL to POST to, or null
     * @param asyncSink   whether the sink is called on the background thread instead of the caller's
     * @param shuffleSeed the seed for {@link WebhookOrder#SHUFFLED}
     */
    public WebhookDispatcher(
            String apiKey,
            String apiSecret,
            Clock clock,
            @Nullable WebhookSink sink,
            @Nullable URI url,
            boolean asyncSink,
            long shuffleSeed) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = sink;
        this.url = url;
        this.asyncSink = asyncSink;
        this.shuffleSeed = shuffleSeed;
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-livekit-webhooks");
            t.setDaemon(true);
            return t;
        });
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** @param sink the new sink, or null for none */
    public void sink(@Nullable WebhookSink sink) {
        this.sink = sink;
    }

    /** @param url the new URL, or null for none */
    public void url(@Nullable URI url) {
        this.url = url;
    }

    /** @return the URL webhooks are POSTed to, or null */
    public @Nullable URI url() {
        return url;
    }

    /** @param async whether the sink runs on the background thread */
    public void asyncSink(boolean async) {
        this.asyncSink = async;
    }

    /** @param twice whether every event is delivered twice */
    public void deliverTwice(boolean twice) {
        this.deliverTwice = twice;
    }

    /** @param seed the seed for shuffled release */
    public void shuffleSeed(long seed) {
        this.shuffleSeed = seed;
    }

    /**
     * Starts or stops holding events; stopping does not release what is held.
     *
     * @param hold whether new events are held
     */
    public void hold(boolean hold) {
        synchronized (lock) {
            this.holding = hold;
        }
    }

    /** @return the held events, oldest first */
    public List<WebhookEvent> held() {
        synchronized (lock) {
            return List.copyOf(held);
        }
    }

    /**
     * Stops holding and delivers the held events in the given order.
     *
     * @param order the order
     * @return how many events were released
     */
    public int release(WebhookOrder order) {
        List<WebhookEvent> batch;
        synchronized (lock) {
            holding = false;
            batch = new ArrayList<>(held);
            held.clear();
        }
        switch (order) {
            case REVERSED:
                Collections.reverse(batch);
                break;
            case SHUFFLED:
                Collections.shuffle(batch, new Random(shuffleSeed));
                break;
            default:
                break;
        }
        for (WebhookEvent e : batch) {
            deliver(e);
        }
        return batch.size();
    }

    /**
     * Publishes events: holds them, or delivers them now.
     *
     * @param events the events, in the order they happened
     */
    public void publish(List<WebhookEvent> events) {
        for (WebhookEvent e : events) {
            synchronized (lock) {
                if (holding) {
                    held.add(e);
                    continue;
                }
            }
            deliver(e);
        }
    }

    private void deliver(WebhookEvent event) {
        byte[] body;
        try {
            body = PRINTER.print(event).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print webhook event", e);
        }
        int times = deliverTwice ? 2 : 1;
        for (int i = 0; i < times; i++) {
            String authorization = token(body);
            synchronized (lock) {
                sent.add(new SentWebhook(event, body, authorization));
            }
            WebhookSink s = sink;
            if (s != null) {
                if (asyncSink) {
                    background.execute(() -> callSink(s, body, authorization));
                } else {
                    callSink(s, body, authorization);
                }
            }
            URI target = url;
            if (target != null) {
                background.execute(() -> post(target, body, authorization));
            }
        }
    }

    private void callSink(WebhookSink s, byte[] body, String authorization) {
        try {
            s.receive(body.clone(), authorization);
        } catch (Exception | AssertionError e) {
            LOG.log(System.Logger.Level.WARNING, "webhook sink failed", e);
            synchronized (lock) {
                errors.add(e);
            }
        }
    }

    private void post(URI target, byte[] body, String authorization) {
        try {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/webhook+json")
                    .header("Authorization", authorization)
                    .header("User-Agent", "LiveKit")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                throw new IOException("webhook POST to " + target + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "webhook POST failed", e);
            synchronized (lock) {
                errors.add(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The Authorization value for a body: a JWT with the body's SHA-256.
     *
     * @param body the body bytes
     * @return the compact JWT
     */
    public String token(byte[] body) {
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JsonNodeFactory.instance
                .objectNode()
                .put("iss", apiKey)
                .put("nbf", now)
                .put("iat", now)
                .put("exp", now + TOKEN_TTL.getSeconds())
                .put("sha256", Base64.getEncoder().encodeToString(sha256(body)));
        return IndependentJwtCodec.sign(claims, apiSecret);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** @return every delivery made so far, oldest first */
    public List<SentWebhook> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** @return sink exceptions and failed HTTP deliveries so far */
    public List<Throwable> errors() {
        synchronized (lock) {
            return List.copyOf(errors);
        }
    }

    /**
     * Waits until every background delivery queued so far has run.
     *
     * @param timeout how long to wait at most
     * @return true if they all ran, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitBackground(Duration timeout) throws InterruptedException {
        Future<?> marker = background.submit(() -> {});
        try {
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets held and sent events and errors, and restores the switches (twice, hold) to off. */
    public void reset() {
        synchronized (lock) {
            holding = false;
            held.clear();
            sent.clear();
            errors.clear();
        }
        deliverTwice = false;
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
