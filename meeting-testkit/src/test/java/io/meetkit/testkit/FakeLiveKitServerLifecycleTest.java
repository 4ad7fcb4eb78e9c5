package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.server.RoomServiceClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

/** Builder validation, start/close, the standalone main's arguments, and concurrent use. */
class FakeLiveKitServerLifecycleTest {

    @Test
    void builderNamesBadValues() {
        assertThatThrownBy(() -> FakeLiveKitServer.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 0..65535: 70000");
        assertThatThrownBy(() -> FakeLiveKitServer.builder().apiKey(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() -> FakeLiveKitServer.builder().apiSecret(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiSecret");
        assertThatThrownBy(() -> FakeLiveKitServer.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> FakeLiveKitServer.builder().webhookUrl(URI.create("ftp://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> FakeLiveKitServer.builder().workerThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void urlNeedsAStartedServerAndStartIsOnce() {
        FakeLiveKitServer server = FakeLiveKitServer.builder().build();
        assertThatThrownBy(server::url)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");

        try (server) {
            server.start();
            assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(server.apiSecret()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(server.toString()).doesNotContain(server.apiSecret());
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        server.close();
    }

    @Test
    void closedServerRefusesConnections() throws Exception {
        FakeLiveKitServer server = FakeLiveKitServer.builder().build().start();
        RoomServiceClient client = RoomServiceClient.createClient(server.url(), server.apiKey(), server.apiSecret());
        assertThat(client.listRooms().execute().isSuccessful()).isTrue();

        server.close();

        assertThatThrownBy(() -> RoomServiceClient.createClient(server.url(), server.apiKey(), server.apiSecret())
                        .listRooms()
                        .execute())
                .isInstanceOf(IOException.class);
    }

    @Test
    void fixedPortIsUsed() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (FakeLiveKitServer server =
                FakeLiveKitServer.builder().port(port).build().start()) {
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + port);
        }
    }

    @Test
    void mainParsesItsArguments() {
        FakeLiveKitServer server = FakeLiveKitServerMain.parse(
                new String[] {
                    "--port", "0", "--api-key", "k", "--api-secret", "s", "--webhook-url", "http://127.0.0.1:9/hook"
                },
                System.out);

        assertThat(server).isNotNull();
        try (FakeLiveKitServer s = server.start()) {
            assertThat(s.apiKey()).isEqualTo("k");
            assertThat(s.apiSecret()).isEqualTo("s");
        }
        assertThatThrownBy(() -> FakeLiveKitServerMain.parse(new String[] {"--bogus"}, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> FakeLiveKitServerMain.parse(new String[] {"--port", "x"}, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertThat(FakeLiveKitServerMain.parse(
                        new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8)))
                .isNull();
        assertThat(help.toString(StandardCharsets.UTF_8)).contains("--api-key");
    }

    @Test
    void concurrentClientsAndTestCallsKeepTheStateConsistent() throws Exception {
        try (FakeLiveKitServer server =
                FakeLiveKitServer.builder().workerThreads(4).build().start()) {
            RoomServiceClient client =
                    RoomServiceClient.createClient(server.url(), server.apiKey(), server.apiSecret());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> tasks = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    tasks.add(
                            () -> client.createRoom("room" + (n % 5)).execute().isSuccessful());
                    tasks.add(() -> server.joinParticipant("room" + (n % 5), "p" + n) != null);
                }
                for (Future<Boolean> f : pool.invokeAll(tasks)) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(server.rooms()).hasSize(5);
            int total = 0;
            for (var room : server.rooms()) {
                List<ParticipantInfo> ps = server.participants(room.getName());
                assertThat(room.getNumParticipants()).isEqualTo(ps.size());
                total += ps.size();
            }
            assertThat(total).isEqualTo(40);
            assertThat(server.sentWebhooks("room_started")).hasSize(5);
            assertThat(server.sentWebhooks("participant_joined")).hasSize(40);
        }
    }
}
