package io.meetkit.rules;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one home of every input rule MeetKit applies, for core and for the Spring Boot starter alike.
 *
 * <p>Text rules return what is wrong ({@code "must not be blank"}) or {@code null} when the value is good, or report
 * each problem to a {@code (field, message)} sink; the caller turns them into its own errors. Setting rules throw
 * {@link IllegalArgumentException} with a message that names the setting and the bad value. Lengths are counted in
 * code points (what a person calls characters), never in UTF-16 units.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputRules {

    /**
     * The shortest secret, in bytes, that signs with HMAC-SHA256 without a development switch: 256 bits, the HS256
     * key size, as LiveKit requires outside its development mode.
     */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * The clock skew allowed by default when a token's {@code exp}, {@code nbf} and {@code iat} are checked: 60
     * seconds, LiveKit's own {@code tokenLeeway}. MeetKit calls this one idea "clock skew" everywhere (participant
     * tokens, webhook tokens, the fake server), because it is the same allowance for clocks that disagree.
     */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** The largest clock skew accepted; more would silently extend the life of every token. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    /** The longest participant identity, in code points. */
    public static final int MAX_IDENTITY_LENGTH = 255;

    /** The longest display name, in code points, after trimming. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 50;

    /** The most attributes a meeting or a token may carry. */
    public static final int MAX_ATTRIBUTES = 32;

    /** The longest attribute key. */
    public static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;

    /** The longest attribute value. */
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private InputRules() {}

    /**
     * Returns {@code value} if it is positive.
     *
     * @param name the setting's name, for the message
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException {@code "<name> must be positive: <value>"} if it is zero or negative
     */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is an acceptable clock skew: from zero to {@link #MAX_CLOCK_SKEW}.
     *
     * @param name the setting's name, for the message
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException {@code "<name> must be between PT0S and PT10M: <value>"} otherwise
     */
    public static Duration clockSkew(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException(
                    name + " must be between " + Duration.ZERO + " and " + MAX_CLOCK_SKEW + ": " + value);
        }
        return value;
    }

    /**
     * Whether a secret of this many bytes is long enough to sign without a development switch.
     *
     * @param bytes the secret's length in bytes (UTF-8)
     * @return {@code bytes >= MIN_SECRET_BYTES}
     */
    public static boolean isLongEnoughSecret(int bytes) {
        return bytes >= MIN_SECRET_BYTES;
    }

    /**
     * What is wrong with a participant identity: blank, longer than {@value #MAX_IDENTITY_LENGTH} code points, a
     * control character, or a surrogate without its pair.
     *
     * @param identity the identity, or null (reported as blank)
     * @return the problem, or {@code null} if the identity is good
     */
    public static @Nullable String identityProblem(@Nullable String identity) {
        if (identity == null || identity.isBlank()) {
            return "must not be blank";
        }
        if (identity.codePointCount(0, identity.length()) > MAX_IDENTITY_LENGTH) {
            return "must be at most " + MAX_IDENTITY_LENGTH + " characters";
        }
        if (hasControl(identity)) {
            return "must not contain control characters";
        }
        if (hasUnpairedSurrogate(identity)) {
            return "must be valid Unicode text";
        }
        return null;
    }

    /**
     * What is wrong with a display name, already trimmed: blank, longer than {@value #MAX_DISPLAY_NAME_LENGTH} code
     * points, a control character, or a surrogate without its pair.
     *
     * @param name the trimmed display name
     * @return the problem, or {@code null} if the name is good
     */
    public static @Nullable String displayNameProblem(String name) {
        if (name.isEmpty()) {
            return "must not be blank";
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_DISPLAY_NAME_LENGTH) {
            return "must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters: " + length;
        }
        if (hasControl(name)) {
            return "must not contain control characters";
        }
        if (hasUnpairedSurrogate(name)) {
            return "must be valid Unicode text";
        }
        return null;
    }

    /**
     * Checks a meeting's attributes: at most {@value #MAX_ATTRIBUTES}, keys of 1 to {@value
     * #MAX_ATTRIBUTE_KEY_LENGTH} letters, digits, {@code _}, {@code .} or {@code -}, values of at most {@value
     * #MAX_ATTRIBUTE_VALUE_LENGTH} characters.
     *
     * @param attributes the attributes
     * @param problems told each {@code (field, message)}: field {@code attributes} or {@code attributes.<key>}
     */
    public static void meetingAttributes(Map<String, String> attributes, BiConsumer<String, String> problems) {
        attributes(attributes, true, problems);
    }

    /**
     * Checks a participant token's LiveKit attributes: at most {@value #MAX_ATTRIBUTES}, keys of 1 to {@value
     * #MAX_ATTRIBUTE_KEY_LENGTH} characters of any text without control characters, values of at most {@value
     * #MAX_ATTRIBUTE_VALUE_LENGTH} characters, all valid Unicode.
     *
     * @param attributes the attributes
     * @param problems told each {@code (field, message)}: field {@code attributes} or {@code attributes.<key>}
     */
    public static void tokenAttributes(Map<String, String> attributes, BiConsumer<String, String> problems) {
        attributes(attributes, false, problems);
    }

    private static void attributes(
            Map<String, String> attributes, boolean plainKeys, BiConsumer<String, String> problems) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            problems.accept("attributes", "must hold at most " + MAX_ATTRIBUTES + " entries: " + attributes.size());
            return;
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            boolean badKey = k.isBlank() || k.length() > MAX_ATTRIBUTE_KEY_LENGTH;
            if (plainKeys
                    ? badKey || !PLAIN_KEY.matcher(k).matches()
                    : badKey || hasControl(k) || hasUnpairedSurrogate(k)) {
                problems.accept(
                        "attributes",
                        plainKeys
                                ? "keys must be 1 to " + MAX_ATTRIBUTE_KEY_LENGTH + " letters, digits, '_', '.' or '-'"
                                : "keys must be 1 to " + MAX_ATTRIBUTE_KEY_LENGTH
                                        + " characters of valid Unicode text without control characters");
            } else if (v.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                problems.accept("attributes." + k, "must be at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
            } else if (!plainKeys && hasUnpairedSurrogate(v)) {
                problems.accept("attributes." + k, "must be valid Unicode text");
            }
        }
    }

    /**
     * Whether the text has an ISO control character or a line or paragraph separator.
     *
     * @param s the text
     * @return true if it has one
     */
    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the text has a surrogate without its pair: not valid Unicode, and it cannot be written as UTF-8 JSON.
     *
     * @param s the text
     * @return true if it has one
     */
    public static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
