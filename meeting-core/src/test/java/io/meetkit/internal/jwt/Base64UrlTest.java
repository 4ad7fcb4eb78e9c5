package io.meetkit.internal.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

    private static final Base64.Encoder JDK = Base64.getUrlEncoder().withoutPadding();

    @Test
    void matchesTheJdkForEveryLengthAndOffset() {
        SplittableRandom random = new SplittableRandom(42);
        for (int len = 0; len < 200; len++) {
            byte[] data = new byte[len + 5];
            random.nextBytes(data);
            byte[] slice = java.util.Arrays.copyOfRange(data, 3, 3 + len);
            String expected = JDK.encodeToString(slice);

            byte[] out = new byte[Base64Url.encodedLength(len) + 2];
            int end = Base64Url.encode(data, 3, len, out, 1);

            assertThat(end).isEqualTo(1 + expected.length());
            assertThat(new String(out, 1, expected.length(), StandardCharsets.US_ASCII))
                    .isEqualTo(expected);
            byte[] encoded = ("xx" + expected).getBytes(StandardCharsets.US_ASCII);
            assertThat(Base64Url.decodedLength(expected.length())).isEqualTo(len);
            assertThat(Base64Url.decode(encoded, 2, expected.length())).isEqualTo(slice);
        }
    }

    @Test
    void decodingIsStrict() {
        assertThat(decode("")).isEmpty();
        assertThat(decode("AA")).containsExactly(0);
        assertThat(decode("AB")).isNull(); // unused bits set
        assertThat(decode("AAA")).containsExactly(0, 0);
        assertThat(decode("AAB")).isNull();
        assertThat(decode("A")).isNull(); // length 1 mod 4
        assertThat(decode("AA==")).isNull(); // padding
        assertThat(decode("a+b/")).isNull(); // standard alphabet
        assertThat(decode("ab c")).isNull();
        assertThat(decode("-_-_")).isNotNull();
        assertThat(Base64Url.decode(new byte[] {'A', 'A', (byte) 0xC3, 'A'}, 0, 4))
                .isNull();
    }

    private static byte[] decode(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Base64Url.decode(b, 0, b.length);
    }
}
