package io.meetkit.testkit.internal;

import java.security.SecureRandom;

/**
 * LiveKit-shaped ids: a prefix ({@code RM_}, {@code PA_}, {@code TR_}, {@code EG_}) and 12 base62 characters.
 * Thread-safe.
 */
public final class Ids {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /**
     * A new id.
     *
     * @param prefix e.g. {@code "RM_"}
     * @return prefix plus 12 random base62 characters
     */
    public static String next(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 12).append(prefix);
        for (int i = 0; i < 12; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
