package io.meetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeetKitBuilderTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-long-enough";

    @Test
    @DisplayName("a secret shorter than 32 bytes is refused with a message that says why")
    void shortSecretRefused() {
        MeetKit.Builder b = MeetKit.builder()
                .liveKitUrl("wss://lk.example.com")
                .apiKey("key")
                .apiSecret("secret");
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageContaining("allowShortSecretForDevelopment")
                .hasMessageNotContaining("secret,");
    }

    @Test
    void shortSecretAcceptedWithTheDevelopmentSwitch() {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:7880")
                .apiKey("devkey")
                .apiSecret("secret")
                .allowShortSecretForDevelopment(true)
                .build()) {
            assertThat(kit.meetings()).isNotNull();
        }
    }

    @Test
    void toStringNeverShowsTheSecret() {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl("wss://lk.example.com")
                .apiKey("key")
                .apiSecret(SECRET)
                .build()) {
            assertThat(kit.toString()).doesNotContain(SECRET).contains("key").contains("****");
        }
    }

    @Test
    void missingRequiredSettingsAreNamed() {
        assertThatThrownBy(() -> MeetKit.builder().apiKey("k").apiSecret(SECRET).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("liveKitUrl is required");
        assertThatThrownBy(() -> MeetKit.builder()
                        .liveKitUrl("https://x")
                        .apiSecret(SECRET)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("apiKey is required");
        assertThatThrownBy(() ->
                        MeetKit.builder().liveKitUrl("https://x").apiKey("k").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("apiSecret is required");
    }

    @Test
    void badValuesAreRefusedAtOnceAndNamed() {
        assertThatThrownBy(() -> MeetKit.builder().liveKitUrl("ftp://lk.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://lk.example.com");
        assertThatThrownBy(() -> MeetKit.builder().callTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callTimeout must be positive: PT0S");
        assertThatThrownBy(() -> MeetKit.builder().apiKey(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiKey must not be blank");
    }

    @Test
    void everyUrlSchemeLiveKitClientsUseIsAccepted() {
        for (String url : new String[] {"http://h:7880", "https://h", "ws://h:7880", "wss://h/"}) {
            try (MeetKit kit = MeetKit.builder()
                    .liveKitUrl(url)
                    .apiKey("k")
                    .apiSecret(SECRET)
                    .build()) {
                assertThat(kit.liveKitUrl()).isEqualTo(url);
            }
        }
    }
}
