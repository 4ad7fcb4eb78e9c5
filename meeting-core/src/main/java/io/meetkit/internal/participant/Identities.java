package io.meetkit.internal.participant;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Makes the LiveKit identities MeetKit generates: a readable prefix from the display name plus a random suffix, for
 * example {@code dana-k3v9q2m7x1fz} for "Dana". The suffix has 60 random bits, so an identity is never given twice
 * and an old token never names a later participant. The idea is OpenVidu Meet's (its room member service prefixes an
 * anonymous participant's identity with the name's ASCII letters and digits and appends a random uid). Thread-safe.
 * Not API.
 */
final class Identities {

    /** The longest readable prefix. */
    static final int MAX_PREFIX = 32;

    /** The length of the random suffix, in base-32 characters of 5 bits. */
    static final int SUFFIX_LENGTH = 12;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecureRandom random;

    Identities(SecureRandom random) {
        this.random = random;
    }

    /** A new identity for a participant with this (normalized) display name. */
    String generate(String displayName) {
        StringBuilder sb = new StringBuilder(MAX_PREFIX + 1 + SUFFIX_LENGTH).append(prefix(displayName));
        sb.append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** The readable part: the name without accents, in lower case, runs of anything else as one {@code _}. */
    static String prefix(String displayName) {
        String ascii = Normalizer.normalize(displayName, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(MAX_PREFIX);
        boolean gap = false;
        for (int i = 0; i < ascii.length() && sb.length() < MAX_PREFIX; i++) {
            char c = ascii.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (gap && sb.length() > 0) {
                    sb.append('_');
                }
                sb.append(c);
                gap = false;
            } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
                gap = true;
            }
        }
        if (sb.length() > MAX_PREFIX) {
            sb.setLength(MAX_PREFIX);
        }
        return sb.length() == 0 ? "participant" : sb.toString();
    }
}
