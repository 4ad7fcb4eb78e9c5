package io.meetkit.internal.observe;

import io.meetkit.MeetingException;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.observe.MeetKitObserver;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LiveKitGateway} that reports each call of its delegate (method name, outcome, time taken) to a
 * {@link MeetKitObserver}. A proxy, so that a method added to the gateway is observed without a change here.
 * Thread-safe if the delegate is. Not API.
 */
public final class ObservedLiveKitGateway implements InvocationHandler {

    private final LiveKitGateway delegate;
    private final MeetKitObserver observer;

    private ObservedLiveKitGateway(LiveKitGateway delegate, MeetKitObserver observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    /**
     * Returns a gateway that reports every call of {@code gateway} to {@code observer}.
     *
     * @param gateway the gateway to observe
     * @param observer where the calls are reported; it must not throw (see {@link SafeObserver})
     * @return the observing gateway
     */
    public static LiveKitGateway observe(LiveKitGateway gateway, MeetKitObserver observer) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(observer, "observer");
        return (LiveKitGateway) Proxy.newProxyInstance(
                LiveKitGateway.class.getClassLoader(),
                new Class<?>[] {LiveKitGateway.class},
                new ObservedLiveKitGateway(gateway, observer));
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "Observed" + delegate;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> args != null && proxy == args[0];
                default -> method.invoke(delegate, args);
            };
        }
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            outcome = cause instanceof MeetingException me ? me.code() : "error";
            throw cause;
        } finally {
            observer.liveKitCall(method.getName(), outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
