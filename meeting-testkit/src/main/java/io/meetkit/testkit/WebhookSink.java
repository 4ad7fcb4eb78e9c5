package io.meetkit.testkit;

/**
 * Receives the webhooks a {@link FakeLiveKitServer} sends, in process, exactly as an HTTP endpoint would receive
 * them: the raw body bytes ({@code application/webhook+json}, protojson of {@code livekit.WebhookEvent}) and the
 * {@code Authorization} header value (a JWT without {@code Bearer }).
 *
 * <p>By default it is called synchronously on the thread that caused the event (the test thread for
 * {@code joinParticipant}, the server's HTTP worker for RPCs, before the RPC's response is written, the egress
 * scheduler for egress transitions). Implementations must be thread-safe if RPCs run concurrently. An exception it
 * throws is caught, recorded in {@link FakeLiveKitServer#webhookDeliveryErrors()} and does not fail the RPC.
 */
@FunctionalInterface
public interface WebhookSink {

    /**
     * Receives one delivery.
     *
     * @param body          the raw body bytes; the sink owns this array
     * @param authorization the {@code Authorization} header value, a JWT signed with the API secret
     * @throws Exception anything; it is recorded, not propagated
     */
    void receive(byte[] body, String authorization) throws Exception;
}
