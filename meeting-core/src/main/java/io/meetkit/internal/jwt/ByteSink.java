package io.meetkit.internal.jwt;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, growable byte buffer that exposes its array, so the signer can encode from it without a copy. */
final class ByteSink extends OutputStream {

    private byte[] buf;
    private int count;

    ByteSink(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    @Override
    public void write(int b) {
        ensure(count + 1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(count + len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    byte[] buffer() {
        return buf;
    }

    int size() {
        return count;
    }

    private void ensure(int needed) {
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }
}
