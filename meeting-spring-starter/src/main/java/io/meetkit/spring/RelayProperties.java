package io.meetkit.spring;

import io.meetkit.event.RelayEndpoint;
import io.meetkit.event.RelayOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code meetkit.relay.*}: the endpoints MeetKit's event relay posts to, from the store's outbox, and how. Every
 * default is core's {@code RelayOptions.DEFAULT_*}. With no endpoint nothing is posted; events are still kept for the
 * changes feed and purged after {@code retention}.
 *
 * <pre>
 * meetkit.relay.endpoints[0].name=billing
 * meetkit.relay.endpoints[0].url=https://billing.example.com/meetkit-events
 * meetkit.relay.endpoints[0].signing-secret=${BILLING_WEBHOOK_SECRET}
 * meetkit.relay.endpoints[0].event-types=meetingStarted,meetingEnded
 * </pre>
 *
 * <p>Values are checked when the MeetKit bean is built ({@link #toOptions()}), with the property named. Not
 * thread-safe (bound once at start-up).
 */
public class RelayProperties {

    /** The endpoints, each with a name, URL, signing secret and optional event types. */
    private List<Endpoint> endpoints = new ArrayList<>();

    /** Attempts per event and endpoint before the delivery is FAILED. */
    private int maxAttempts = RelayOptions.DEFAULT_MAX_ATTEMPTS;

    /** The wait before the second attempt; each later wait doubles. */
    private Duration initialBackoff = RelayOptions.DEFAULT_INITIAL_BACKOFF;

    /** The longest wait between attempts. */
    private Duration maxBackoff = RelayOptions.DEFAULT_MAX_BACKOFF;

    /** The time limit of one request. */
    private Duration requestTimeout = RelayOptions.DEFAULT_REQUEST_TIMEOUT;

    /** How long the delivering instance holds the relay lease without renewing it. */
    private Duration leaseTime = RelayOptions.DEFAULT_LEASE_TIME;

    /** How often the relay looks for events other instances appended. */
    private Duration pollInterval = RelayOptions.DEFAULT_POLL_INTERVAL;

    /** Events per round and endpoint. */
    private int batchSize = RelayOptions.DEFAULT_BATCH_SIZE;

    /** Requests per endpoint in flight at once. */
    private int concurrency = RelayOptions.DEFAULT_CONCURRENCY;

    /** How long delivered events are kept before the maintenance job purges them. */
    private Duration retention = RelayOptions.DEFAULT_RETENTION;

    /** Creates the defaults: no endpoint. */
    public RelayProperties() {}

    /**
     * The relay options these properties describe.
     *
     * @throws MeetKitConfigurationException naming the property when a value is bad or missing
     */
    public RelayOptions toOptions() {
        RelayOptions.Builder b = RelayOptions.builder();
        apply("meetkit.relay.max-attempts", () -> b.maxAttempts(maxAttempts));
        apply("meetkit.relay.initial-backoff", () -> b.initialBackoff(initialBackoff));
        apply("meetkit.relay.max-backoff", () -> b.maxBackoff(maxBackoff));
        apply("meetkit.relay.request-timeout", () -> b.requestTimeout(requestTimeout));
        apply("meetkit.relay.lease-time", () -> b.leaseTime(leaseTime));
        apply("meetkit.relay.poll-interval", () -> b.pollInterval(pollInterval));
        apply("meetkit.relay.batch-size", () -> b.batchSize(batchSize));
        apply("meetkit.relay.concurrency", () -> b.concurrency(concurrency));
        apply("meetkit.relay.retention", () -> b.retention(retention));
        for (int i = 0; i < endpoints.size(); i++) {
            String p = "meetkit.relay.endpoints[" + i + "]";
            Endpoint e = endpoints.get(i);
            if (e.getName() == null || e.getUrl() == null || e.getSigningSecret() == null) {
                throw new MeetKitConfigurationException(
                        p + " needs a name, a url and a signing-secret",
                        "Set " + p + ".name, " + p + ".url and " + p + ".signing-secret.",
                        null);
            }
            apply(
                    p,
                    () -> b.endpoint(RelayEndpoint.builder(e.getName(), e.getUrl())
                            .signingSecret(e.getSigningSecret())
                            .eventTypes(e.getEventTypes())
                            .build()));
        }
        try {
            return b.build();
        } catch (IllegalStateException x) {
            throw new MeetKitConfigurationException(
                    "meetkit.relay: " + x.getMessage(), "Fix the meetkit.relay settings named.", x);
        }
    }

    private static void apply(String property, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException x) {
            throw new MeetKitConfigurationException(
                    property + ": " + x.getMessage(), "Fix " + property + " (see docs/durable-events.md).", x);
        }
    }

    /** Returns the endpoints. */
    public List<Endpoint> getEndpoints() {
        return endpoints;
    }

    /** Sets the endpoints. */
    public void setEndpoints(List<Endpoint> endpoints) {
        this.endpoints = new ArrayList<>(endpoints);
    }

    /** Returns the attempts per event and endpoint. */
    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** Sets the attempts per event and endpoint. */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** Returns the first backoff. */
    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    /** Sets the first backoff. */
    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    /** Returns the longest backoff. */
    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    /** Sets the longest backoff. */
    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    /** Returns the request timeout. */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /** Sets the request timeout. */
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** Returns the lease time. */
    public Duration getLeaseTime() {
        return leaseTime;
    }

    /** Sets the lease time. */
    public void setLeaseTime(Duration leaseTime) {
        this.leaseTime = leaseTime;
    }

    /** Returns the poll interval. */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** Sets the poll interval. */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** Returns the batch size. */
    public int getBatchSize() {
        return batchSize;
    }

    /** Sets the batch size. */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Returns the concurrency. */
    public int getConcurrency() {
        return concurrency;
    }

    /** Sets the concurrency. */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /** Returns the retention of delivered events. */
    public Duration getRetention() {
        return retention;
    }

    /** Sets the retention of delivered events. */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /** {@code meetkit.relay.endpoints[n].*}: one endpoint. Not thread-safe. */
    public static class Endpoint {

        /** The endpoint's name: the key of its deliveries in the store (keep it when the URL changes). */
        private @Nullable String name;

        /** Where events are posted (http or https). */
        private @Nullable URI url;

        /** The HMAC key of its signature, at least 32 bytes. */
        private @Nullable String signingSecret;

        /** The event types it wants; empty for all. */
        private List<String> eventTypes = new ArrayList<>();

        /** Creates an empty endpoint. */
        public Endpoint() {}

        /** Returns the name. */
        public @Nullable String getName() {
            return name;
        }

        /** Sets the name. */
        public void setName(String name) {
            this.name = name;
        }

        /** Returns the URL. */
        public @Nullable URI getUrl() {
            return url;
        }

        /** Sets the URL. */
        public void setUrl(URI url) {
            this.url = url;
        }

        /** Returns the signing secret. */
        public @Nullable String getSigningSecret() {
            return signingSecret;
        }

        /** Sets the signing secret. */
        public void setSigningSecret(String signingSecret) {
            this.signingSecret = signingSecret;
        }

        /** Returns the event types. */
        public List<String> getEventTypes() {
            return eventTypes;
        }

        /** Sets the event types. */
        public void setEventTypes(List<String> eventTypes) {
            this.eventTypes = new ArrayList<>(eventTypes);
        }

        @Override
        public String toString() {
            return "Endpoint{name=" + name + ", url=" + url + ", signingSecret=****, eventTypes=" + eventTypes + "}";
        }
    }
}
