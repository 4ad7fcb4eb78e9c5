package io.meetkit.event;

import io.meetkit.rules.InputRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the {@link EventRelay} delivers MeetKit's events from the store's outbox: the endpoints, the attempts and
 * their backoff, the relay lease, and how long delivered events are kept. Give it to {@code
 * MeetKit.builder().relay(...)}; every default is a {@code DEFAULT_*} constant here.
 *
 * <p>Immutable and thread-safe.
 */
public final class RelayOptions {

    /** Attempts per event and endpoint before the delivery is FAILED. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** The wait before the second attempt; each later wait doubles. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** The longest wait between attempts. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
    /** The time limit of one request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long the instance that delivers holds the relay lease without renewing it. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);
    /** How often the relay looks for new events written by other instances (its own wake it at once). */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** How many events one round reads and delivers per endpoint. */
    public static final int DEFAULT_BATCH_SIZE = 200;
    /** How many requests per endpoint may be in flight at once (each meeting's events go one after another). */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** How long delivered events stay in the outbox (and the changes feed) before the maintenance job purges them. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final List<RelayEndpoint> endpoints;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Duration leaseTime;
    private final Duration pollInterval;
    private final int batchSize;
    private final int concurrency;
    private final Duration retention;

    private RelayOptions(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.requestTimeout = b.requestTimeout;
        this.leaseTime = b.leaseTime;
        this.pollInterval = b.pollInterval;
        this.batchSize = b.batchSize;
        this.concurrency = b.concurrency;
        this.retention = b.retention;
    }

    /** Returns a builder with every default set and no endpoint. */
    public static Builder builder() {
        return new Builder();
    }

    /** No endpoint: events are kept in the outbox (the changes feed) and purged after the default retention. */
    public static RelayOptions none() {
        return new Builder().build();
    }

    /** The endpoints. */
    public List<RelayEndpoint> endpoints() {
        return endpoints;
    }

    /** Attempts per event and endpoint. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the second attempt. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest wait between attempts. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The time limit of one request. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long the relay lease lasts. */
    public Duration leaseTime() {
        return leaseTime;
    }

    /** How often the relay looks for new events. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Events per round and endpoint. */
    public int batchSize() {
        return batchSize;
    }

    /** Requests in flight per endpoint. */
    public int concurrency() {
        return concurrency;
    }

    /** How long delivered events are kept. */
    public Duration retention() {
        return retention;
    }

    /**
     * The wait after {@code failedAttempts} failed attempts: the initial backoff doubled for each earlier failure, at
     * most the max backoff.
     */
    public Duration backoff(int failedAttempts) {
        Duration d = initialBackoff.multipliedBy(1L << Math.min(Math.max(failedAttempts - 1, 0), 30));
        return d.compareTo(maxBackoff) > 0 || d.isNegative() ? maxBackoff : d;
    }

    @Override
    public String toString() {
        return "RelayOptions{endpoints=" + endpoints + ", maxAttempts=" + maxAttempts + ", retention=" + retention
                + "}";
    }

    /** Builds {@link RelayOptions}; setters validate at once and name the bad value. Not thread-safe. */
    public static final class Builder {
        private final List<RelayEndpoint> endpoints = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration leaseTime = DEFAULT_LEASE_TIME;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration retention = DEFAULT_RETENTION;

        private Builder() {}

        /**
         * Adds an endpoint.
         *
         * @throws IllegalArgumentException if another endpoint has its name
         */
        public Builder endpoint(RelayEndpoint endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (!names.add(endpoint.name())) {
                throw new IllegalArgumentException("endpoint names must be unique: " + endpoint.name());
            }
            endpoints.add(endpoint);
            return this;
        }

        /**
         * Sets the attempts per event and endpoint (default {@value #DEFAULT_MAX_ATTEMPTS}).
         *
         * @throws IllegalArgumentException unless 1 to 100
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 100: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the wait before the second attempt (default 1 s).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = InputRules.positive(initialBackoff, "initialBackoff");
            return this;
        }

        /**
         * Sets the longest wait between attempts (default 10 minutes).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = InputRules.positive(maxBackoff, "maxBackoff");
            return this;
        }

        /**
         * Sets the time limit of one request (default 10 s).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = InputRules.positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Sets how long the relay lease lasts (default 30 s); it is renewed every poll, so it must be longer than
         * the poll interval ({@link #build()} checks).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = InputRules.positive(leaseTime, "leaseTime");
            return this;
        }

        /**
         * Sets how often the relay looks for events other instances appended (default 500 ms).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = InputRules.positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * Sets how many events one round reads and delivers per endpoint (default {@value #DEFAULT_BATCH_SIZE}).
         *
         * @throws IllegalArgumentException unless 1 to 1,000
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("batchSize must be 1 to 1000: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how many requests per endpoint may be in flight (default {@value #DEFAULT_CONCURRENCY}).
         *
         * @throws IllegalArgumentException unless 1 to 64
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency must be 1 to 64: " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Sets how long delivered events are kept (default 7 days).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder retention(Duration retention) {
            this.retention = InputRules.positive(retention, "retention");
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalStateException if the lease time is not longer than the poll interval, or the max backoff
         *     shorter than the initial one
         */
        public RelayOptions build() {
            if (leaseTime.compareTo(pollInterval.multipliedBy(2)) < 0) {
                throw new IllegalStateException(
                        "leaseTime (" + leaseTime + ") must be at least twice pollInterval (" + pollInterval + ")");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("maxBackoff (" + maxBackoff + ") must not be shorter than"
                        + " initialBackoff (" + initialBackoff + ")");
            }
            return new RelayOptions(this);
        }
    }
}
