package io.meetkit.internal.jwt;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with one secret, for many threads: each thread clones one {@link Mac} from a prototype, once (a clone
 * costs about as much as one signature, so short-lived virtual threads remain fine). Thread-safe; the secret never
 * appears in {@link #toString()}.
 */
final class Hs256Mac {

    /** The length of an HMAC-SHA256, in bytes. */
    static final int MAC_BYTES = 32;

    private static final String MAC_ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;
    private final ThreadLocal<Mac> macs;

    /** Keeps its own copy of the secret; the caller may wipe {@code secret} afterwards. */
    Hs256Mac(byte[] secret) {
        this.key = new SecretKeySpec(Objects.requireNonNull(secret, "secret"), MAC_ALGORITHM);
        this.prototype = newMac(key);
        this.macs = ThreadLocal.withInitial(this::cloneMac);
    }

    /** Computes HMAC-SHA256 over {@code data[0, len)} with this thread's {@code Mac}. */
    byte[] hmac(byte[] data, int len) {
        Mac mac = macs.get();
        mac.update(data, 0, len);
        return mac.doFinal();
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private Mac cloneMac() {
        synchronized (prototype) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newMac(key); // providers other than SunJCE may not support clone
            }
        }
    }

    @Override
    public String toString() {
        return "Hs256Mac{****}";
    }
}
