package io.meetkit.participant;

import io.meetkit.InvalidRequestException.Violation;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validation of what participants and applications send in: the one home of these rules. Stateless. */
public final class ParticipantInput {

    /** The longest display name, in code points, after trimming. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 50;
    /** The longest identity, in code points. */
    public static final int MAX_IDENTITY_LENGTH = 255;
    /** The most attributes a token may carry. */
    public static final int MAX_ATTRIBUTES = 32;
    /** The longest attribute key. */
    public static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;
    /** The longest attribute value. */
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

    private ParticipantInput() {}

    /**
     * Validates a display name and returns it trimmed: not blank, at most {@value #MAX_DISPLAY_NAME_LENGTH} code
     * points, no control characters (ISO controls, and the line and paragraph separators), no unpaired surrogates.
     *
     * @return the trimmed name, or {@code null} if it is invalid (a violation was added)
     */
    public static @Nullable String displayName(String raw, List<Violation> violations) {
        String name = raw.strip();
        if (name.isEmpty()) {
            violations.add(new Violation("displayName", "must not be blank"));
            return null;
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_DISPLAY_NAME_LENGTH) {
            violations.add(new Violation(
                    "displayName", "must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters: " + length));
            return null;
        }
        if (hasControl(name)) {
            violations.add(new Violation("displayName", "must not contain control characters"));
            return null;
        }
        if (hasUnpairedSurrogate(name)) {
            violations.add(new Violation("displayName", "must be valid Unicode text"));
            return null;
        }
        return name;
    }

    /** Validates an identity given by the application: not blank, not over-long, no control characters. */
    public static void identity(String identity, List<Violation> violations) {
        if (identity.isBlank()) {
            violations.add(new Violation("identity", "must not be blank"));
        } else if (identity.codePointCount(0, identity.length()) > MAX_IDENTITY_LENGTH) {
            violations.add(new Violation("identity", "must be at most " + MAX_IDENTITY_LENGTH + " characters"));
        } else if (hasControl(identity)) {
            violations.add(new Violation("identity", "must not contain control characters"));
        } else if (hasUnpairedSurrogate(identity)) {
            violations.add(new Violation("identity", "must be valid Unicode text"));
        }
    }

    /** Validates token attributes: a bounded number of short keys without control characters, bounded values. */
    public static void attributes(Map<String, String> attributes, List<Violation> violations) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            violations.add(new Violation(
                    "attributes", "must hold at most " + MAX_ATTRIBUTES + " entries: " + attributes.size()));
            return;
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String k = e.getKey();
            if (k.isBlank() || k.length() > MAX_ATTRIBUTE_KEY_LENGTH || hasControl(k) || hasUnpairedSurrogate(k)) {
                violations.add(new Violation(
                        "attributes",
                        "keys must be 1 to " + MAX_ATTRIBUTE_KEY_LENGTH
                                + " characters of valid Unicode text without control characters"));
            } else if (e.getValue().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                violations.add(new Violation(
                        "attributes." + k, "must be at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters"));
            } else if (hasUnpairedSurrogate(e.getValue())) {
                violations.add(new Violation("attributes." + k, "must be valid Unicode text"));
            }
        }
    }

    /** Whether the text has an ISO control character or a line or paragraph separator. */
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
     * Whether the text has a surrogate without its pair: not valid Unicode, and it cannot be written as UTF-8 JSON
     * (the token would fail to sign after the name was reserved).
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

    /** A short, printable form of an untrusted value for an error message. */
    public static String describe(String untrusted) {
        if (untrusted.length() > ParticipantRole.MAX_NAME_LENGTH || hasControl(untrusted)) {
            return "(not shown)";
        }
        return "'" + untrusted + "'";
    }
}
