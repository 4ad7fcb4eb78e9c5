package io.meetkit.testkit.cluster;

import java.util.Objects;

/**
 * One call MeetKit made on a store wrapped by {@link FailingStores}: which store (the {@code MeetKitStores} accessor's
 * name, such as {@code "meetings"} or {@code "webhookEvents"}) and which method.
 *
 * @param store the store's accessor name on {@code MeetKitStores}
 * @param method the method called
 */
public record StoreCall(String store, String method) {

    /**
     * Creates the record.
     *
     * @throws NullPointerException if either part is {@code null}
     */
    public StoreCall {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(method, "method");
    }

    /** Whether this is {@code store.method}, for example {@code is("meetings", "update")}. */
    public boolean is(String store, String method) {
        return this.store.equals(store) && this.method.equals(method);
    }

    @Override
    public String toString() {
        return store + "." + method;
    }
}
