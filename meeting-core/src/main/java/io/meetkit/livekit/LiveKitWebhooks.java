package io.meetkit.livekit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.meetkit.MeetingException;
import io.meetkit.WebhookRejectedException;
import io.meetkit.WebhookRejectedException.Reason;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.internal.jwt.WebhookSignatureVerifier;
import io.meetkit.internal.recording.EgressEvents;
import io.meetkit.livekit.internal.ProtoConverters;
import io.meetkit.meeting.Meeting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import livekit.LivekitModels;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * kept for {@link #EVENT_ID_TTL}); if handling fails, the id is forgotten so that LiveKit's redelivery is handled
 * again. Events of rooms that are no meeting's are reported {@link WebhookOutcome.Status#NOT_OURS} and change
 * nothing. Order does not matter: transitions are monotonic per room session (sid and event time).
 *
 * <p>Thread-safe; one instance per MeetKit.
 */
public final class LiveKitWebhooks {

    private static final Logger log = LoggerFactory.getLogger(LiveKitWebhooks.class);

    /** The default body limit: 1 MiB. */
    public static final int DEFAULT_BODY_LIMIT = 1024 * 1024;

    /**
     * How long event ids are remembered: well beyond LiveKit's replay window (a webhook token lives 5 minutes, plus
     * the clock skew) and its retry schedule.
     */
    public static final Duration EVENT_ID_TTL = Duration.ofHours(1);

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;
    private final EgressEvents egressEvents;
    private final WebhookSignatureVerifier verifier;
    private final int bodyLimit;
    private final Duration clockSkew;

    /**
     * Creates the handler. Applications get it from {@code MeetKit.webhooks()}.
     *
     * @param context MeetKit's shared context
     * @param lifecycle the room lifecycle shared with the meeting manager
     * @param egressEvents the receiver of {@code egress_*} events (the recordings component's)
     * @param verifier the signature verifier for MeetKit's API key and secret
     * @param bodyLimit the largest body accepted, in bytes
     * @param clockSkew the clock skew the verifier allows (reported by {@link #clockSkew()})
     * @throws IllegalArgumentException if {@code bodyLimit} is not positive
     */
    public LiveKitWebhooks(
            MeetKitContext context,
            MeetingLifecycle lifecycle,
            EgressEvents egressEvents,
            WebhookSignatureVerifier verifier,
            int bodyLimit,
            Duration clockSkew) {
        this.context = Objects.requireNonNull(context, "context");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.egressEvents = Objects.requireNonNull(egressEvents, "egressEvents");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (bodyLimit <= 0) {
            throw new IllegalArgumentException("bodyLimit must be positive: " + bodyLimit);
        }
        this.bodyLimit = bodyLimit;
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /** The largest body accepted, in bytes. */
    public int bodyLimit() {
        return bodyLimit;
    }

    /** The clock skew allowed between LiveKit's clock and ours. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * Reads the body from {@code body} (at most {@link #bodyLimit()} + 1 bytes; the stream is not closed) and handles
     * it as {@link #handle(byte[], String)} does.
     *
     * @param body the request body stream, exactly as received
     * @param authorizationHeader the {@code Authorization} header, or {@code null} if there is none
     * @throws WebhookRejectedException {@code BODY_TOO_LARGE} as soon as the limit is passed,
     *     {@code MALFORMED_BODY} if the stream fails, and every reason of {@link #handle(byte[], String)}
     */
    public WebhookOutcome handle(InputStream body, @Nullable String authorizationHeader) {
        Objects.requireNonNull(body, "body");
        byte[] raw;
        try {
            raw = body.readNBytes(bodyLimit == Integer.MAX_VALUE ? bodyLimit : bodyLimit + 1); // one past: too large
        } catch (IOException e) {
            throw new WebhookRejectedException(Reason.MALFORMED_BODY, "the body could not be read", e);
        }
        return handle(raw, authorizationHeader);
    }

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
    public WebhookOutcome handle(byte[] rawBody, @Nullable String authorizationHeader) {
        Objects.requireNonNull(rawBody, "rawBody");
        if (rawBody.length > bodyLimit) {
            throw new WebhookRejectedException(
                    Reason.BODY_TOO_LARGE, "the body is larger than the limit of " + bodyLimit + " bytes");
        }
        Instant now = context.clock().instant();
        try {
            verifier.verify(rawBody, authorizationHeader, now);
        } catch (JwtRejectedException e) {
            Reason reason = reason(e.reason());
            log.debug("Webhook refused: {} ({})", reason, e.getMessage());
            throw new WebhookRejectedException(reason, "webhook refused: " + e.getMessage());
        }
        WebhookEvent event = parse(rawBody);
        String name = event.getEvent();
        String eventId = event.getId();
        Instant at = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : context.now();

        String dedupKey = eventId.isEmpty() ? "sha256:" + sha256(rawBody) : eventId;
        if (!context.stores().webhookEvents().firstSeen(dedupKey, now, now.plus(EVENT_ID_TTL))) {
            log.debug("Webhook {} {} is a duplicate", name, eventId);
            return new WebhookOutcome(WebhookOutcome.Status.DUPLICATE, name, eventId, null);
        }
        try {
            return route(event, name, eventId, at);
        } catch (RuntimeException e) {
            context.stores().webhookEvents().forget(dedupKey);
            throw e;
        }
    }

    private WebhookOutcome route(WebhookEvent event, String name, String eventId, Instant at) {
        String roomName = switch (name) {
            case "egress_started", "egress_updated", "egress_ended" ->
                event.getEgressInfo().getRoomName();
            default -> event.getRoom().getName();
        };
        if (roomName.isEmpty()) {
            log.debug("Webhook {} {} names no room; ignored", name, eventId);
            return new WebhookOutcome(WebhookOutcome.Status.IGNORED, name, eventId, null);
        }
        Optional<Meeting> found = context.stores().meetings().findByRoomName(roomName);
        if (found.isEmpty()) {
            log.debug("Webhook {} {} for room {}, which is no meeting of ours", name, eventId, roomName);
            return new WebhookOutcome(WebhookOutcome.Status.NOT_OURS, name, eventId, null);
        }
        Meeting meeting = found.get();
        String sid = event.getRoom().getSid().isEmpty() ? null : event.getRoom().getSid();
        WebhookOutcome processed = new WebhookOutcome(WebhookOutcome.Status.PROCESSED, name, eventId, meeting.id());
        WebhookOutcome ignored = new WebhookOutcome(WebhookOutcome.Status.IGNORED, name, eventId, meeting.id());
        switch (name) {
            case "room_started" -> {
                lifecycle.roomStarted(meeting.id(), sid, at);
                return processed;
            }
            case "room_finished" -> {
                lifecycle.roomFinished(meeting.id(), sid, at);
                return processed;
            }
            case "participant_joined" -> {
                LivekitModels.ParticipantInfo p = event.getParticipant();
                if (p.getIdentity().isEmpty() || isEgress(p)) {
                    return ignored;
                }
                context.events().publish(new MeetingEvent.ParticipantJoined(meeting, p.getIdentity(), p.getName(), at));
                return processed;
            }
            case "participant_left", "participant_connection_aborted" -> {
                LivekitModels.ParticipantInfo p = event.getParticipant();
                if (p.getIdentity().isEmpty() || isEgress(p)) {
                    return ignored;
                }
                if (p.getDisconnectReason() != LivekitModels.DisconnectReason.DUPLICATE_IDENTITY) {
                    // a DUPLICATE_IDENTITY leave is the old connection of a participant who is back: keep its name
                    context.stores().participantNames().release(meeting.id(), p.getIdentity());
                }
                context.events().publish(new MeetingEvent.ParticipantLeft(meeting, p.getIdentity(), p.getName(), at));
                return processed;
            }
            case "egress_started", "egress_updated", "egress_ended" -> {
                egressEvents.onEgress(ProtoConverters.egress(event.getEgressInfo()), at);
                return processed;
            }
            default -> {
                log.debug("Webhook {} {} is not one MeetKit acts on; ignored", name, eventId);
                return ignored;
            }
        }
    }

    private static boolean isEgress(LivekitModels.ParticipantInfo p) {
        return p.getKind() == LivekitModels.ParticipantInfo.Kind.EGRESS;
    }

    private static WebhookEvent parse(byte[] rawBody) {
        String json;
        try {
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rawBody))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WebhookRejectedException(Reason.MALFORMED_BODY, "the body is not UTF-8");
        }
        WebhookEvent.Builder b = WebhookEvent.newBuilder();
        try {
            PARSER.merge(json, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // the message names the parse problem, never the body
            throw new WebhookRejectedException(Reason.MALFORMED_BODY, "the body is not a protojson WebhookEvent", e);
        }
        if (b.getEvent().isEmpty()) {
            throw new WebhookRejectedException(Reason.MALFORMED_BODY, "the body has no event name");
        }
        return b.build();
    }

    private static String sha256(byte[] body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static Reason reason(JwtRejectedException.Reason r) {
        return switch (r) {
            case MISSING_TOKEN -> Reason.MISSING_AUTH;
            case MALFORMED -> Reason.MALFORMED;
            case ALG_NOT_ALLOWED -> Reason.ALG_NOT_ALLOWED;
            case BAD_SIGNATURE -> Reason.BAD_SIGNATURE;
            case MISSING_EXP -> Reason.MISSING_EXP;
            case EXPIRED -> Reason.EXPIRED;
            case NOT_YET_VALID -> Reason.NOT_YET_VALID;
            case MISSING_ISS -> Reason.MISSING_ISS;
            case WRONG_ISSUER -> Reason.UNKNOWN_API_KEY;
            case BODY_HASH_MISMATCH, MISSING_SHA256 -> Reason.BODY_HASH_MISMATCH;
        };
    }

    @Override
    public String toString() {
        return "LiveKitWebhooks{bodyLimit=" + bodyLimit + ", clockSkew=" + clockSkew + "}";
    }
}
