package io.meetkit.internal.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a token that {@link Hs256Jwt#verify(String, java.time.Instant)} accepted: signature, {@code alg}, {@code exp},
 * {@code nbf}, {@code iat} and {@code iss} are already checked.
 *
 * <p>Registered claims are typed when the token is verified ({@code iss} and {@code sub} strings, {@code exp},
 * {@code nbf}, {@code iat} integers). Other claims are typed when read: {@link #stringClaim(String)} and the LiveKit
 * getters throw {@link JwtRejectedException} with {@link JwtRejectedException.Reason#MALFORMED} if the claim is present
 * with another type. JSON {@code null} counts as absent.
 *
 * <p>Immutable as long as nobody modifies the {@link JsonNode}s it returns; don't. Safe to share after construction.
 */
public final class JwtClaims {

    private final ObjectNode json;
    private final String iss;
    private final @Nullable String sub;
    private final long exp;
    private final OptionalLong nbf;
    private final OptionalLong iat;

    JwtClaims(ObjectNode json, String iss, @Nullable String sub, long exp, OptionalLong nbf, OptionalLong iat) {
        this.json = json;
        this.iss = iss;
        this.sub = sub;
        this.exp = exp;
        this.nbf = nbf;
        this.iat = iat;
    }

    /** Returns {@code iss}, the issuer; equal to the configured API key. */
    public String iss() {
        return iss;
    }

    /** Returns {@code sub}, for LiveKit participant tokens the identity. */
    public Optional<String> sub() {
        return Optional.ofNullable(sub);
    }

    /** Returns {@code exp} in seconds since the epoch. Always present in a verified token. */
    public long exp() {
        return exp;
    }

    /** Returns {@code nbf} in seconds since the epoch, if the token has one. */
    public OptionalLong nbf() {
        return nbf;
    }

    /** Returns {@code iat} in seconds since the epoch, if the token has one. */
    public OptionalLong iat() {
        return iat;
    }

    /**
     * Returns the LiveKit {@code name} claim (display name).
     *
     * @throws JwtRejectedException ({@code MALFORMED}) if it is not a string
     */
    public Optional<String> name() {
        return stringClaim("name");
    }

    /**
     * Returns the LiveKit {@code metadata} claim.
     *
     * @throws JwtRejectedException ({@code MALFORMED}) if it is not a string
     */
    public Optional<String> metadata() {
        return stringClaim("metadata");
    }

    /**
     * Returns the LiveKit {@code sha256} claim: base64(SHA-256(body)) in webhook tokens.
     *
     * @throws JwtRejectedException ({@code MALFORMED}) if it is not a string
     */
    public Optional<String> sha256() {
        return stringClaim("sha256");
    }

    /**
     * Returns the LiveKit {@code video} grant object (keys such as {@code roomJoin}, {@code room},
     * {@code canPublish}).
     *
     * @throws JwtRejectedException ({@code MALFORMED}) if it is not a JSON object
     */
    public Optional<JsonNode> video() {
        Optional<JsonNode> video = claim("video");
        if (video.isPresent() && !video.get().isObject()) {
            throw new JwtRejectedException(JwtRejectedException.Reason.MALFORMED, "claim video is not an object");
        }
        return video;
    }

    /**
     * Returns any claim by name.
     *
     * @param name the claim name
     * @return the JSON value, or empty if the claim is absent or JSON {@code null}
     */
    public Optional<JsonNode> claim(String name) {
        JsonNode node = json.get(Objects.requireNonNull(name, "name"));
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    /**
     * Returns a string claim by name.
     *
     * @param name the claim name
     * @return the string, or empty if the claim is absent or JSON {@code null}
     * @throws JwtRejectedException ({@code MALFORMED}) if the claim has another type
     */
    public Optional<String> stringClaim(String name) {
        JsonNode node = json.get(Objects.requireNonNull(name, "name"));
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new JwtRejectedException(
                    JwtRejectedException.Reason.MALFORMED,
                    "claim " + JwtRejectedException.describe(name) + " is not a string");
        }
        return Optional.of(node.textValue());
    }

    /** Returns {@code iss}, {@code sub} and {@code exp}; no other claim values. */
    @Override
    public String toString() {
        return "JwtClaims{iss=" + iss + ", sub=" + sub + ", exp=" + exp + "}";
    }
}
