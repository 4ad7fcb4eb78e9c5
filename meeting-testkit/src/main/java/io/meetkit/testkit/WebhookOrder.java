package io.meetkit.testkit;

/**
 * The order in which {@link FakeLiveKitServer#releaseHeldWebhooks(WebhookOrder)} delivers held webhooks.
 */
public enum WebhookOrder {
    /** In the order the events happened. */
    AS_HAPPENED,
    /** Last event first. */
    REVERSED,
    /** A random order, reproducible: shuffled with a {@code java.util.Random} seeded by the server's shuffle seed. */
    SHUFFLED
}
