package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.server.RoomServiceClient;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension: one server per class, reset before each test, injectable as a parameter. */
class FakeLiveKitExtensionTest {

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class RegisteredOnAStaticField {
        // static fields in inner classes need Java 16+; the testkit targets 17
        @RegisterExtension
        static final FakeLiveKitExtension LIVEKIT =
                new FakeLiveKitExtension(b -> b.apiKey("APIext").apiSecret("ext-secret"));

        static final AtomicReference<FakeLiveKitServer> FIRST = new AtomicReference<>();

        @Test
        @Order(1)
        void serverIsRunningAndConfigured(FakeLiveKitServer injected) throws Exception {
            assertThat(injected).isSameAs(LIVEKIT.server());
            assertThat(injected.apiKey()).isEqualTo("APIext");
            assertThat(injected.apiSecret()).isEqualTo("ext-secret");
            RoomServiceClient client = RoomServiceClient.createClient(injected.url(), "APIext", "ext-secret");
            assertThat(client.createRoom("left-over").execute().isSuccessful()).isTrue();
            injected.failNext(3, Fault.http(503));
            FIRST.set(injected);
        }

        @Test
        @Order(2)
        void sameServerIsResetBeforeTheNextTest(FakeLiveKitServer injected) {
            assertThat(injected).isSameAs(FIRST.get());
            assertThat(injected.rooms()).isEmpty();
            assertThat(injected.requests()).isEmpty();
            assertThat(injected.pendingFaults()).isZero();
        }
    }

    @Nested
    @ExtendWith(FakeLiveKitExtension.class)
    class DeclaredWithExtendWith {
        static FakeLiveKitServer fromBeforeAll;

        @BeforeAll
        static void captured(FakeLiveKitServer server) {
            fromBeforeAll = server;
        }

        @Test
        void parameterIsTheClassServer(FakeLiveKitServer server) {
            assertThat(server).isSameAs(fromBeforeAll);
            assertThat(server.apiKey()).isEqualTo("devkey");
            assertThat(server.url()).startsWith("http://127.0.0.1:");
        }

        @Nested
        class NestedClass {
            @Test
            void sharesTheOuterServer(FakeLiveKitServer server) {
                assertThat(server).isSameAs(fromBeforeAll);
            }
        }

        @AfterAll
        static void stillRunningInAfterAll() {
            assertThat(fromBeforeAll.port()).isPositive();
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class RegisteredOnAnInstanceField {
        static final AtomicReference<FakeLiveKitServer> PREVIOUS = new AtomicReference<>();

        @RegisterExtension
        final FakeLiveKitExtension livekit = new FakeLiveKitExtension();

        @Test
        @Order(1)
        void firstTestGetsAServer() {
            PREVIOUS.set(livekit.server());
            assertThat(livekit.server().rooms()).isEmpty();
        }

        @Test
        @Order(2)
        void eachTestGetsItsOwnServerAndTheLastOneIsClosed(FakeLiveKitServer server) {
            assertThat(server).isSameAs(livekit.server()).isNotSameAs(PREVIOUS.get());
            assertThatThrownBy(() -> PREVIOUS.get().start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void serverOutsideTheLifecycleIsAClearError() {
        FakeLiveKitExtension unused = new FakeLiveKitExtension();

        assertThatThrownBy(unused::server)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }
}
