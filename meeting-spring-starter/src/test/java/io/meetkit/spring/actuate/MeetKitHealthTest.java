package io.meetkit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.TwirpCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The health check against FakeLiveKitServer, with a clock the test moves (no sleeps, no timing asserts). */
class MeetKitHealthTest {

    static final Duration TTL = Duration.ofSeconds(5);

    FakeLiveKitServer liveKit;
    LiveKitServerGateway gateway;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void start() {
        liveKit = FakeLiveKitServer.builder().build().start();
        gateway = MeetKit.liveKitGateway(liveKit.url(), liveKit.apiKey(), liveKit.apiSecret(), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        gateway.close();
        liveKit.close();
    }

    MeetKitHealth health(boolean liveKitRequired) {
        return new MeetKitHealth(
                gateway, new InMemoryStores(), Duration.ofSeconds(2), TTL, liveKitRequired, nanos::get);
    }

    long listRoomsCalls() {
        return liveKit.requests().stream()
                .filter(r -> r.method().equals("ListRooms"))
                .count();
    }

    @Test
    @DisplayName("LiveKit is asked once per cache TTL, however often the check runs; the store every time")
    void liveKitAnswerIsCached() {
        try (MeetKitHealth h = health(false)) {
            for (int i = 0; i < 50; i++) {
                MeetKitHealth.Report r = h.check();
                assertThat(r.up()).isTrue();
                assertThat(r.details()).containsEntry("livekit", "UP").containsEntry("store", "UP");
                nanos.addAndGet(Duration.ofMillis(50).toNanos()); // 50 checks span 2.5 s < TTL
            }
            assertThat(listRoomsCalls()).isEqualTo(1);

            nanos.addAndGet(TTL.toNanos());
            assertThat(h.check().up()).isTrue();
            assertThat(listRoomsCalls()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("details: LiveKit and store latency, when LiveKit was checked, whether it is required, store type")
    void details() {
        try (MeetKitHealth h = health(false)) {
            h.check();
            nanos.addAndGet(Duration.ofMillis(1200).toNanos());
            MeetKitHealth.Report r = h.check();
            assertThat(r.details())
                    .containsKeys("livekitLatencyMs", "storeLatencyMs")
                    .containsEntry("livekitCheckedMsAgo", 1200L)
                    .containsEntry("livekitRequired", false)
                    .containsEntry("storeType", "InMemoryStores");
        }
    }

    @Test
    @DisplayName("LiveKit down: reported in the details, the check stays UP (LiveKit is shared by all instances)")
    void liveKitDownIsReportedNotFatal() {
        liveKit.failNext("ListRooms", 1, Fault.twirp(TwirpCode.UNAVAILABLE, "down for maintenance"));
        try (MeetKitHealth h = health(false)) {
            MeetKitHealth.Report r = h.check();
            assertThat(r.up()).isTrue();
            assertThat((String) r.details().get("livekit")).startsWith("DOWN").contains("down for maintenance");
            assertThat(r.details()).containsEntry("store", "UP").doesNotContainKey("livekitLatencyMs");

            // the failure is cached like a success, then LiveKit is asked again and is back
            assertThat((String) h.check().details().get("livekit")).startsWith("DOWN");
            nanos.addAndGet(TTL.toNanos());
            assertThat(h.check().details()).containsEntry("livekit", "UP");
            assertThat(listRoomsCalls()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("livekit-required: a LiveKit failure makes the check DOWN")
    void liveKitRequired() {
        liveKit.failNext("ListRooms", 1, Fault.twirp(TwirpCode.UNAVAILABLE, "down"));
        try (MeetKitHealth h = health(true)) {
            MeetKitHealth.Report r = h.check();
            assertThat(r.up()).isFalse();
            assertThat(r.details()).containsEntry("livekitRequired", true).containsEntry("store", "UP");
        }
    }

    @Test
    @DisplayName("a zero TTL asks LiveKit on every check")
    void zeroTtl() {
        try (MeetKitHealth h = new MeetKitHealth(
                gateway, new InMemoryStores(), Duration.ofSeconds(2), Duration.ZERO, false, nanos::get)) {
            h.check();
            h.check();
            h.check();
            assertThat(listRoomsCalls()).isEqualTo(3);
        }
    }
}
