package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryRecordingStore;
import io.meetkit.store.RecordingStore;

/** The contract on {@link InMemoryRecordingStore}. */
class InMemoryRecordingStoreTest extends RecordingStoreContract {

    @Override
    protected RecordingStore createStore() {
        return new InMemoryRecordingStore();
    }
}
