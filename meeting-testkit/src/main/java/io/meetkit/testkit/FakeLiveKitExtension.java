package io.meetkit.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link FakeLiveKitServer} for a JUnit 5 test class: started before the first test, closed after the
 * last, and {@link FakeLiveKitServer#reset() reset} before each test (switch off with
 * {@link #resetBeforeEach(boolean)}). Test and lifecycle methods and constructors can take a
 * {@link FakeLiveKitServer} parameter.
 *
 * <pre>{@code
 * class MyTest {
 *     @RegisterExtension
 *     static final FakeLiveKitExtension LIVEKIT =
 *             new FakeLiveKitExtension(b -> b.apiSecret(SECRET).autoCreate(true).remoteUnmute(false));
 *
 *     @Test
 *     void joins(FakeLiveKitServer livekit) {          // or LIVEKIT.server()
 *         livekit.joinParticipant("room", "alice");
 *         livekit.join(tokenFromYourBackend, FakeTrack.microphone()); // checked as LiveKit checks a connection
 *         livekit.publishTrack("room", "alice", FakeTrack.camera());
 *         livekit.finishRoom("room");
 *     }
 * }
 *
 * @ExtendWith(FakeLiveKitExtension.class)              // defaults: API key devkey, random secret
 * class OtherTest {
 *     @Test
 *     void works(FakeLiveKitServer livekit) { ... }
 * }
 * }</pre>
 *
 * <p>Registered on a static field or with {@code @ExtendWith}, there is one server per test class, shared by its
 * {@code @Nested} classes. Registered on an instance field, each test gets its own server. Not meant to be shared
 * between test classes running in parallel; each class gets its own instance anyway.
 */
public final class FakeLiveKitExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Consumer<FakeLiveKitServer.Builder> configurer;
    private volatile boolean resetBeforeEach = true;
    private volatile @Nullable FakeLiveKitServer server;
    private volatile @Nullable String ownerId;

    /** An extension with the server's defaults (API key {@code devkey}, random secret, free port). */
    public FakeLiveKitExtension() {
        this(b -> {});
    }

    /**
     * An extension whose server is configured by {@code configurer}.
     *
     * @param configurer sets up the builder, e.g. {@code b -> b.apiKey("k").apiSecret(s)}
     */
    public FakeLiveKitExtension(Consumer<FakeLiveKitServer.Builder> configurer) {
        this.configurer = Objects.requireNonNull(configurer, "configurer");
    }

    /**
     * Whether the server is reset before each test (default true).
     *
     * @param reset false to keep state across tests
     * @return this extension
     */
    public FakeLiveKitExtension resetBeforeEach(boolean reset) {
        this.resetBeforeEach = reset;
        return this;
    }

    /**
     * The running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public FakeLiveKitServer server() {
        FakeLiveKitServer s = server;
        if (s == null) {
            throw new IllegalStateException("FakeLiveKitServer is not running: register FakeLiveKitExtension "
                    + "with @RegisterExtension or @ExtendWith and use it from a test");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!startIfNeeded(context) && resetBeforeEach) {
            server().reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FakeLiveKitServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        startIfNeeded(extensionContext);
        return server();
    }

    private synchronized boolean startIfNeeded(ExtensionContext context) {
        if (server != null) {
            return false;
        }
        FakeLiveKitServer.Builder builder = FakeLiveKitServer.builder();
        configurer.accept(builder);
        server = builder.build().start();
        ownerId = context.getUniqueId();
        return true;
    }

    private synchronized void stopIfOwner(ExtensionContext context) {
        FakeLiveKitServer s = server;
        if (s != null && context.getUniqueId().equals(ownerId)) {
            server = null;
            ownerId = null;
            s.close();
        }
    }
}
