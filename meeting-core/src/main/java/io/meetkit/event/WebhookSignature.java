package io.meetkit.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies the HTTP webhooks that the {@link EventRelay} posts to the application, the way OpenVidu Meet
 * signs its own: header {@value #TIMESTAMP_HEADER} holds the send time in epoch milliseconds, header
 * {@value #SIGNATURE_HEADER} the lower-case hex of HMAC-SHA256(key, {@code timestamp + "." + body}).
 *
 * <p>On the receiving side, verify the raw body bytes before parsing them:
 * <pre>{@code
 * if (!WebhookSignature.verify(signingKey, body, req.getHeader(WebhookSignature.TIMESTAMP_HEADER),
 *         req.getHeader(WebhookSignature.SIGNATURE_HEADER), Clock.systemUTC(), Duration.ofMinutes(2))) {
 *     return 401;
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSignature {

    /** The header with the send time in epoch milliseconds. */
    public static final String TIMESTAMP_HEADER = "X-Timestamp";
    /** The header with the hex HMAC-SHA256 of {@code timestamp.body}. */
    public static final String SIGNATURE_HEADER = "X-Signature";
    /** The header with the event's id (also the envelope's {@code id}), to dedupe on before parsing the body. */
    public static final String EVENT_ID_HEADER = "X-Event-Id";

    private static final String HMAC = "HmacSHA256";

    private WebhookSignature() {}

    /**
     * Computes the signature of a body sent at {@code timestampMillis}.
     *
     * @param signingKey the shared key (UTF-8)
     * @param timestampMillis the value of {@value #TIMESTAMP_HEADER}
     * @param body the exact body bytes
     * @return lower-case hex HMAC-SHA256 of {@code timestamp + "." + body}
     * @throws IllegalArgumentException if the key is empty
     */
    public static String sign(String signingKey, long timestampMillis, byte[] body) {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(body, "body");
        return HexFormat.of().formatHex(mac(signingKey, Long.toString(timestampMillis), body));
    }

    /**
     * Verifies a received webhook: the timestamp must be a number within {@code tolerance} of {@code clock}'s now
     * (either side), and the signature must match, compared in constant time.
     *
     * @param signingKey the shared key (UTF-8)
     * @param body the raw body bytes as received
     * @param timestampHeader the {@value #TIMESTAMP_HEADER} value, or {@code null}
     * @param signatureHeader the {@value #SIGNATURE_HEADER} value, or {@code null}
     * @param clock the receiver's clock
     * @param tolerance how far the timestamp may be from now (for example 2 minutes)
     * @return whether the webhook is authentic and fresh
     * @throws IllegalArgumentException if the key is empty or the tolerance negative
     */
    public static boolean verify(
            String signingKey,
            byte[] body,
            @Nullable String timestampHeader,
            @Nullable String signatureHeader,
            Clock clock,
            Duration tolerance) {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
        }
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        String timestamp = timestampHeader.strip();
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        long age = Math.abs(clock.millis() - sent);
        if (age < 0 || age > tolerance.toMillis()) { // age < 0: Math.abs overflowed
            return false;
        }
        byte[] expected =
                HexFormat.of().formatHex(mac(signingKey, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given =
                signatureHeader.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] mac(String signingKey, String timestamp, byte[] body) {
        if (signingKey.isEmpty()) {
            throw new IllegalArgumentException("signingKey must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
