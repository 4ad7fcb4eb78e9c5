package io.meetkit.livekit;

import io.meetkit.MeetingException;
import io.meetkit.WebhookRejectedException;
import java.io.InputStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Receives LiveKit webhooks and makes MeetKit's state follow them: {@code room_started} makes the meeting ACTIVE,
 * {@code room_finished} applies its end action and frees its names, {@code participant_left} and
 * {@code participant_connection_aborted} free that participant's name (not when LiveKit replaced the connection by a
 * new one with the same identity, {@code DUPLICATE_IDENTITY}), {@code egress_*} go to the recordings
 * component; the application's {@link io.meetkit.event.MeetingEventListener}s hear about each change after it is
 * stored.
 *
 * <p>Get it from {@code MeetKit.webhooks()} and call it from the HTTP endpoint LiveKit posts to, with the raw body
 * and the {@code Authorization} header:
 * <pre>{@code
 * try {
 *     WebhookOutcome outcome = kit.webhooks().handle(requestBodyStream, request.getHeader("Authorization"));
 *     return 200;
 * } catch (WebhookRejectedException e) {
 *     return e.reason().authentication() ? 401 : (e.reason() == Reason.BODY_TOO_LARGE ? 413 : 400);
 * }
 * }</pre>
 *
 * <p>Before the body is parsed, the header must hold a raw (no {@code Bearer }) HS256 JWT signed with the API secret,
 * issued by the API key, with {@code exp} within the clock skew (60 s by default, as LiveKit's server allows) and a
 * {@code sha256} claim equal to base64(SHA-256(raw body)), compared in constant time; a body over the limit (1 MiB by
 * default) is refused unread. The body is then parsed as protojson {@code WebhookEvent}, tolerantly (unknown fields
 * ignored; camelCase and snake_case names). Each event id is handled once ({@link io.meetkit.store.WebhookEventLog},
 * kept for {@link #EVENT_ID_TTL}); an id is recorded only with or after its event's change: a participant event's
 * id, change and outbox event commit in one transaction where the store is transactional (JDBC), the other events'
 * ids after their change, so a delivery that failed at any point (the store dropping half-way included) leaves
 * nothing recorded and LiveKit's redelivery is processed. Two deliveries of one participant event at once: one
 * applies it and the other is answered {@link WebhookOutcome.Status#DUPLICATE}; of other events both may apply it,
 * which the idempotent transitions make harmless. Events of rooms that are no meeting's are reported {@link WebhookOutcome.Status#NOT_OURS} and change
 * nothing. Order does not matter: transitions are monotonic per room session (sid and event time).
 *
 * <p>Thread-safe; one instance per MeetKit.
 */
public interface LiveKitWebhooks {

    /** The default body limit: 1 MiB. */
    int DEFAULT_BODY_LIMIT = 1024 * 1024;

    /**
     * How long event ids are remembered: well beyond LiveKit's replay window (a webhook token lives 5 minutes, plus
     * the clock skew) and its retry schedule.
     */
    Duration EVENT_ID_TTL = Duration.ofHours(1);

    /** The largest body accepted, in bytes. */
    int bodyLimit();

    /** The clock skew allowed between LiveKit's clock and ours. */
    Duration clockSkew();

    /**
     * Reads the body from {@code body} (at most {@link #bodyLimit()} + 1 bytes; the stream is not closed) and handles
     * it as {@link #handle(byte[], String)} does.
     *
     * @param body the request body stream, exactly as received
     * @param authorizationHeader the {@code Authorization} header, or {@code null} if there is none
     * @throws WebhookRejectedException {@code BODY_TOO_LARGE} as soon as the limit is passed,
     *     {@code MALFORMED_BODY} if the stream fails, and every reason of {@link #handle(byte[], String)}
     */
    WebhookOutcome handle(InputStream body, @Nullable String authorizationHeader);

    /**
     * Verifies, deduplicates and applies one webhook.
     *
     * @param rawBody the request body bytes exactly as received (before any charset or JSON handling)
     * @param authorizationHeader the {@code Authorization} header, or {@code null} if there is none
     * @return what was done: processed, duplicate, not ours, or ignored
     * @throws WebhookRejectedException when the request is refused; nothing was stored
     * @throws MeetingException when a store or LiveKit fails while applying the event; the event id is forgotten, so
     *     that a redelivery is handled again (answer 5xx so that LiveKit retries)
     */
    WebhookOutcome handle(byte[] rawBody, @Nullable String authorizationHeader);
}
