package io.meetkit.internal.jwt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * A thin, fluent wrapper over Jackson's streaming {@link JsonGenerator} that writes the JWT payload of one token.
 * Jackson does the JSON escaping. Times are NumericDate: whole seconds since the epoch.
 *
 * <p>Besides writing, it checks what a LiveKit server would otherwise reject later, and fails
 * {@link Hs256Jwt#sign(JwtClaimsWriter)} with {@link IllegalStateException} when: {@code iss} or {@code exp} is
 * missing; a {@code video} grant has {@code roomJoin: true} but there is no non-empty {@code sub} (identity); an object
 * is left open or closed twice; a claim name is repeated in the same object; or the generator is used after the
 * callback returned. {@code exp}, {@code nbf} and {@code iat} must be written as numbers.
 *
 * <p>Not thread-safe; one instance exists per {@code sign} call.
 */
public final class ClaimsGenerator {

    private final JsonGenerator gen;
    private int depth;
    private boolean open = true;
    private boolean hasIss;
    private boolean hasExp;
    private boolean hasSub;
    private boolean inVideo;
    private boolean roomJoin;

    ClaimsGenerator(JsonGenerator gen) {
        this.gen = gen;
    }

    /** Writes {@code iss}, the issuer; for LiveKit the API key. */
    public ClaimsGenerator iss(String apiKey) {
        return string("iss", apiKey);
    }

    /** Writes {@code sub}, the subject; for LiveKit participant tokens the participant identity. */
    public ClaimsGenerator sub(String identity) {
        return string("sub", identity);
    }

    /** Writes {@code name}, the participant's display name (LiveKit claim). */
    public ClaimsGenerator name(String displayName) {
        return string("name", displayName);
    }

    /** Writes {@code metadata}, an opaque string (LiveKit claim, usually JSON). */
    public ClaimsGenerator metadata(String metadata) {
        return string("metadata", metadata);
    }

    /** Writes {@code sha256}, base64(SHA-256(body)) for webhook tokens (LiveKit claim). */
    public ClaimsGenerator sha256(String base64Sha256) {
        return string("sha256", base64Sha256);
    }

    /** Writes {@code exp}, the expiry, in seconds since the epoch. Required. */
    public ClaimsGenerator exp(long epochSeconds) {
        return number("exp", epochSeconds);
    }

    /** Writes {@code exp} as the instant's whole seconds (fractions are dropped). Required. */
    public ClaimsGenerator exp(Instant expiresAt) {
        return number("exp", expiresAt.getEpochSecond());
    }

    /** Writes {@code nbf}, not-before, in seconds since the epoch. */
    public ClaimsGenerator nbf(long epochSeconds) {
        return number("nbf", epochSeconds);
    }

    /** Writes {@code nbf} as the instant's whole seconds. */
    public ClaimsGenerator nbf(Instant notBefore) {
        return number("nbf", notBefore.getEpochSecond());
    }

    /** Writes {@code iat}, issued-at, in seconds since the epoch. */
    public ClaimsGenerator iat(long epochSeconds) {
        return number("iat", epochSeconds);
    }

    /** Writes {@code iat} as the instant's whole seconds. */
    public ClaimsGenerator iat(Instant issuedAt) {
        return number("iat", issuedAt.getEpochSecond());
    }

    /**
     * Writes a string member of the current object.
     *
     * @throws IllegalArgumentException for {@code exp}, {@code nbf} or {@code iat} at the top level (they are numbers)
     */
    public ClaimsGenerator string(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        checkOpen();
        if (depth == 0) {
            switch (name) {
                case "iss":
                    hasIss = true;
                    break;
                case "sub":
                    hasSub = !value.isEmpty();
                    break;
                case "exp":
                case "nbf":
                case "iat":
                    throw new IllegalArgumentException(name + " must be a number of seconds, not a string");
                default:
                    break;
            }
        }
        try {
            gen.writeStringField(name, value);
        } catch (IOException e) {
            throw failure(e);
        }
        return this;
    }

    /** Writes an integer member of the current object. */
    public ClaimsGenerator number(String name, long value) {
        Objects.requireNonNull(name, "name");
        checkOpen();
        if (depth == 0 && name.equals("exp")) {
            hasExp = true;
        }
        try {
            gen.writeNumberField(name, value);
        } catch (IOException e) {
            throw failure(e);
        }
        return this;
    }

    /** Writes a boolean member of the current object, for example a {@code video} grant. */
    public ClaimsGenerator bool(String name, boolean value) {
        Objects.requireNonNull(name, "name");
        checkOpen();
        if (inVideo && depth == 1 && value && name.equals("roomJoin")) {
            roomJoin = true;
        }
        try {
            gen.writeBooleanField(name, value);
        } catch (IOException e) {
            throw failure(e);
        }
        return this;
    }

    /** Writes an array of strings, for example {@code canPublishSources}. */
    public ClaimsGenerator stringArray(String name, Collection<String> values) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        checkOpen();
        try {
            gen.writeArrayFieldStart(name);
            for (String v : values) {
                gen.writeString(Objects.requireNonNull(v, "values must not contain null"));
            }
            gen.writeEndArray();
        } catch (IOException e) {
            throw failure(e);
        }
        return this;
    }

    /** Writes an object of string members, for example LiveKit's {@code attributes}. */
    public ClaimsGenerator stringMap(String name, Map<String, String> values) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        checkOpen();
        try {
            gen.writeObjectFieldStart(name);
            for (Map.Entry<String, String> e : values.entrySet()) {
                gen.writeStringField(
                        Objects.requireNonNull(e.getKey(), "values must not contain a null key"),
                        Objects.requireNonNull(e.getValue(), "values must not contain a null value"));
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw failure(e);
        }
        return this;
    }

    /** Starts a nested object member, for example the {@code video} grant; close it with {@link #endObject()}. */
    public ClaimsGenerator startObject(String name) {
        Objects.requireNonNull(name, "name");
        checkOpen();
        if (depth == 0 && name.equals("video")) {
            inVideo = true;
        }
        try {
            gen.writeObjectFieldStart(name);
        } catch (IOException e) {
            throw failure(e);
        }
        depth++;
        return this;
    }

    /**
     * Ends the object started by the matching {@link #startObject(String)}.
     *
     * @throws IllegalStateException if no object is open
     */
    public ClaimsGenerator endObject() {
        checkOpen();
        if (depth == 0) {
            throw new IllegalStateException("endObject() without a matching startObject()");
        }
        try {
            gen.writeEndObject();
        } catch (IOException e) {
            throw failure(e);
        }
        if (--depth == 0) {
            inVideo = false;
        }
        return this;
    }

    /** Called by the signer after the callback: checks completeness and closes this generator for good. */
    void finish() {
        checkOpen();
        open = false;
        if (depth != 0) {
            throw new IllegalStateException(depth + " object(s) started with startObject() were not ended");
        }
        if (!hasIss) {
            throw new IllegalStateException("claims must include iss (the API key)");
        }
        if (!hasExp) {
            throw new IllegalStateException("claims must include exp; LiveKit rejects tokens without it");
        }
        if (roomJoin && !hasSub) {
            throw new IllegalStateException("a video grant with roomJoin needs a non-empty identity (sub)");
        }
    }

    /** Invalidates this generator after a failed callback. */
    void abandon() {
        open = false;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the ClaimsGenerator is only valid inside JwtClaimsWriter.writeClaims");
        }
    }

    private static RuntimeException failure(IOException e) {
        if (e instanceof StreamWriteException) {
            // duplicate claim names (STRICT_DUPLICATE_DETECTION) and structural misuse end up here
            return new IllegalStateException("invalid claims: " + ((StreamWriteException) e).getOriginalMessage(), e);
        }
        return new UncheckedIOException(e);
    }
}
