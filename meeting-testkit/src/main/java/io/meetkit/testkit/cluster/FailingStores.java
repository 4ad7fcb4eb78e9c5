package io.meetkit.testkit.cluster;

import io.meetkit.StoreException;
import io.meetkit.store.MeetKitStores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Wraps real stores so that their calls fail on cue with {@link StoreException}, as a database that drops between
 * two statements does: {@link #downAfter(int)} lets the next calls through and then fails every call until
 * {@link #up()}, {@link #failWhen(Predicate)} fails the calls a rule picks, {@link #down()} fails everything. A call
 * that fails never reaches the real store, so what the failure leaves behind is exactly what the calls before it
 * stored.
 *
 * <p>Every store of {@link MeetKitStores} is wrapped, whatever methods it has (a JDK proxy per store interface), and
 * {@link MeetKitStores#inTransaction} and {@link MeetKitStores#transactional()} pass through to the real stores.
 * Calls on the wrapped stores are counted ({@link #calls()}). Thread-safe.
 *
 * <pre>{@code
 * FailingStores failing = FailingStores.wrap(new InMemoryStores());
 * MeetKit kit = MeetKit.builder()....stores(failing.stores()).build();
 * failing.downAfter(1);          // the next call succeeds, then the store is down
 * assertThatThrownBy(() -> kit.webhooks().handle(body, auth)).isInstanceOf(StoreException.class);
 * failing.up();
 * }</pre>
 */
public final class FailingStores {

    private final MeetKitStores delegate;
    private final MeetKitStores stores;
    private final Object lock = new Object();
    private final ConcurrentHashMap<String, Object> wrapped = new ConcurrentHashMap<>();
    private final List<StoreCall> calls = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private @Nullable Predicate<StoreCall> rule;
    private int passesBeforeDown = -1; // -1: no countdown
    private boolean down;

    private FailingStores(MeetKitStores delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.stores = (MeetKitStores) Proxy.newProxyInstance(
                MeetKitStores.class.getClassLoader(), new Class<?>[] {MeetKitStores.class}, this::invokeStores);
    }

    /**
     * Wraps {@code delegate}; nothing fails until told to.
     *
     * @param delegate the real stores
     * @return the wrapper
     * @throws NullPointerException if {@code delegate} is {@code null}
     */
    public static FailingStores wrap(MeetKitStores delegate) {
        return new FailingStores(delegate);
    }

    /** The wrapped stores, to hand to {@code MeetKit.builder().stores(…)}. */
    public MeetKitStores stores() {
        return stores;
    }

    /** The real stores behind the wrapper (calls on them never fail), to check what was stored. */
    public MeetKitStores delegate() {
        return delegate;
    }

    /**
     * Lets the next {@code passes} store calls through and fails every call after them until {@link #up()}: the
     * store drops between two statements.
     *
     * @param passes how many calls still succeed, 0 or more
     * @throws IllegalArgumentException if {@code passes} is negative
     */
    public void downAfter(int passes) {
        if (passes < 0) {
            throw new IllegalArgumentException("passes must not be negative: " + passes);
        }
        synchronized (lock) {
            passesBeforeDown = passes;
            down = passes == 0;
        }
    }

    /** Fails every store call until {@link #up()}. */
    public void down() {
        downAfter(0);
    }

    /**
     * Fails each call {@code rule} picks, in addition to {@link #downAfter}; {@code null} removes the rule.
     *
     * @param rule which calls fail
     */
    public void failWhen(@Nullable Predicate<StoreCall> rule) {
        synchronized (lock) {
            this.rule = rule;
        }
    }

    /** Ends every failure: the store is reachable again and no rule applies. */
    public void up() {
        synchronized (lock) {
            down = false;
            passesBeforeDown = -1;
            rule = null;
        }
    }

    /** Whether calls fail now because the store is down. */
    public boolean isDown() {
        synchronized (lock) {
            return down;
        }
    }

    /** Every call made on the wrapped stores so far, failed ones included, in order. */
    public List<StoreCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** How many calls failed on cue so far. */
    public int failures() {
        return failures.get();
    }

    private @Nullable Object invokeStores(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args, "FailingStores[" + delegate + "]");
        }
        Object result = invoke(delegate, method, args);
        if (result != null
                && method.getParameterCount() == 0
                && method.getReturnType().isInterface()
                && method.getReturnType().getPackageName().equals(MeetKitStores.class.getPackageName())) {
            Class<?> type = method.getReturnType();
            String name = method.getName();
            Object store = result;
            return wrapped.computeIfAbsent(
                    name + "@" + System.identityHashCode(store),
                    k -> Proxy.newProxyInstance(
                            type.getClassLoader(),
                            new Class<?>[] {type},
                            (p, m, a) -> invokeStore(name, store, p, m, a)));
        }
        return result;
    }

    private @Nullable Object invokeStore(
            String name, Object store, Object proxy, Method method, Object @Nullable [] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args, "Failing[" + store + "]");
        }
        StoreCall call = new StoreCall(name, method.getName());
        boolean fail;
        synchronized (lock) {
            calls.add(call);
            if (!down && passesBeforeDown > 0) {
                passesBeforeDown--;
                if (passesBeforeDown == 0) {
                    // this call still passes; every later one fails
                    passesBeforeDown = -1;
                    down = true;
                    fail = rule != null && rule.test(call);
                    return failOrInvoke(fail, call, store, method, args);
                }
            }
            fail = down || (rule != null && rule.test(call));
        }
        return failOrInvoke(fail, call, store, method, args);
    }

    private @Nullable Object failOrInvoke(
            boolean fail, StoreCall call, Object store, Method method, Object @Nullable [] args) throws Throwable {
        if (fail) {
            failures.incrementAndGet();
            throw new StoreException("injected store failure at " + call, true, null);
        }
        return invoke(store, method, args);
    }

    private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static @Nullable Object objectMethod(Object proxy, Method method, Object @Nullable [] args, String text) {
        return switch (method.getName()) {
            case "equals" -> args != null && proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> text;
        };
    }

    @Override
    public String toString() {
        return "FailingStores{down=" + isDown() + ", failures=" + failures() + "}";
    }
}
