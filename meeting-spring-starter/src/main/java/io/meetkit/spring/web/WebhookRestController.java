package io.meetkit.spring.web;

import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.livekit.WebhookOutcome;
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
 * anything parses them (signature, {@code exp}, issuer and body hash first), under the size limit (at most one byte
 * past it is read). Answers 200 for processed, duplicate, foreign and ignored
 * events (so LiveKit does not retry), 401 for rejected signatures, 413 for oversized and 400 for malformed bodies,
 * 503 when applying the event failed (LiveKit retries). No user authentication. Thread-safe.
 */
@RestController
class WebhookRestController {

    private final LiveKitWebhooks webhooks;

    WebhookRestController(LiveKitWebhooks webhooks) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    }

    @PostMapping(path = "${meetkit.webhook.path:/livekit/webhook}", produces = "application/json")
    Map<String, String> receive(HttpServletRequest request) throws IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        WebhookOutcome outcome;
        try (InputStream body = request.getInputStream()) {
            // MeetKit reads at most one byte past its limit, and counts every outcome with its observer
            outcome = webhooks.handle(body, authorization);
        }
        String status = outcome.status().name().toLowerCase(Locale.ROOT);
        return Map.of("status", status, "event", outcome.event());
    }
}
