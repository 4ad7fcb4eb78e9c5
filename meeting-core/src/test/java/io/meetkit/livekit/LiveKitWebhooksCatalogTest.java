package io.meetkit.livekit;

import static io.meetkit.livekit.WebhookForge.API_KEY;
import static io.meetkit.livekit.WebhookForge.SECRET;
import static io.meetkit.livekit.WebhookForge.b64url;
import static io.meetkit.livekit.WebhookForge.forge;
import static io.meetkit.livekit.WebhookForge.hs256;
import static io.meetkit.livekit.WebhookForge.payload;
import static io.meetkit.livekit.WebhookForge.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.MeetKit;
import io.meetkit.WebhookRejectedException;
import io.meetkit.WebhookRejectedException.Reason;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every row of the bad-input catalog (performance-and-security.md §5) against {@link LiveKitWebhooks}: each refused
 * input throws {@link WebhookRejectedException} with the catalog's reason, changes no meeting, publishes no event and
 * records no event id (a later valid delivery of the same event is still processed). Row 22 (minting a roomJoin token
 * without identity) is about participant tokens and is covered by {@code Hs256JwtTest}.
 */
class LiveKitWebhooksCatalogTest {

    private static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);

    private WebhookFixture f;
    private byte[] body;
    private long now;

    @BeforeEach
    void setUp() {
        f = new WebhookFixture();
        now = f.nowSeconds();
        body = WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_1", now);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private void assertRejected(byte[] b, String authorization, Reason reason) {
        Meeting before = f.current();
        assertThatThrownBy(() -> f.kit.webhooks().handle(b, authorization))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.code()).isEqualTo(reason.code());
                    assertThat(e.getMessage()).doesNotContain(SECRET);
                    if (authorization != null && authorization.length() > 20) {
                        assertThat(e.getMessage()).doesNotContain(authorization);
                    }
                });
        assertNothingChanged(before);
    }

    private void assertNothingChanged(Meeting before) {
        assertThat(f.current()).isEqualTo(before);
        assertThat(f.events).isEmpty();
        // the event id was not recorded: the genuine delivery is still processed
        assertThat(f.deliver(body).status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(f.current().status()).isEqualTo(MeetingStatus.ACTIVE);
    }

    private String claims(long nbf, long exp) {
        return payload(nbf, exp, API_KEY, sha256(body));
    }

    @Test
    @DisplayName("1: a valid Go-style webhook is accepted and the meeting becomes ACTIVE")
    void row1Valid() {
        WebhookOutcome outcome = f.deliver(body);

        assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(outcome.eventId()).isEqualTo("EV_1");
        assertThat(outcome.meeting()).contains(f.meeting.id());
        assertThat(f.current().status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(f.current().roomSid()).contains("RM_1");
    }

    @Test
    @DisplayName("2: alg none with an empty signature is ALG_NOT_ALLOWED")
    void row2AlgNone() {
        String token = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64url(claims(now, now + 300)) + ".";
        assertRejected(body, token, Reason.ALG_NOT_ALLOWED);
    }

    @Test
    @DisplayName("3: HS512 signed with the same secret is ALG_NOT_ALLOWED")
    void row3Hs512() {
        String token = forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims(now, now + 300), "HmacSHA512", SECRET_BYTES);
        assertRejected(body, token, Reason.ALG_NOT_ALLOWED);
    }

    @Test
    @DisplayName("4: an RS256 header over an HMAC signature is ALG_NOT_ALLOWED")
    void row4Rs256Confusion() {
        String token = forge("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims(now, now + 300), "HmacSHA256", SECRET_BYTES);
        assertRejected(body, token, Reason.ALG_NOT_ALLOWED);
    }

    @Test
    @DisplayName("5: a token signed with another secret is BAD_SIGNATURE")
    void row5WrongSecret() {
        String token = forge(
                WebhookForge.HS256,
                claims(now, now + 300),
                "HmacSHA256",
                "another-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8));
        assertRejected(body, token, Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("6: a token without exp is MISSING_EXP")
    void row6NoExp() {
        assertRejected(body, hs256(payload(now, null, API_KEY, sha256(body))), Reason.MISSING_EXP);
    }

    @Test
    @DisplayName("7: expired 30 s ago is accepted (within LiveKit's 60 s leeway)")
    void row7ExpiredWithinSkew() {
        String token = hs256(claims(now - 330, now - 30));

        assertThat(f.kit.webhooks().handle(body, token).status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(f.current().status()).isEqualTo(MeetingStatus.ACTIVE);
    }

    @Test
    @DisplayName("8: expired 10 min ago is EXPIRED")
    void row8ExpiredBeyondSkew() {
        assertRejected(body, hs256(claims(now - 900, now - 600)), Reason.EXPIRED);
    }

    @Test
    @DisplayName("9: a sender clock 5 s ahead (nbf = iat = now + 5) is accepted")
    void row9SenderAheadWithinSkew() {
        String token = hs256(claims(now + 5, now + 305));

        assertThat(f.kit.webhooks().handle(body, token).status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
    }

    @Test
    @DisplayName("10: a sender clock 2 min ahead is NOT_YET_VALID")
    void row10SenderAheadBeyondSkew() {
        assertRejected(body, hs256(claims(now + 120, now + 420)), Reason.NOT_YET_VALID);
    }

    @Test
    @DisplayName("11: another API key as iss is UNKNOWN_API_KEY")
    void row11WrongIssuer() {
        assertRejected(body, hs256(payload(now, now + 300, "APIother", sha256(body))), Reason.UNKNOWN_API_KEY);
    }

    @Test
    @DisplayName("12: no iss is MISSING_ISS")
    void row12NoIssuer() {
        assertRejected(body, hs256(payload(now, now + 300, null, sha256(body))), Reason.MISSING_ISS);
    }

    @Test
    @DisplayName("13: a body changed after signing is BODY_HASH_MISMATCH")
    void row13ChangedBody() {
        String token = WebhookForge.sign(body, now);
        byte[] changed = WebhookForge.roomEvent("room_started", "EV_1", f.room(), "RM_2", now);
        assertRejected(changed, token, Reason.BODY_HASH_MISMATCH);
    }

    @Test
    @DisplayName("14: a token without the sha256 claim is BODY_HASH_MISMATCH")
    void row14NoSha256() {
        assertRejected(body, hs256(payload(now, now + 300, API_KEY, null)), Reason.BODY_HASH_MISMATCH);
    }

    @Test
    @DisplayName("15: 'Bearer <jwt>' is refused as MALFORMED (LiveKit sends the raw token)")
    void row15Bearer() {
        assertRejected(body, "Bearer " + WebhookForge.sign(body, now), Reason.MALFORMED);
    }

    @Test
    @DisplayName("16: a two-segment or garbage token is MALFORMED")
    void row16Garbage() {
        String valid = WebhookForge.sign(body, now);
        assertThatThrownBy(() -> f.kit.webhooks().handle(body, "not-a-jwt-at-all"))
                .isInstanceOfSatisfying(
                        WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        assertRejected(body, valid.substring(0, valid.lastIndexOf('.')), Reason.MALFORMED);
    }

    @Test
    @DisplayName("17: a missing or empty header is MISSING_AUTH")
    void row17MissingHeader() {
        Meeting before = f.current();
        for (String header : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> f.kit.webhooks().handle(body, header))
                    .isInstanceOfSatisfying(
                            WebhookRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_AUTH));
        }
        assertNothingChanged(before);
    }

    @Test
    @DisplayName("18: an authentic body that is not JSON is MALFORMED_BODY, and is parsed only after auth")
    void row18NotJson() {
        byte[] notJson = "this is { not json".getBytes(StandardCharsets.UTF_8);
        assertRejected(notJson, WebhookForge.sign(notJson, now), Reason.MALFORMED_BODY);
    }

    @Test
    @DisplayName("18b: an unauthentic body that is not JSON fails on auth, before parsing")
    void row18NotJsonUnsigned() {
        byte[] notJson = "this is { not json".getBytes(StandardCharsets.UTF_8);
        assertRejected(notJson, WebhookForge.sign(body, now), Reason.BODY_HASH_MISMATCH);
    }

    @Test
    @DisplayName("19: unknown fields are ignored, snake_case names are read, unknown events are ignored")
    void row19UnknownFields() {
        byte[] snake = ("{\"event\":\"room_started\",\"room\":{\"sid\":\"RM_7\",\"name\":\"" + f.room()
                        + "\",\"future_field\":{\"x\":1}},\"id\":\"EV_7\",\"created_at\":" + now
                        + ",\"brandNewField\":[1,2,3]}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(f.deliver(snake).status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(f.current().status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(f.current().roomSid()).contains("RM_7");

        byte[] unknownEvent = WebhookForge.roomEvent("room_teleported", "EV_8", f.room(), "RM_7", now);
        WebhookOutcome outcome = f.deliver(unknownEvent);
        assertThat(outcome.status()).isEqualTo(WebhookOutcome.Status.IGNORED);
        assertThat(outcome.event()).isEqualTo("room_teleported");
    }

    @Test
    @DisplayName("20: the same webhook delivered twice changes state once; the second is DUPLICATE")
    void row20Twice() {
        String token = WebhookForge.sign(body, now);

        WebhookOutcome first = f.kit.webhooks().handle(body, token);
        Meeting afterFirst = f.current();
        WebhookOutcome second = f.kit.webhooks().handle(body, token);

        assertThat(first.status()).isEqualTo(WebhookOutcome.Status.PROCESSED);
        assertThat(second.status()).isEqualTo(WebhookOutcome.Status.DUPLICATE);
        assertThat(f.current()).isEqualTo(afterFirst);
        assertThat(f.events).hasSize(1);
    }

    @Test
    @DisplayName("21: a secret shorter than 32 bytes fails at startup unless development mode is explicit")
    void row21ShortSecret() {
        assertThatThrownBy(() -> MeetKit.builder()
                        .liveKitUrl("http://127.0.0.1:9")
                        .apiKey("devkey")
                        .apiSecret("secret")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("secret,");
        try (MeetKit dev = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9")
                .apiKey("devkey")
                .apiSecret("secret")
                .allowShortSecretForDevelopment(true)
                .build()) {
            assertThat(dev.webhooks()).isNotNull();
        }
    }

    @Test
    @DisplayName("23: a huge body is refused as BODY_TOO_LARGE before it is hashed, read no further than the cap")
    void row23HugeBody() {
        int limit = f.kit.webhooks().bodyLimit();
        assertThat(limit).isEqualTo(1024 * 1024);
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return ' ';
            }
        };
        Meeting before = f.current();

        assertThatThrownBy(() -> f.kit.webhooks().handle(endless, WebhookForge.sign(body, now)))
                .isInstanceOfSatisfying(
                        WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE));
        assertThat(read.get()).isLessThanOrEqualTo(limit + 1L);

        byte[] huge = new byte[limit + 1];
        assertThatThrownBy(() -> f.kit.webhooks().handle(huge, WebhookForge.sign(huge, now)))
                .isInstanceOfSatisfying(
                        WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE));
        assertNothingChanged(before);
    }

    @Test
    @DisplayName("the body limit and clock skew are configurable")
    void configurableLimits() {
        try (MeetKit small = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9")
                .apiKey(API_KEY)
                .apiSecret(SECRET)
                .clock(f.clock)
                .webhookBodyLimit(64)
                .clockSkew(java.time.Duration.ZERO)
                .build()) {
            assertThatThrownBy(() -> small.webhooks().handle(body, WebhookForge.sign(body, now)))
                    .isInstanceOfSatisfying(
                            WebhookRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE));
            assertThat(small.webhooks().clockSkew()).isZero();
        }
        assertThatThrownBy(() -> MeetKit.builder().webhookBodyLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> MeetKit.builder().clockSkew(java.time.Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT11M");
    }
}
