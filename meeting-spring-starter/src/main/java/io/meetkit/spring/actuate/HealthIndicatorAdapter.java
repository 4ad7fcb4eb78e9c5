package io.meetkit.spring.actuate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Implements Actuator's {@code HealthIndicator} over {@link MeetKitHealth} without compiling against it: Spring
 * Boot 3.5 has it in {@code org.springframework.boot.actuate.health}, Boot 4.x in
 * {@code org.springframework.boot.health.contributor}, with the same {@code health()} and
 * {@code Health.up()/down().withDetails(map).build()} shape. One jar thus serves both lines.
 */
final class HealthIndicatorAdapter implements InvocationHandler {

    private final Supplier<MeetKitHealth> health;
    private final Method up;
    private final Method down;

    private HealthIndicatorAdapter(Class<?> healthType, Supplier<MeetKitHealth> health) throws NoSuchMethodException {
        this.health = health;
        this.up = healthType.getMethod("up");
        this.down = healthType.getMethod("down");
    }

    /** Loads {@code <pkg>.HealthIndicator}; throws {@link ClassNotFoundException} when this Boot line lacks it. */
    static Class<?> indicatorType(String pkg, ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(pkg + ".HealthIndicator", false, loader);
    }

    /** Creates a {@code <pkg>.HealthIndicator} that reports {@link MeetKitHealth#check()}. */
    static Object create(String pkg, ClassLoader loader, Supplier<MeetKitHealth> health) {
        try {
            Class<?> indicator = indicatorType(pkg, loader);
            Class<?> healthType = Class.forName(pkg + ".Health", true, loader);
            return Proxy.newProxyInstance(
                    loader, new Class<?>[] {indicator}, new HealthIndicatorAdapter(healthType, health));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Actuator's health API is not where MeetKit expects it (" + pkg + ")", e);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "health":
                if (method.getParameterCount() == 0) {
                    return health();
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "MeetKitHealthIndicator";
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "equals":
                if (method.getParameterCount() == 1) {
                    return proxy == args[0];
                }
                break;
            default:
                break;
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        throw new UnsupportedOperationException(method.toString());
    }

    private Object health() throws ReflectiveOperationException {
        MeetKitHealth.Report report =
                Objects.requireNonNull(health.get(), "health").check();
        Object builder = (report.up() ? up : down).invoke(null);
        builder = builder.getClass().getMethod("withDetails", Map.class).invoke(builder, report.details());
        return builder.getClass().getMethod("build").invoke(builder);
    }
}
