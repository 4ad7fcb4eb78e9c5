package io.meetkit.event;

import io.meetkit.rules.InputRules;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One place the {@link EventRelay} posts events to: a name (the key of its deliveries in the store, so keep it when
 * the URL changes), an http(s) URL, the secret its requests are signed with ({@link WebhookSignature}), and the event
 * types it wants (all by default).
 *
 * <pre>{@code
 * RelayEndpoint.builder("billing", URI.create("https://billing.example.com/meetkit-events"))
 *         .signingSecret(System.getenv("BILLING_WEBHOOK_SECRET"))
 *         .eventTypes("meetingStarted", "meetingEnded")
 *         .build()
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the secret.
 */
public final class RelayEndpoint {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final String name;
    private final URI url;
    private final String signingSecret;
    private final Set<String> eventTypes;

    private RelayEndpoint(Builder b) {
        this.name = b.name;
        this.url = b.url;
        this.signingSecret = Objects.requireNonNull(b.signingSecret);
        this.eventTypes = Set.copyOf(b.eventTypes);
    }

    /**
     * Returns a builder.
     *
     * @param name 1 to 100 letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit
     * @param url an absolute http or https URL
     * @return the builder
     * @throws IllegalArgumentException if the name or URL is not valid
     */
    public static Builder builder(String name, URI url) {
        return new Builder(name, url);
    }

    /** The endpoint's name. */
    public String name() {
        return name;
    }

    /** Where events are posted. */
    public URI url() {
        return url;
    }

    /** The key of the signature (keep it out of logs). */
    public String signingSecret() {
        return signingSecret;
    }

    /** The event types it wants; empty for all. */
    public Set<String> eventTypes() {
        return eventTypes;
    }

    /** Whether it wants events of this type. */
    public boolean wants(String type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }

    @Override
    public String toString() {
        return "RelayEndpoint{name=" + name + ", url=" + url + ", signingSecret=****, eventTypes=" + eventTypes + "}";
    }

    /** Builds a {@link RelayEndpoint}; setters validate at once and name the bad value. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final URI url;
        private @Nullable String signingSecret;
        private final Set<String> eventTypes = new LinkedHashSet<>();

        private Builder(String name, URI url) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "name must be 1 to 100 of [A-Za-z0-9._-], starting with a letter" + " or digit: " + name);
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("url must be an absolute http or https URL: " + url);
            }
            this.name = name;
            this.url = url;
        }

        /**
         * Sets the key of the HMAC signature. Required; at least {@value InputRules#MIN_SECRET_BYTES} bytes (UTF-8).
         *
         * @throws IllegalArgumentException if shorter
         */
        public Builder signingSecret(String signingSecret) {
            Objects.requireNonNull(signingSecret, "signingSecret");
            int bytes = signingSecret.getBytes(StandardCharsets.UTF_8).length;
            if (!InputRules.isLongEnoughSecret(bytes)) {
                throw new IllegalArgumentException(
                        "signingSecret must be at least " + InputRules.MIN_SECRET_BYTES + " bytes, it has " + bytes);
            }
            this.signingSecret = signingSecret;
            return this;
        }

        /**
         * Adds event types the endpoint wants (default: all of {@link MeetingEvent#TYPES}).
         *
         * @throws IllegalArgumentException if a type is not one of {@link MeetingEvent#TYPES}
         */
        public Builder eventTypes(String... types) {
            return eventTypes(Set.of(types));
        }

        /**
         * Adds event types the endpoint wants (default: all).
         *
         * @throws IllegalArgumentException if a type is not one of {@link MeetingEvent#TYPES}
         */
        public Builder eventTypes(java.util.Collection<String> types) {
            Objects.requireNonNull(types, "types");
            for (String t : types) {
                if (!MeetingEvent.TYPES.contains(Objects.requireNonNull(t, "type"))) {
                    throw new IllegalArgumentException(
                            "eventTypes must be of " + new java.util.TreeSet<>(MeetingEvent.TYPES) + ": " + t);
                }
            }
            eventTypes.addAll(types);
            return this;
        }

        /**
         * Builds the endpoint.
         *
         * @throws IllegalStateException if no signing secret was set
         */
        public RelayEndpoint build() {
            if (signingSecret == null) {
                throw new IllegalStateException("signingSecret of endpoint " + name + " is required");
            }
            return new RelayEndpoint(this);
        }
    }
}
