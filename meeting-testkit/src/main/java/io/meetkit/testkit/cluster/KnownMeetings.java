package io.meetkit.testkit.cluster;

import io.meetkit.meeting.Meeting;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.MeetingStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Remembers every meeting any instance inserted into the store, so that the cluster can tell what a deleted meeting
 * may have left behind: wraps a {@link MeetKitStores} so that a successful {@code meetings().insert(meeting)} is
 * recorded; every other call passes through unchanged. Thread-safe.
 */
final class KnownMeetings {

    private final Map<UUID, Meeting> inserted = new LinkedHashMap<>();

    /** The meetings inserted so far, oldest first (as inserted: the room name never changes). */
    synchronized List<Meeting> all() {
        return new ArrayList<>(inserted.values());
    }

    private synchronized void add(Meeting m) {
        inserted.putIfAbsent(m.id(), m);
    }

    MeetKitStores track(MeetKitStores real) {
        MeetingStore meetings = (MeetingStore) Proxy.newProxyInstance(
                MeetingStore.class.getClassLoader(), new Class<?>[] {MeetingStore.class}, (p, m, a) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return objectMethod(p, m, a, "Tracking[" + real.meetings() + "]");
                    }
                    Object result = invoke(real.meetings(), m, a);
                    if (m.getName().equals("insert") && a != null && a.length == 1 && a[0] instanceof Meeting meeting) {
                        add(meeting);
                    }
                    return result;
                });
        return (MeetKitStores) Proxy.newProxyInstance(
                MeetKitStores.class.getClassLoader(), new Class<?>[] {MeetKitStores.class}, (p, m, a) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return objectMethod(p, m, a, "Tracking[" + real + "]");
                    }
                    if (m.getName().equals("meetings") && m.getParameterCount() == 0) {
                        return meetings;
                    }
                    return invoke(real, m, a);
                });
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
}
