package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryParticipantNameStore;
import io.meetkit.store.ParticipantNameStore;

/** The contract on {@link InMemoryParticipantNameStore}. */
class InMemoryParticipantNameStoreTest extends ParticipantNameStoreContract {

    @Override
    protected ParticipantNameStore createStore() {
        return new InMemoryParticipantNameStore();
    }
}
