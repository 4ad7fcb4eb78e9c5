package io.meetkit.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * One webhook delivery the fake made (to the sink, the URL, or both: a delivery is recorded once however many
 * targets it went to). With {@link FakeLiveKitServer#deliverWebhooksTwice(boolean)} the same event appears twice,
 * with the same {@code id} and body.
 *
 * @param event         the parsed event, e.g. {@code event.getEvent()} is {@code "participant_joined"}
 * @param body          the raw body bytes as sent (a copy is returned by {@link #body()})
 * @param authorization the {@code Authorization} header as sent (a JWT, no {@code Bearer })
 */
public record SentWebhook(WebhookEvent event, byte[] body, String authorization) {

    /**
     * Copies the body.
     *
     * @throws NullPointerException if a part is null
     */
    public SentWebhook {
        Objects.requireNonNull(event, "event");
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(authorization, "authorization");
    }

    /**
     * The raw body bytes.
     *
     * @return a copy of the body
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as text.
     *
     * @return the body decoded as UTF-8
     */
    public String bodyUtf8() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The event name, e.g. {@code room_started}.
     *
     * @return the event name
     */
    public String name() {
        return event.getEvent();
    }

    /**
     * The event id (a UUID), the same for both deliveries of a twice-delivered event.
     *
     * @return the id
     */
    public String id() {
        return event.getId();
    }
}
