package io.meetkit.internal.jwt;

import java.util.Arrays;

/**
 * Base64url without padding (RFC 4648 §5, as JWS compact serialization requires), on array ranges and without
 * allocation: the verifier decodes the header and the 43-character signature straight out of the token's bytes, and the
 * signer writes the MAC straight into the token. Long segments (the payload) go through {@link java.util.Base64}, whose
 * encoder and decoder are vectorized on x86 and far faster than this scalar loop.
 *
 * <p>Decoding is strict: only the 64 alphabet characters, no padding, no whitespace, no length of 1 modulo 4, and the
 * unused bits of the last character must be zero, so every byte sequence has exactly one accepted encoding. That
 * matters for the signature, which must be the canonical encoding of the MAC.
 */
final class Base64Url {

    private static final byte[] ENCODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final byte[] DECODE = new byte[256];

    static {
        Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ENCODE.length; i++) {
            DECODE[ENCODE[i]] = (byte) i;
        }
    }

    private Base64Url() {}

    /** Number of characters that {@code n} bytes encode to (no padding). */
    static int encodedLength(int n) {
        int rem = n % 3;
        return (n / 3) * 4 + (rem == 0 ? 0 : rem + 1);
    }

    /**
     * Encodes {@code src[off, off+len)} into {@code dst} starting at {@code dp}.
     *
     * @return the index in {@code dst} after the last character written
     */
    static int encode(byte[] src, int off, int len, byte[] dst, int dp) {
        final byte[] enc = ENCODE;
        int sp = off;
        int end3 = off + (len / 3) * 3;
        while (sp < end3) {
            int bits = (src[sp] & 0xff) << 16 | (src[sp + 1] & 0xff) << 8 | (src[sp + 2] & 0xff);
            sp += 3;
            dst[dp] = enc[bits >>> 18];
            dst[dp + 1] = enc[(bits >>> 12) & 0x3f];
            dst[dp + 2] = enc[(bits >>> 6) & 0x3f];
            dst[dp + 3] = enc[bits & 0x3f];
            dp += 4;
        }
        int rem = off + len - sp;
        if (rem == 1) {
            int b0 = src[sp] & 0xff;
            dst[dp++] = enc[b0 >>> 2];
            dst[dp++] = enc[(b0 << 4) & 0x3f];
        } else if (rem == 2) {
            int b0 = src[sp] & 0xff;
            int b1 = src[sp + 1] & 0xff;
            dst[dp++] = enc[b0 >>> 2];
            dst[dp++] = enc[(b0 << 4 | b1 >>> 4) & 0x3f];
            dst[dp++] = enc[(b1 << 2) & 0x3f];
        }
        return dp;
    }

    /** Number of bytes that {@code n} characters decode to, or -1 if no valid encoding has that length. */
    static int decodedLength(int n) {
        int rem = n % 4;
        if (rem == 1) {
            return -1;
        }
        return (n / 4) * 3 + (rem == 0 ? 0 : rem - 1);
    }

    /**
     * Decodes {@code src[off, off+len)} into {@code dst} starting at {@code dp}; {@code dst} must have room for
     * {@link #decodedLength(int)} bytes.
     *
     * @return false if the input is not strict base64url (then {@code dst} holds garbage)
     */
    static boolean decode(byte[] src, int off, int len, byte[] dst, int dp) {
        if (len % 4 == 1) {
            return false;
        }
        final byte[] dec = DECODE;
        int sp = off;
        int end4 = off + (len / 4) * 4;
        int bad = 0;
        while (sp < end4) {
            int c0 = dec[src[sp] & 0xff];
            int c1 = dec[src[sp + 1] & 0xff];
            int c2 = dec[src[sp + 2] & 0xff];
            int c3 = dec[src[sp + 3] & 0xff];
            sp += 4;
            bad |= c0 | c1 | c2 | c3; // any -1 sets the sign bit
            int bits = c0 << 18 | c1 << 12 | c2 << 6 | c3;
            dst[dp] = (byte) (bits >> 16);
            dst[dp + 1] = (byte) (bits >> 8);
            dst[dp + 2] = (byte) bits;
            dp += 3;
        }
        int rem = off + len - sp;
        if (rem == 2) {
            int c0 = dec[src[sp] & 0xff];
            int c1 = dec[src[sp + 1] & 0xff];
            bad |= c0 | c1 | ((c1 & 0x0f) == 0 ? 0 : -1);
            dst[dp] = (byte) (c0 << 2 | c1 >> 4);
        } else if (rem == 3) {
            int c0 = dec[src[sp] & 0xff];
            int c1 = dec[src[sp + 1] & 0xff];
            int c2 = dec[src[sp + 2] & 0xff];
            bad |= c0 | c1 | c2 | ((c2 & 0x03) == 0 ? 0 : -1);
            int bits = c0 << 12 | c1 << 6 | c2;
            dst[dp] = (byte) (bits >> 10);
            dst[dp + 1] = (byte) (bits >> 2);
        }
        return bad >= 0;
    }

    /**
     * Decodes a range into a new array.
     *
     * @return the bytes, or null if the input is not strict base64url
     */
    static byte @org.jspecify.annotations.Nullable [] decode(byte[] src, int off, int len) {
        int n = decodedLength(len);
        if (n < 0) {
            return null;
        }
        byte[] out = new byte[n];
        return decode(src, off, len, out, 0) ? out : null;
    }
}
