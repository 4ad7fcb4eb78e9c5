package io.meetkit.internal.webhook;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.meetkit.MeetingException;
import io.meetkit.WebhookRejectedException;
import io.meetkit.WebhookRejectedException.Reason;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.EventPublisher;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.internal.jwt.WebhookSignatureVerifier;
import io.meetkit.internal.participant.NameRejoin;
import io.meetkit.internal.participant.ParticipantBans;
import io.meetkit.internal.recording.AutoRecorder;
import io.meetkit.internal.recording.EgressEvents;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.livekit.WebhookOutcome;
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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import livekit.LivekitModels;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link LiveKitWebhooks}, built by {@code MeetKit}. Thread-safe. Not API. */
public final class LiveKitWebhooksImpl implements LiveKitWebhooks {

    private static final Logger log = LoggerFactory.getLogger(LiveKitWebhooksImpl.class);

    // what the observer hears of a webhook refused or failed before its outcome is known
    private static final String UNKNOWN_EVENT = "unknown";
    private static final String REJECTED = "rejected";
    private static final String FAILED = "failed";

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final MeetKitContext context;
    private final MeetingLifecycle lifecycle;
    private final EgressEvents egressEvents;
    private final AutoRecorder autoRecorder;
    private final NameRejoin rejoin;
    private final WebhookSignatureVerifier verifier;
    private final int bodyLimit;
    private final ParticipantBans bans;

    /**
     * Creates the handler. Applications get it from {@code MeetKit.webhooks()}.
     *
     * @param context MeetKit's shared context
     * @param lifecycle the room lifecycle shared with the meeting manager
     * @param egressEvents the receiver of {@code egress_*} events (the recordings component's)
     * @param autoRecorder what starts a meeting's recording on {@code participant_joined} when it auto-records
     * @param verifier the signature verifier for MeetKit's API key and secret
     * @param bodyLimit the largest body accepted, in bytes
     * @param bans what removes a banned participant, or anybody in a closed or deleted meeting, when it joins
     * @param rejoin what reserves the name again of a participant back after its name was released
     * @throws IllegalArgumentException if {@code bodyLimit} is not positive
     */
    public LiveKitWebhooksImpl(
            MeetKitContext context,
            MeetingLifecycle lifecycle,
            EgressEvents egressEvents,
            AutoRecorder autoRecorder,
            WebhookSignatureVerifier verifier,
            int bodyLimit,
            ParticipantBans bans,
            NameRejoin rejoin) {
        this.context = Objects.requireNonNull(context, "context");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.egressEvents = Objects.requireNonNull(egressEvents, "egressEvents");
        this.autoRecorder = Objects.requireNonNull(autoRecorder, "autoRecorder");
        this.rejoin = Objects.requireNonNull(rejoin, "rejoin");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (bodyLimit <= 0) {
            throw new IllegalArgumentException("bodyLimit must be positive: " + bodyLimit);
        }
        this.bodyLimit = bodyLimit;
        this.bans = Objects.requireNonNull(bans, "bans");
    }

    @Override
    public int bodyLimit() {
        return bodyLimit;
    }

    @Override
    public Duration clockSkew() {
        return verifier.clockSkew();
    }

    @Override
    public WebhookOutcome handle(InputStream body, @Nullable String authorizationHeader) {
        Objects.requireNonNull(body, "body");
        byte[] raw;
        try {
            raw = body.readNBytes(bodyLimit == Integer.MAX_VALUE ? bodyLimit : bodyLimit + 1); // one past: too large
        } catch (IOException e) {
            WebhookRejectedException rejected =
                    new WebhookRejectedException(Reason.MALFORMED_BODY, "the body could not be read", e);
            context.observer().webhookReceived(UNKNOWN_EVENT, REJECTED);
            throw rejected;
        }
        return handle(raw, authorizationHeader);
    }

    @Override
    public WebhookOutcome handle(byte[] rawBody, @Nullable String authorizationHeader) {
        Objects.requireNonNull(rawBody, "rawBody");
        WebhookOutcome outcome;
        try {
            outcome = apply(rawBody, authorizationHeader);
        } catch (WebhookRejectedException e) {
            context.observer().webhookReceived(UNKNOWN_EVENT, REJECTED);
            throw e;
        } catch (MeetingException e) {
            context.observer().webhookReceived(UNKNOWN_EVENT, FAILED);
            throw e;
        }
        context.observer()
                .webhookReceived(outcome.event(), outcome.status().name().toLowerCase(Locale.ROOT));
        return outcome;
    }

    private WebhookOutcome apply(byte[] rawBody, @Nullable String authorizationHeader) {
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
        // A leave on transactional stores is deduplicated in its own transaction (Receipt.recordWith records the id
        // before the name is released, and a delivery that finds it recorded changes nothing), so the look-up first
        // would only cost a round trip. Every other event is looked up first: a join's re-reservation and the
        // non-participant events act before their id is recorded.
        boolean dedupedInTransaction = isLeave(name) && context.stores().transactional();
        if (!dedupedInTransaction && context.stores().webhookEvents().contains(dedupKey, now)) {
            log.debug("Webhook {} {} is a duplicate", name, eventId);
            return new WebhookOutcome(WebhookOutcome.Status.DUPLICATE, name, eventId, null);
        }
        // an event counts as seen only once its change is stored: the participant events record it in the
        // transaction of their change and event (Receipt.recordWith), the others after their change, so a failure
        // anywhere before (the store dropping between two statements) leaves nothing recorded and LiveKit's
        // redelivery is processed; the transitions are idempotent, so a redelivery of an applied event is harmless
        Receipt receipt = new Receipt(dedupKey, now);
        WebhookOutcome outcome = route(event, name, eventId, at, receipt);
        if (receipt.duplicate) {
            log.debug("Webhook {} {} was applied by another delivery first", name, eventId);
            return new WebhookOutcome(WebhookOutcome.Status.DUPLICATE, name, eventId, null);
        }
        if (!receipt.recorded && !receipt.record()) {
            log.debug("Webhook {} {} was applied by another delivery at the same time", name, eventId);
        }
        return outcome;
    }

