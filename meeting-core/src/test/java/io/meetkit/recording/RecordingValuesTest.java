package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordingValuesTest {

    @Nested
    @DisplayName("ByteRange")
    class ByteRanges {
        @Test
        void factoriesAndHttpForm() {
            assertThat(ByteRange.first(16)).isEqualTo(new ByteRange(0, 15L));
            assertThat(ByteRange.from(7).toHttp()).isEqualTo("bytes=7-");
            assertThat(ByteRange.of(3, 9).toHttp()).isEqualTo("bytes=3-9");
        }

        @Test
        void parsesHttpRanges() {
            assertThat(ByteRange.parseHttp("bytes=0-99")).isEqualTo(ByteRange.of(0, 99));
            assertThat(ByteRange.parseHttp(" Bytes=100- ")).isEqualTo(ByteRange.from(100));
        }

        @Test
        void refusesWhatItDoesNotServe() {
            for (String bad : new String[] {"bytes=-500", "bytes=0-1,5-6", "items=0-1", "bytes=a-b", "bytes=9-3"}) {
                assertThatThrownBy(() -> ByteRange.parseHttp(bad))
                        .as(bad)
                        .isInstanceOfSatisfying(
                                InvalidRequestException.class,
                                e -> assertThat(e.violations().get(0).field()).isEqualTo("range"));
            }
            assertThatThrownBy(() -> new ByteRange(-1, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ByteRange.first(0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void lastByteIsCutToTheFileAndAStartPastTheEndIsAnError() {
            assertThat(ByteRange.of(10, 1000).lastByte(100)).isEqualTo(99);
            assertThat(ByteRange.from(10).lastByte(100)).isEqualTo(99);
            assertThat(ByteRange.of(10, 20).lastByte(100)).isEqualTo(20);
            assertThatThrownBy(() -> ByteRange.from(100).lastByte(100))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("starts at byte 100, past the end of the 100-byte recording");
        }
    }

    @Test
    @DisplayName("RecordingContent reports the range it serves")
    void content() {
        try (RecordingContent c =
                new RecordingContent(new ByteArrayInputStream(new byte[] {1, 2, 3}), 5, 7, 10, true, "video/mp4")) {
            assertThat(c.length()).isEqualTo(3);
            assertThat(c.contentRange()).isEqualTo("bytes 5-7/10");
            assertThat(c.readAllBytes()).containsExactly(1, 2, 3);
        }
        assertThatThrownBy(() -> new RecordingContent(new ByteArrayInputStream(new byte[0]), 5, 10, 10, true, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("RecordingOptions default to grid, audio and video, 720p30")
    void options() {
        assertThat(RecordingOptions.defaults().layout()).isEqualTo(RecordingLayout.GRID);
        assertThat(RecordingOptions.defaults().audioOnly()).isFalse();
        assertThat(RecordingOptions.defaults().encoding()).isEqualTo(RecordingEncoding.H264_720P_30);
        assertThat(RecordingOptions.builder()
                        .audioOnly(true)
                        .layout(RecordingLayout.SINGLE_SPEAKER)
                        .build())
                .isEqualTo(RecordingOptions.builder()
                        .layout(RecordingLayout.SINGLE_SPEAKER)
                        .audioOnly(true)
                        .build());
        assertThat(RecordingLayout.SINGLE_SPEAKER.liveKitName()).isEqualTo("single-speaker");
    }

    @Test
    @DisplayName("secrets never show in toString")
    void noSecretsInToString() {
        EgressS3Upload upload = new EgressS3Upload(
                "b", "us-east-1", URI.create("http://s3:9000"), true, "AKIA", "very-secret", "session-token");
        assertThat(upload.toString())
                .doesNotContain("very-secret")
                .doesNotContain("session-token")
                .contains("AKIA");
        assertThatThrownBy(() -> new EgressS3Upload("b", "r", null, false, "key", null, null))
                .isInstanceOf(IllegalArgumentException.class);

        DownloadUrl url = new DownloadUrl(URI.create("http://s3/b/k.mp4?X-Amz-Signature=abc"), Instant.EPOCH);
        assertThat(url.toString()).doesNotContain("abc").contains("/b/k.mp4");
    }

    @Test
    @DisplayName("key prefixes are plain key paths")
    void keyPrefix() {
        assertThat(RecordingController.validKeyPrefix("/meet/recordings/")).isEqualTo("meet/recordings");
        for (String bad : new String[] {"", "/", "a//b", "a b", "a?b", "ä"}) {
            assertThatThrownBy(() -> RecordingController.validKeyPrefix(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keyPrefix");
        }
    }

    @Test
    @DisplayName("the S3 storage builder validates at once and names the bad value")
    void s3Builder() {
        assertThatThrownBy(() -> S3RecordingStorage.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket");
        assertThatThrownBy(() -> S3RecordingStorage.builder().bucket(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3RecordingStorage.builder().endpoint(URI.create("ftp://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> S3RecordingStorage.builder().callTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        try (S3RecordingStorage s = S3RecordingStorage.builder()
                .bucket("rec")
                .region("EU-WEST-1")
                .endpoint(URI.create("http://127.0.0.1:9000"))
                .pathStyle(true)
                .credentials("key", "secret")
                .egressUpload(true)
                .build()) {
            assertThat(s.toString()).doesNotContain("secret=").contains("rec");
            EgressS3Upload upload = s.egressUpload().orElseThrow();
            assertThat(upload.bucket()).isEqualTo("rec");
            assertThat(upload.region()).isEqualTo("eu-west-1");
            assertThat(upload.accessKey()).isEqualTo("key");
            assertThat(upload.forcePathStyle()).isTrue();
            assertThat(upload.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
            assertThatThrownBy(() -> s.presignedGet("k", Duration.ofDays(8)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(s.presignedGet("a/b.mp4", Duration.ofMinutes(1)).url().toString())
                    .startsWith("http://127.0.0.1:9000/rec/a/b.mp4?")
                    .contains("X-Amz-Signature=");
        }
        try (S3RecordingStorage s =
                S3RecordingStorage.builder().bucket("rec").credentials("k", "s").build()) {
            assertThat(s.egressUpload()).isEmpty();
        }
    }
}
