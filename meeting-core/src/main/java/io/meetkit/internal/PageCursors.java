package io.meetkit.internal;

import io.meetkit.InvalidRequestException;
import io.meetkit.meeting.Page;
import io.meetkit.store.KeysetPosition;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page cursors: a keyset position with a truncated HMAC, so that a cursor that was tampered with is refused
 * instead of silently reading the wrong page. The key derives from the LiveKit API secret, so every instance of a
 * cluster accepts the others' cursors. A cursor is bound to its listing ({@link #MEETINGS}, {@link #RECORDINGS}): the
 * listing's name is part of the MAC, so a meetings cursor sent to the recordings list is refused as invalid instead
 * of reading recordings from a meeting's position. Thread-safe. Not API.
 */
public final class PageCursors {

    /** The listing of meetings. */
    public static final String MEETINGS = "meetings";

    /** The listing of recordings. */
    public static final String RECORDINGS = "recordings";

    private static final byte VERSION = 1;
    private static final int BODY = 1 + 8 + 4 + 16;
    private static final int TAG = 12;

    private final SecretKeySpec key;

    /**
     * Creates the codec.
     *
     * @param secret the key material (MeetKit passes its API secret)
     */
    public PageCursors(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] derived = mac.doFinal("meetkit page cursor v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Encodes a position of one listing.
     *
     * @param listing the listing, for example {@link #MEETINGS}
     * @param position the position
     * @return the cursor
     */
    public String encode(String listing, KeysetPosition position) {
        ByteBuffer buf = ByteBuffer.allocate(BODY + TAG);
        buf.put(VERSION)
                .putLong(position.createdAt().getEpochSecond())
                .putInt(position.createdAt().getNano())
                .putLong(position.id().getMostSignificantBits())
                .putLong(position.id().getLeastSignificantBits());
        buf.put(tag(listing, buf.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /**
     * Decodes a cursor this codec encoded for the same listing.
     *
     * @param listing the listing the cursor is sent to
     * @param cursor the cursor
     * @param field the name of the request field, for the error
     * @return the position
     * @throws InvalidRequestException if the cursor is malformed, was not issued here or belongs to another listing
     */
    public KeysetPosition decode(String listing, String cursor, String field) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "is not a valid cursor");
        }
        if (raw.length != BODY + TAG || raw[0] != VERSION) {
            throw new InvalidRequestException(field, "is not a valid cursor");
        }
        byte[] expected = tag(listing, raw);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, BODY, BODY + TAG))) {
            throw new InvalidRequestException(field, "was not issued by this server for this listing, or was changed");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw, 1, BODY - 1);
        long seconds = buf.getLong();
        int nanos = buf.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new InvalidRequestException(field, "is not a valid cursor");
        }
        return new KeysetPosition(Instant.ofEpochSecond(seconds, nanos), new UUID(buf.getLong(), buf.getLong()));
    }

    /**
     * Turns the rows of a keyset query that asked for {@code limit + 1} rows into a page: the extra row only says
     * that there is a next page, whose cursor is the position of the page's last item.
     *
     * @param listing the listing, whose name the next cursor is bound to
     * @param rows up to {@code limit + 1} rows, newest first
     * @param limit the page size
     * @param position the keyset position of a row
     */
    public <T> Page<T> page(String listing, List<T> rows, int limit, Function<T, KeysetPosition> position) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, encode(listing, position.apply(items.get(items.size() - 1))));
    }

    private byte[] tag(String listing, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] name = listing.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            mac.update((byte) name.length);
            mac.update(name);
            mac.update(data, 0, BODY);
            return Arrays.copyOf(mac.doFinal(), TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