    /** The record of one delivery's event id in the webhook log: made once, in a change's transaction or after. */
    private final class Receipt {
        private final String key;
        private final Instant now;
        private boolean recorded;
        private boolean duplicate;

        Receipt(String key, Instant now) {
            this.key = key;
            this.now = now;
        }

        /** Records the id; false when another delivery recorded it first. */
        boolean record() {
            recorded = true;
            return context.stores().webhookEvents().firstSeen(key, now, now.plus(EVENT_ID_TTL));
        }

        /** Stores the change, appends its event and records the id at once (see EventPublisher.storeAndPublishOnce). */
        <T> boolean recordWith(Supplier<Optional<T>> change, Function<T, MeetingEvent> eventOf, String eventId) {
            boolean applied =
                    context.events().storeAndPublishOnce(change, eventOf, EventPublisher.idOf(eventId), this::record);
            recorded = true;
            duplicate = !applied;
            return applied;
        }
    }

    private WebhookOutcome route(WebhookEvent event, String name, String eventId, Instant at, Receipt receipt) {
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
        if (found.isEmpty() && name.equals("participant_joined") && !isEgress(event.getParticipant())) {
            // LiveKit created the room again for a token of a meeting that is gone
            LivekitModels.ParticipantInfo p = event.getParticipant();
            bans.enforceOnJoin(null, roomName, p.getIdentity(), p.getMetadata(), at);
        }
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
                Instant created = roomCreated(event.getRoom());
                lifecycle.roomStarted(meeting.id(), sid, created != null ? created : at);
                return processed;
            }
            case "room_finished" -> {
                // LiveKit's room_finished carries the closed room's proto, creation times included
                // (livekit/livekit pkg/service/roommanager.go, the room's OnClose: telemetry.RoomEnded(ToProto()))
                lifecycle.roomFinished(meeting.id(), sid, at, roomCreated(event.getRoom()));
                return processed;
            }
            case "participant_joined" -> {
                LivekitModels.ParticipantInfo p = event.getParticipant();
                if (p.getIdentity().isEmpty() || isEgress(p)) {
                    return ignored;
                }
                if (bans.enforceOnJoin(meeting, roomName, p.getIdentity(), p.getMetadata(), at)) {
                    return processed; // removed at once: kicked, or the meeting is closed; no joined event
                }
                // a participant back with its still-valid token after participant_left released its name
                String joinedAs = rejoin.onJoined(meeting, p.getIdentity(), p.getName(), p.getMetadata())
                        .map(r -> r.displayName())
                        .orElse(p.getName());
                if (!receipt.recordWith(
                        () -> Optional.of(meeting),
                        m -> new MeetingEvent.ParticipantJoined(m, p.getIdentity(), joinedAs, at),
                        eventId)) {
                    return processed; // another delivery of this webhook applied it (and auto-records)
                }
                autoRecorder.onParticipantJoined(meeting, sid, context.now());
                return processed;
            }
            case "participant_left", "participant_connection_aborted" -> { // keep in step with isLeave
                LivekitModels.ParticipantInfo p = event.getParticipant();
                if (p.getIdentity().isEmpty() || isEgress(p)) {
                    return ignored;
                }
                receipt.recordWith(
                        () -> {
                            if (p.getDisconnectReason() != LivekitModels.DisconnectReason.DUPLICATE_IDENTITY) {
                                // a DUPLICATE_IDENTITY leave is the old connection of a participant who is
                                // back: keep its name
                                context.stores().participantNames().release(meeting.id(), p.getIdentity());
                            }
                            return Optional.of(meeting);
                        },
                        m -> new MeetingEvent.ParticipantLeft(m, p.getIdentity(), p.getName(), at),
                        eventId);
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

    /**
     * When LiveKit created the room: its {@code creation_time_ms} (LiveKit stamps every room with it,
     * {@code livekit/livekit} {@code pkg/service/roomallocator.go} {@code CreateRoom}), else its whole-second
     * {@code creation_time}, else {@code null}. The milliseconds order two sessions of one room that fall in the same
     * second of LiveKit's clock (an {@code end()} and the next join), which whole seconds leave to a tie.
     */
    private static @Nullable Instant roomCreated(LivekitModels.Room room) {
        if (room.getCreationTimeMs() > 0) {
            return Instant.ofEpochMilli(room.getCreationTimeMs());
        }
        return room.getCreationTime() > 0 ? Instant.ofEpochSecond(room.getCreationTime()) : null;
    }

    private static boolean isLeave(String event) {
        return event.equals("participant_left") || event.equals("participant_connection_aborted");
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
        return "LiveKitWebhooks{bodyLimit=" + bodyLimit + ", clockSkew=" + verifier.clockSkew() + "}";
    }
}
