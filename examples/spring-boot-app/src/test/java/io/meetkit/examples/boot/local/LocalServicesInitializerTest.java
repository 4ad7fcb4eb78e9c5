package io.meetkit.examples.boot.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.testkit.FakeLiveKitServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/** What the initializer starts, and that closing the context stops it. */
class LocalServicesInitializerTest {

    static GenericApplicationContext context(MockEnvironment env) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(env);
        new LocalServicesInitializer().initialize(context);
        context.refresh();
        return context;
    }

    @Test
    void withNothingConfiguredItStartsTheSimulationAndS3AndStopsThemWithTheContext() {
        MockEnvironment env = new MockEnvironment();
        FakeLiveKitServer liveKit;
        try (GenericApplicationContext context = context(env)) {
            LocalServices services = context.getBean(LocalServices.class);
            liveKit = services.liveKit().orElseThrow();

            assertThat(env.getProperty("meetkit.livekit.url")).isEqualTo(liveKit.url());
            assertThat(env.getProperty("meetkit.livekit.api-key")).isEqualTo("local-simulation");
            assertThat(env.getProperty("meetkit.livekit.api-secret").getBytes(StandardCharsets.UTF_8).length)
                    .isGreaterThanOrEqualTo(32);
            assertThat(env.getProperty("meetkit.recording.s3.bucket")).isEqualTo("recordings");
            assertThat(env.getProperty("meetkit.recording.s3.endpoint"))
                    .isEqualTo(services.s3().orElseThrow().endpoint().toString());
            assertThat(env.getProperty("meetkit.recording.s3.path-style")).isEqualTo("true");
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", liveKit.port()).close())
                .as("the simulation is stopped")
                .isInstanceOf(IOException.class);
    }

    @Test
    void configuredServicesAreLeftAlone() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("meetkit.livekit.url", "wss://livekit.example.com")
                .withProperty("meetkit.recording.s3.bucket", "my-recordings");
        try (GenericApplicationContext context = context(env)) {
            assertThat(context.getBean(LocalServices.class).none()).isTrue();
            assertThat(env.getProperty("meetkit.livekit.url")).isEqualTo("wss://livekit.example.com");
            assertThat(env.getProperty("meetkit.recording.s3.bucket")).isEqualTo("my-recordings");
        }
    }

    @Test
    void theSwitchTurnsItOff() {
        MockEnvironment env = new MockEnvironment().withProperty("app.local-services.enabled", "false");
        try (GenericApplicationContext context = context(env)) {
            assertThat(context.getBeansOfType(LocalServices.class)).isEmpty();
            assertThat(env.getProperty("meetkit.livekit.url")).isNull();
        }
    }
}
