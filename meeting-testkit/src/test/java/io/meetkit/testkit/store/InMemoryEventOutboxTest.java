package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;

/** The contract on {@link io.meetkit.store.InMemoryEventOutbox}, in {@link InMemoryStores}. */
class InMemoryEventOutboxTest extends EventOutboxContract {

    @Override
    protected MeetKitStores createStores() {
        return new InMemoryStores();
    }
}
