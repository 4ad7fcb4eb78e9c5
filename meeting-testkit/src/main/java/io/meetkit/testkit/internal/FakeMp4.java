package io.meetkit.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The bytes the simulated egress uploads: a small ISO BMFF file (an {@code ftyp} box, a {@code free} box and an
 * {@code mdat} box of deterministic pseudo-random bytes), about 4 KiB. Players will not play it; anything that
 * sniffs the type sees an MP4. Thread-safe.
 */
public final class FakeMp4 {

    /** Size of the {@code mdat} payload. */
    static final int MDAT_PAYLOAD = 4096;

    private static final byte[] BYTES = build();

    private FakeMp4() {}

    /**
     * The file bytes, the same every time.
     *
     * @return a fresh copy of the bytes
     */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    private static byte[] build() {
        String[] brands = {"isom", "iso2", "avc1", "mp41"};
        int ftypSize = 8 + 4 + 4 + 4 * brands.length;
        int freeSize = 8;
        int mdatSize = 8 + MDAT_PAYLOAD;
        ByteBuffer b = ByteBuffer.allocate(ftypSize + freeSize + mdatSize);
        b.putInt(ftypSize).put(ascii("ftyp")).put(ascii("isom")).putInt(0x200);
        for (String brand : brands) {
            b.put(ascii(brand));
        }
        b.putInt(freeSize).put(ascii("free"));
        b.putInt(mdatSize).put(ascii("mdat"));
        SplittableRandom random = new SplittableRandom(0x4D45_4554_4B49_5400L); // "MEETKIT"
        byte[] payload = new byte[MDAT_PAYLOAD];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) random.nextInt(256);
        }
        b.put(payload);
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
