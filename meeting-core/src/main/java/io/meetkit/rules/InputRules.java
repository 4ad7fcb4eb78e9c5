package io.meetkit.rules;

import java.text.Normalizer;
import java.time.Duration;
import java.util.Locale;
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

    /** The longest display name, in code points, after {@linkplain #normalizeDisplayName normalization}. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 50;

    /** The most attributes a meeting or a token may carry. */
    public static final int MAX_ATTRIBUTES = 32;

    /** The longest attribute key. */
    public static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;

    /** The longest attribute value. */
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

    /** The longest role name. */
    public static final int MAX_ROLE_NAME_LENGTH = 32;

    /** The longest meeting duration limit, in minutes (one day, OpenVidu Meet's {@code maxDurationMinutes} ceiling). */
    public static final int MAX_MEETING_DURATION_MINUTES = 1_440;

    /**
     * Tells whether {@code name} is a valid role name: 1 to {@value #MAX_ROLE_NAME_LENGTH} ASCII letters, digits,
     * {@code _} or {@code -}, starting with a letter. Role names never need JSON escaping.
     *
     * @param name the name
     * @return {@code true} if it is valid
     */
    public static boolean isRoleName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_ROLE_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    /** Letters and symbols that render as nothing: Hangul fillers and the blank Braille pattern. */
    private static final String BLANK_LETTERS = "\u115F\u1160\u3164\uFFA0\u2800";

    private static final String INVISIBLE = "must not contain invisible or text-direction characters";

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
     * Returns {@code minutes} if it is an acceptable meeting duration limit: 1 to {@link #MAX_MEETING_DURATION_MINUTES}.
     *
     * @param name the setting's name, for the message
     * @throws IllegalArgumentException {@code "<name> must be between 1 and 1440 minutes: <value>"} otherwise
     */
    public static int maxDurationMinutes(int minutes, String name) {
        if (minutes < 1 || minutes > MAX_MEETING_DURATION_MINUTES) {
            throw new IllegalArgumentException(
                    name + " must be between 1 and " + MAX_MEETING_DURATION_MINUTES + " minutes: " + minutes);
        }
        return minutes;
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
     * Normalizes a display name as MeetKit shows and reserves it: every Unicode whitespace (not only ASCII: also
     * no-break spaces, the ideographic space, …) is trimmed from both ends, each run of space separators inside
     * becomes one ASCII space, and the result is in Unicode NFC. Control characters inside are kept, so that
     * {@link #displayNameProblem(String)} refuses them.
     *
     * @param raw the name as sent
     * @return the normalized name, maybe empty
     */
    public static String normalizeDisplayName(String raw) {
        Objects.requireNonNull(raw, "raw");
        int start = 0;
        int end = raw.length();
        while (start < end && isNameWhitespace(raw.codePointAt(start))) {
            start += Character.charCount(raw.codePointAt(start));
        }
        while (end > start && isNameWhitespace(raw.codePointBefore(end))) {
            end -= Character.charCount(raw.codePointBefore(end));
        }
        StringBuilder sb = new StringBuilder(end - start);
        boolean inSpace = false;
        for (int i = start; i < end; ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (isNameWhitespace(cp) && !isControlCodePoint(cp)) {
                if (!inSpace) {
                    sb.append(' ');
                }
                inSpace = true;
            } else {
                sb.appendCodePoint(cp);
                inSpace = false;
            }
        }
        return Normalizer.normalize(sb, Normalizer.Form.NFC);
    }

    /**
     * What is wrong with a display name, already {@linkplain #normalizeDisplayName(String) normalized}. The name
     * policy:
     *
     * <ul>
     *   <li>blank, or nothing visible (only whitespace, combining marks or blank-looking letters such as the Hangul
     *       filler): {@code must not be blank};
     *   <li>more than {@value #MAX_DISPLAY_NAME_LENGTH} code points after normalization;
     *   <li>a control character (category Cc, line or paragraph separator);
     *   <li>an invisible character: a Unicode format character (category Cf: zero-width spaces and joiners, word
     *       joiner, byte-order mark, soft hyphen, …), a bidi control ({@code U+202A..U+202E}, {@code U+2066..U+2069},
     *       the marks {@code U+200E}, {@code U+200F}, {@code U+061C}) or a blank-looking letter ({@code U+115F},
     *       {@code U+1160}, {@code U+3164}, {@code U+FFA0}, {@code U+2800}). The one exception is a zero-width joiner
     *       between two symbols, which is how emoji such as 👩‍💻 are written;
     *   <li>a surrogate without its pair.
     * </ul>
     *
     * <p>Two names that pass collide when their {@link #displayNameKey(String)} is equal.
     *
     * @param name the normalized display name
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
        boolean visible = false;
        int previous = -1;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ZERO_WIDTH_JOINER) {
                int next = i < name.length() ? name.codePointAt(i) : -1;
                if (!(isSymbol(previous) && isSymbol(next))) {
                    return INVISIBLE;
                }
            } else if (Character.getType(cp) == Character.FORMAT || BLANK_LETTERS.indexOf(cp) >= 0) {
                return INVISIBLE;
            } else if (Character.getType(cp) == Character.UNASSIGNED
                    || Character.getType(cp) == Character.PRIVATE_USE) {
                return "must not contain unassigned or private-use characters";
            } else if (!isNameWhitespace(cp) && !isMark(cp)) {
                visible = true;
            }
            if (cp != ZERO_WIDTH_JOINER && !isMark(cp)) {
                previous = cp;
            }
        }
        return visible ? null : "must not be blank";
    }

    /**
     * Returns the key on which two display names collide: the name {@linkplain #normalizeDisplayName normalized},
     * then Unicode NFKC (so that compatibility variants such as full-width {@code Ａlice} or the ligature {@code ﬁ}
     * equal their plain forms), then a locale-independent case fold (upper then lower case in {@link Locale#ROOT}, so
     * {@code ß} folds with {@code SS} and {@code IVAN} with {@code ivan} whatever the JVM's default locale, Turkish
     * included), then NFKC again.
     *
     * @param displayName the display name
     * @return its collision key
     */
    public static String displayNameKey(String displayName) {
        String nfkc = Normalizer.normalize(normalizeDisplayName(displayName), Normalizer.Form.NFKC);
        String folded = nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
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

    private static boolean isNameWhitespace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isControlCodePoint(int cp) {
        return Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029';
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isSymbol(int cp) {
        return cp >= 0 && Character.getType(cp) == Character.OTHER_SYMBOL;
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
