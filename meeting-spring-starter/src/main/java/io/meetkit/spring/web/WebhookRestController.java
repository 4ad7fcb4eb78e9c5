package io.meetkit.spring.web;

import io.meetkit.MeetingException;
import io.meetkit.WebhookRejectedException;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.livekit.WebhookOutcome;
import io.meetkit.spring.MeetKitObserver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST ${meetkit.webhook.path}}: LiveKit's webhooks. The raw body bytes go to {@link LiveKitWebhooks} before
 * anything parses them (signature, {@code exp}, issuer and body hash first), under the size limit; a declared
 * {@code Content-Length} above it is refused unread. Answers 200 for processed, duplicate, foreign and ignored
 * events (so LiveKit does not retry), 401 for rejected signatures, 413 for oversized and 400 for malformed bodies,
 * 503 when applying the event failed (LiveKit retries). No user authentication. Thread-safe.
 */
@RestController
class WebhookRestController {

    private final LiveKitWebhooks webhooks;
    private final MeetKitObserver observer;

    WebhookRestController(LiveKitWebhooks webhooks, MeetKitObserver observer) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @PostMapping(path = "${meetkit.webhook.path:/livekit/webhook}", produces = "application/json")
    Map<String, String> receive(HttpServletRequest request) throws IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        WebhookOutcome outcome;
        try {
            long declared = request.getContentLengthLong();
            if (declared > webhooks.bodyLimit()) {
                throw new WebhookRejectedException(
                        WebhookRejectedException.Reason.BODY_TOO_LARGE,
                        "the body is larger than the limit of " + webhooks.bodyLimit() + " bytes");
            }
            try (InputStream body = request.getInputStream()) {
                outcome = webhooks.handle(body, authorization);
            }
        } catch (WebhookRejectedException e) {
            observer.webhookReceived("unknown", "rejected");
            throw e;
        } catch (MeetingException e) {
            observer.webhookReceived("unknown", "failed");
            throw e;
        }
        String status = outcome.status().name().toLowerCase(Locale.ROOT);
        observer.webhookReceived(outcome.event(), status);
        return Map.of("status", status, "event", outcome.event());
    }
}
