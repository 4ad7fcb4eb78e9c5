package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryMeetingStore;
import io.meetkit.store.MeetingStore;

/** The contract on {@link InMemoryMeetingStore}. */
class InMemoryMeetingStoreTest extends MeetingStoreContract {

    @Override
    protected MeetingStore createStore() {
        return new InMemoryMeetingStore();
    }
}
