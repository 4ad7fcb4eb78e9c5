package io.meetkit.internal.jwt;

/**
 * Writes the claims of one token, straight into the JSON generator (no intermediate map or object).
 *
 * <pre>{@code
 * String token = jwt.sign(c -> c
 *         .iss(apiKey).sub(identity).name(displayName)
 *         .nbf(now).exp(now.plus(ttl))
 *         .metadata(metadataJson)
 *         .startObject("video")
 *             .bool("roomJoin", true).string("room", roomName)
 *             .bool("canPublish", true).bool("canSubscribe", true)
 *         .endObject());
 * }</pre>
 *
 * <p>The {@link ClaimsGenerator} is valid only during the call; do not keep it.
 */
@FunctionalInterface
public interface JwtClaimsWriter {

    /**
     * Writes the claims.
     *
     * @param claims the generator to write to; valid only during this call
     */
    void writeClaims(ClaimsGenerator claims);
}
